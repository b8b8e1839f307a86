import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../../services/errors.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { parseForm } from '../../forms.ts';
import { CASE_LIST_PATH, readsCases } from './case-list-page.ts';
import {
  canonicalQuery,
  deleteFilterForm,
  readCaseListQuery,
  readCaseListQueryString,
  saveFilterForm,
} from './home.schema.ts';

/**
 * Saved filters: a person names the case list's filters and order to open
 * again later. Each person sees only their own (the service narrows every
 * query to them). Under /saved-filters, not /cases: saving a filter changes
 * no case, so a senior manager (who changes no case) may save one too.
 */
export function savedFilterRoutes(app: FastifyInstance, svc: Services): void {
  const guard = { preHandler: readsCases() };

  async function renderNew(reply: FastifyReply, query: string, name: string, errors: FieldError[] = [], status = 200) {
    return reply.page(
      'home/saved-filter-new.njk',
      {
        title: 'Save these filters',
        name,
        query,
        backHref: query ? `${CASE_LIST_PATH}?${query}` : CASE_LIST_PATH,
        errors: errorView(errors),
      },
      status,
    );
  }

  app.get('/saved-filters', guard, async (request, reply) => {
    const saved = await svc.savedFilters.list(request.actor);
    const flash = (request.query as Record<string, unknown>).deleted ? 'Saved filter deleted' : undefined;
    return reply.page('home/saved-filters.njk', {
      title: 'Saved filters',
      saved: saved.map((f) => ({ ...f, href: `${CASE_LIST_PATH}?${f.query}` })),
      flash,
    });
  });

  app.get('/saved-filters/new', guard, async (request, reply) =>
    // The list's own query, read and written again: only filters the list accepts are kept.
    renderNew(reply, canonicalQuery(readCaseListQuery(request.query)), ''),
  );

  app.post('/saved-filters/new', guard, async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseForm(saveFilterForm, request.body);
    const query = form.ok ? canonicalQuery(readCaseListQueryString(form.data.query)) : '';
    const name = form.ok ? form.data.name : '';
    try {
      await svc.savedFilters.save(request.actor, { name, query });
    } catch (err) {
      return renderNew(reply, query, name, fieldErrorsFrom(err, 'name'), 400);
    }
    return reply.redirect(query ? `${CASE_LIST_PATH}?${query}&saved=1` : `${CASE_LIST_PATH}?saved=1`);
  });

  app.post('/saved-filters/delete', guard, async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseForm(deleteFilterForm, request.body);
    try {
      await svc.savedFilters.remove(request.actor, form.ok ? form.data.id : '');
    } catch (err) {
      // Another person's filter, or one already gone (deleted in another tab): nothing of theirs
      // to delete, so back to their own list, which shows what there is. The same answer for both,
      // so it says nothing about anyone else's filters.
      if (err instanceof NotFoundError) return reply.redirect('/saved-filters');
      throw err;
    }
    return reply.redirect('/saved-filters?deleted=1');
  });
}
