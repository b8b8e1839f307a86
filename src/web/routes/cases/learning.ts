import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import { dateInput, parseForm, text, textOrNull } from '../../forms.ts';
import {
  selectItems,
  type CaseRoute,
  type CaseParams,
  type CaseworkSupport,
  type LoadedCase,
} from './casework-support.ts';

export const learningPointForm = z.object({
  learningTypeId: text(),
  text: text(),
});

export const actionForm = z
  .object({
    dueOn: dateInput(),
    actionTypeId: text(),
    actionText: text(),
    learningPointId: textOrNull(),
    ownerId: textOrNull(),
    ownerName: textOrNull(),
  })
  .transform(({ actionText, ...action }) => ({ ...action, text: actionText }));

/** Each open action on the page has its own date input, named for the action. */
export const actionCompletedForm = (actionId: string) =>
  z
    .object({ [`completedOn-${actionId}`]: dateInput() })
    .transform((b) => ({ completedOn: b[`completedOn-${actionId}`] ?? null }));

/** Learning and actions: what the service learnt from the case, and what it will do about it. */
export function learningRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;
  interface ActionRoute {
    Params: CaseParams & { id: string };
  }

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

  async function showLearning(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const refused = cw.notNow(reply, c, request.actor, ['record_learning']);
    if (refused) return refused;
    return renderLearning(reply, c, { dueOn: isoToParts(null), completedOn: isoToParts(null) });
  }

  async function addLearningPoint(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(learningPointForm, request.body);
    return cw.attempt(
      reply,
      `/cases/${c.reference}/learning`,
      form,
      (point) => svc.casework.addLearning(request.actor, c.id, point),
      (e) => renderLearning(reply, c, { ...form.values, dueOn: isoToParts(null) }, e, 400),
    );
  }

  async function addAction(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(actionForm, request.body);
    return cw.attempt(
      reply,
      `/cases/${c.reference}/learning`,
      form,
      (action) => svc.casework.addAction(request.actor, c.id, action),
      (e) => renderLearning(reply, c, form.values, e, 400),
    );
  }

  async function completeAction(request: FastifyRequest<ActionRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params;
    const form = parseForm(actionCompletedForm(id), request.body);
    return cw.attempt(
      reply,
      `/cases/${c.reference}/learning`,
      form,
      (completion) => svc.casework.completeAction(request.actor, c.id, id, completion),
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

  app.get<CaseRoute>('/cases/:reference/learning', cw.write, showLearning);
  app.post<CaseRoute>('/cases/:reference/learning', cw.write, addLearningPoint);
  app.post<CaseRoute>('/cases/:reference/actions', cw.write, addAction);
  app.post<ActionRoute>('/cases/:reference/actions/:id/complete', cw.write, completeAction);
}
