import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../services/index.ts';
import { DomainError } from '../../../services/errors.ts';
import { errorView, type FieldError } from '../../form-errors.ts';
import { parseForm, submitForm, text, type FormValues } from '../../forms.ts';
import { dateTime } from '../../format.ts';

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
      personHolds: (await svc.retention.holdsFor()).map((h) => ({ ...h, setAt: dateTime(h.setAt) })),
      errors: errors.length ? errorView(errors) : undefined,
      flash,
    };
  }
  app.get<{ Querystring: { q?: string; done?: string } }>('/rights-requests', async (request, reply) => {
    const done = request.query.done;
    const flash =
      done === 'done'
        ? 'Request recorded.'
        : done === 'hold'
          ? 'Legal hold set: none of their cases will be disposed of or erased until it is lifted.'
          : done === 'lifted'
            ? 'Legal hold lifted.'
            : undefined;
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
  // Legal holds on a person: every case they are on is kept until the hold is lifted.
  const holdForm = z.object({ q: text(), personId: text(), holdReason: text() });
  app.post('/person-holds', async (request, reply) => {
    const form = parseForm(holdForm, request.body);
    const errors = await submitForm(
      form,
      async (v) => {
        if (!/^[0-9a-f-]{36}$/i.test(v.personId))
          throw new DomainError('RIGHTS.PERSON', 'Choose the person to hold', 'personId');
        await svc.retention.setHold(request.actor, { personId: v.personId }, { reason: v.holdReason });
      },
      'holdReason',
    );
    if (errors.length === 0) return reply.redirect('/admin/rights-requests?done=hold', 303);
    const shown = errors.map((e) => (e.field === 'reason' ? { ...e, field: 'holdReason' } : e));
    return reply.page('admin/rights-requests.njk', await model(form.values, shown), 400);
  });
  const liftForm = z.object({ holdId: text(), liftReason: text() });
  app.post('/person-holds/lift', async (request, reply) => {
    const form = parseForm(liftForm, request.body);
    const holds = await svc.retention.holdsFor();
    const errors = await submitForm(
      form,
      async (v) => {
        if (!holds.some((h) => h.id === v.holdId))
          throw new DomainError('RETENTION.NO_HOLD', 'There is no such legal hold: reload the page', 'liftReason');
        await svc.retention.liftHold(request.actor, v.holdId, { reason: v.liftReason });
      },
      'liftReason',
    );
    if (errors.length === 0) return reply.redirect('/admin/rights-requests?done=lifted', 303);
    const shown = errors.map((e) => (e.field === 'reason' ? { ...e, field: 'liftReason' } : e));
    return reply.page('admin/rights-requests.njk', await model(form.values, shown), 400);
  });
};
