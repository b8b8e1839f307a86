import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { nextStages } from '../../../domain/procedures/flow.ts';
import { maybeProcedure } from '../../../domain/procedures/registry.ts';
import { STAGE_KINDS, STAGE_LABELS } from '../../../domain/cases/vocabulary.ts';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import { choice, dateInput, parseForm, textOrNull } from '../../forms.ts';
import type { CaseRoute, CaseworkSupport, LoadedCase } from './casework-support.ts';
import { doneHref } from './done-messages.ts';

export const escalationForm = z.object({
  requestedOn: dateInput(),
  to: choice(STAGE_KINDS, 'Choose the stage'),
  lateReason: textOrNull(),
  lgscoReference: textOrNull(),
});

/** Escalation: the case moves on to a next stage of its procedure. */
export function escalationRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;

  async function renderEscalate(
    reply: FastifyReply,
    c: LoadedCase,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const next = nextStages(
      maybeProcedure(c.record.case.procedure),
      c.record.stages.map((s) => s.kind),
    );
    return reply.page(
      'cases/forms/escalate.njk',
      {
        title: `Escalate ${c.reference}`,
        record: c.record,
        next,
        toItems: next.map((k) => ({ value: k, text: STAGE_LABELS[k], checked: k === values.to })),
        values,
        errors: errorView(errors),
      },
      status,
    );
  }

  async function showEscalation(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const refused = cw.notNow(reply, c, request.actor, ['escalate']);
    if (refused) return refused;
    return renderEscalate(reply, c, { requestedOn: isoToParts(null) });
  }

  async function escalate(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(escalationForm, request.body);
    return cw.attempt(
      reply,
      doneHref(`/cases/${c.reference}`, 'escalation'),
      form,
      (escalation) => svc.casework.escalate(request.actor, c.id, escalation),
      (e) => renderEscalate(reply, c, form.values, e, 400),
    );
  }

  app.get<CaseRoute>('/cases/:reference/escalate', cw.write, showEscalation);
  app.post<CaseRoute>('/cases/:reference/escalate', cw.write, escalate);
}
