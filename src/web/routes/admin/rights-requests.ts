import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../services/index.ts';
import { DomainError } from '../../../services/errors.ts';
import { errorView, type FieldError } from '../../form-errors.ts';
import { parseForm, submitForm, text, type FormValues } from '../../forms.ts';

const rightsForm = z.object({
  q: text(),
  personId: text(),
  kind: text(),
  receivedOn: text(),
  request: text(),
  action: text(),
});

/**
 * Administration → Rectification and erasure: find the person, record what
 * they asked, when, and what was done. An erasure is carried out as it is
 * recorded (the retention anonymisation), or refused while a legal hold stands.
 */
export const rightsRequestRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  async function model(values: FormValues, errors: FieldError[] = [], flash?: string) {
    const q = typeof values.q === 'string' ? values.q.slice(0, 200) : '';
    return {
      title: 'Rectification and erasure',
      values,
      q,
      found: q ? await svc.subjectAccess.search(q) : null,
      requests: await svc.retention.rightsRequests(),
      errors: errors.length ? errorView(errors) : undefined,
      flash,
    };
  }
  app.get<{ Querystring: { q?: string; done?: string } }>('/rights-requests', async (request, reply) => {
    const done = request.query.done;
    const flash = done === 'done' ? 'Request recorded.' : undefined;
    return reply.page('admin/rights-requests.njk', await model({ q: request.query.q ?? '' }, [], flash));
  });
  app.post('/rights-requests', async (request, reply) => {
    const form = parseForm(rightsForm, request.body);
    let refusal: string | undefined;
    const errors = await submitForm(
      form,
      async (v) => {
        if (!/^[0-9a-f-]{36}$/i.test(v.personId))
          throw new DomainError('RIGHTS.PERSON', 'Choose the person the request is from', 'personId');
        const result = await svc.retention.recordRightsRequest(request.actor, v.personId, v);
        if (result.outcome === 'refused') refusal = result.message;
      },
      'kind',
    );
    if (errors.length === 0 && !refusal) return reply.redirect('/admin/rights-requests?done=done', 303);
    const shown = refusal ? [{ field: 'kind', message: `Recorded as refused. ${refusal}` }] : errors;
    return reply.page('admin/rights-requests.njk', await model(form.values, shown), refusal ? 200 : 400);
  });
};
