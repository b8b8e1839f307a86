import type { FastifyPluginAsync } from 'fastify';
import { MERGE_FIELDS } from '../../../domain/letters/merge.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm } from '../../forms.ts';
import { letterTemplateForm } from './letters.schema.ts';
import type { SavedRoute } from '../../http/route-types.ts';

/** A letter template's page: its key in the address. */
interface LetterRoute {
  Params: { key: string };
}

export const letterTemplateRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const fields = Object.entries(MERGE_FIELDS).map(([name, meaning]) => ({ name, meaning }));
  app.get<SavedRoute>('/letters', async (request, reply) => {
    const flash = request.query.done ? 'Saved' : undefined;
    return reply.page('admin/letters.njk', {
      title: 'Letter templates',
      templates: await svc.letters.templates(),
      flash,
    });
  });
  app.get<LetterRoute>('/letters/:key', async (request, reply) => {
    const t = await svc.letters.template(request.params.key);
    return reply.page('admin/letter.njk', { title: `Change: ${t.name}`, t, values: t, fields });
  });
  app.post<LetterRoute>('/letters/:key', async (request, reply) => {
    const t = await svc.letters.template(request.params.key);
    const form = parseForm(letterTemplateForm, request.body);
    const errors = await submitForm(form, (change) => svc.letters.updateTemplate(request.actor, t.key, change), 'body');
    if (errors.length === 0) return reply.redirect('/admin/letters?done=1');
    return reply.page(
      'admin/letter.njk',
      { title: `Change: ${t.name}`, t, values: form.values, fields, errors: errorView(errors) },
      400,
    );
  });
};
