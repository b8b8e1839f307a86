import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { nextStages } from '../../../domain/cases/stage-rules.ts';
import { isOneOf, STAGE_KINDS, STAGE_LABELS, type StageKind } from '../../../domain/cases/vocabulary.ts';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import { dateErrors, dateParts, readDates, type CaseworkSupport, type LoadedCase } from './casework-support.ts';

type Body = Record<string, string>;

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
      c.record.case.procedure,
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

  async function showEscalation(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    return renderEscalate(reply, c, { requestedOn: isoToParts(null) });
  }

  async function escalate(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = readDates(b, ['requestedOn']);
    const errors = dateErrors(d);
    if (!isOneOf(STAGE_KINDS, b.to)) errors.push({ field: 'to', message: 'Choose the stage' });
    return cw.attempt(
      reply,
      `/cases/${c.reference}?done=1`,
      errors,
      () =>
        svc.casework.escalate(request.actor, c.id, {
          to: b.to as StageKind,
          requestedOn: d.requestedOn!.value,
          lateReason: b.lateReason || null,
          lgscoReference: b.lgscoReference || null,
        }),
      (e) => renderEscalate(reply, c, { ...b, ...dateParts(d) }, e, 400),
    );
  }

  app.get('/cases/:reference/escalate', cw.write, showEscalation);
  app.post('/cases/:reference/escalate', cw.write, escalate);
}
