import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import {
  dateErrors,
  dateParts,
  readDates,
  selectItems,
  type CaseParams,
  type CaseworkSupport,
  type LoadedCase,
} from './casework-support.ts';

type Body = Record<string, string>;

/** Learning and actions: what the service learnt from the case, and what it will do about it. */
export function learningRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;
  type ActionRoute = { Params: CaseParams & { id: string } };

  async function renderLearning(
    reply: FastifyReply,
    c: LoadedCase,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const [learningTypes, actionTypes, o] = await Promise.all([
      svc.referenceData.list('learning_type'),
      svc.referenceData.list('action_type'),
      cw.options(),
    ]);
    return reply.page(
      'cases/forms/learning.njk',
      {
        title: `Learning and actions: ${c.reference}`,
        record: c.record,
        learningItems: selectItems(
          learningTypes.map((t) => ({ value: t.id, text: t.label })),
          values.learningTypeId,
          'Choose a kind',
        ),
        actionItems: selectItems(
          actionTypes.map((t) => ({ value: t.id, text: t.label })),
          values.actionTypeId,
          'Choose a kind',
        ),
        pointItems: selectItems(
          c.record.learning.map((l) => ({ value: l.id, text: `${l.type}: ${l.text.slice(0, 60)}` })),
          values.learningPointId,
          'Not tied to one learning point',
        ),
        ownerItems: selectItems(o.staff, values.ownerId, 'Someone outside Heard (give their name)'),
        values,
        errors: errorView(errors),
      },
      status,
    );
  }

  async function showLearning(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    return renderLearning(reply, c, { dueOn: isoToParts(null), completedOn: isoToParts(null) });
  }

  async function addLearningPoint(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    return cw.attempt(
      reply,
      `/cases/${c.reference}/learning`,
      [],
      () =>
        svc.casework.addLearning(request.actor, c.id, { learningTypeId: b.learningTypeId ?? '', text: b.text ?? '' }),
      (e) => renderLearning(reply, c, { ...b, dueOn: isoToParts(null) }, e, 400),
    );
  }

  async function addAction(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = readDates(b, ['dueOn']);
    return cw.attempt(
      reply,
      `/cases/${c.reference}/learning`,
      dateErrors(d),
      () =>
        svc.casework.addAction(request.actor, c.id, {
          actionTypeId: b.actionTypeId ?? '',
          text: b.actionText ?? '',
          learningPointId: b.learningPointId || null,
          ownerId: b.ownerId || null,
          ownerName: b.ownerName || null,
          dueOn: d.dueOn!.value,
        }),
      (e) => renderLearning(reply, c, { ...b, ...dateParts(d) }, e, 400),
    );
  }

  async function completeAction(request: FastifyRequest<ActionRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params;
    const b = request.body as Body;
    const d = readDates(b, [`completedOn-${id}`]);
    return cw.attempt(
      reply,
      `/cases/${c.reference}/learning`,
      dateErrors(d),
      () => svc.casework.completeAction(request.actor, c.id, id, { completedOn: d[`completedOn-${id}`]!.value }),
      (e) =>
        renderLearning(
          reply,
          c,
          { dueOn: isoToParts(null) },
          e.map((x) => ({ ...x, field: x.field === 'completedOn' ? `completedOn-${id}` : x.field })),
          400,
        ),
    );
  }

  app.get('/cases/:reference/learning', cw.write, showLearning);
  app.post('/cases/:reference/learning', cw.write, addLearningPoint);
  app.post('/cases/:reference/actions', cw.write, addAction);
  app.post<ActionRoute>('/cases/:reference/actions/:id/complete', cw.write, completeAction);
}
