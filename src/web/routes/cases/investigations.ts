import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  isOneOf,
  OUTCOME_LABELS,
  OUTCOMES,
  STAGE_KINDS,
  STAGE_LABELS,
  type Outcome,
  type StageKind,
} from '../../../domain/cases/vocabulary.ts';
import type { HeadInput } from '../../../services/casework/investigations.ts';
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

/** Investigations: who looks into the complaint at a stage, what they found, and each head of complaint. */
export function investigationRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;
  type InvestigationRoute = { Params: CaseParams & { id: string } };

  async function renderInvestigation(
    reply: FastifyReply,
    c: LoadedCase,
    investigationId: string | null,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const o = await cw.options();
    const inv = investigationId
      ? c.record.stages
          .flatMap((s) => s.investigations.map((i) => ({ ...i, stageKind: s.kind })))
          .find((i) => i.id === investigationId)
      : null;
    const heads = inv
      ? [
          ...inv.heads.map((h) => ({ summary: h.summary, finding: h.finding ?? '', outcome: h.outcome ?? '' })),
          { summary: '', finding: '', outcome: '' },
          { summary: '', finding: '', outcome: '' },
        ]
      : [];
    return reply.page(
      'cases/forms/investigation.njk',
      {
        title: inv ? `Investigation: ${inv.teamName}` : `Add an investigation to ${c.reference}`,
        record: c.record,
        inv,
        stageKinds: c.record.stages
          .filter((s) => s.kind !== 'lgsco')
          .map((s) => ({ value: s.kind, text: STAGE_LABELS[s.kind], selected: s.kind === values.stage })),
        teamItems: selectItems(o.teams, values.teamId, 'Choose a team'),
        staffItems: selectItems(o.staff, values.investigatorId, 'Someone outside Heard (give their name)'),
        outcomeItems: [
          { value: '', text: 'No outcome yet' },
          ...OUTCOMES.map((k) => ({ value: k, text: OUTCOME_LABELS[k], selected: k === values.outcome })),
        ],
        heads,
        headOutcomeItems: (selected: string) => [
          { value: '', text: 'No finding yet' },
          ...OUTCOMES.map((k) => ({ value: k, text: OUTCOME_LABELS[k], selected: k === selected })),
        ],
        values,
        errors: errorView(errors),
      },
      status,
    );
  }

  async function showNewInvestigation(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const stage = (request.query as { stage?: string }).stage ?? 'stage1';
    return renderInvestigation(reply, c, null, { stage, startedOn: isoToParts(null) });
  }

  async function addInvestigation(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = readDates(b, ['startedOn']);
    const stage = isOneOf(STAGE_KINDS, b.stage) ? (b.stage as StageKind) : 'stage1';
    return cw.attempt(
      reply,
      `/cases/${c.reference}?done=1`,
      dateErrors(d),
      () =>
        svc.casework.addInvestigation(request.actor, c.id, stage, {
          teamId: b.teamId ?? '',
          investigatorId: b.investigatorId || null,
          investigatorName: b.investigatorName || null,
          startedOn: d.startedOn!.value,
        }),
      (e) => renderInvestigation(reply, c, null, { ...b, ...dateParts(d) }, e, 400),
    );
  }

  async function showInvestigation(request: FastifyRequest<InvestigationRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params;
    const inv = c.record.stages.flatMap((s) => s.investigations).find((i) => i.id === id);
    if (!inv) return reply.page('errors/not-found.njk', {}, 404);
    return renderInvestigation(reply, c, id, {
      teamId: inv.teamId,
      investigatorId: inv.investigatorId,
      investigatorName: inv.investigatorName,
      startedOn: isoToParts(inv.startedOn),
      respondedOn: isoToParts(inv.respondedOn),
      outcome: inv.outcome,
      summary: inv.summary,
    });
  }

  async function updateInvestigation(request: FastifyRequest<InvestigationRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params;
    const b = request.body as Body;
    const d = readDates(b, ['startedOn', 'respondedOn']);
    return cw.attempt(
      reply,
      `/cases/${c.reference}?done=1`,
      dateErrors(d),
      () =>
        svc.casework.updateInvestigation(request.actor, c.id, id, {
          teamId: b.teamId ?? '',
          investigatorId: b.investigatorId || null,
          investigatorName: b.investigatorName || null,
          startedOn: d.startedOn!.value,
          respondedOn: d.respondedOn!.value,
          outcome: isOneOf(OUTCOMES, b.outcome) ? (b.outcome as Outcome) : null,
          summary: b.summary || null,
        }),
      (e) => renderInvestigation(reply, c, id, { ...b, ...dateParts(d) }, e, 400),
    );
  }

  async function setHeadsOfComplaint(request: FastifyRequest<InvestigationRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params;
    const b = request.body as Body;
    const heads: HeadInput[] = [];
    for (let i = 1; i <= 50; i++) {
      if (b[`head-${i}-summary`] === undefined) break;
      if (!b[`head-${i}-summary`]!.trim() && !b[`head-${i}-finding`]?.trim() && !b[`head-${i}-outcome`]) continue;
      heads.push({
        summary: b[`head-${i}-summary`]!,
        finding: b[`head-${i}-finding`] ?? null,
        outcome: isOneOf(OUTCOMES, b[`head-${i}-outcome`]) ? (b[`head-${i}-outcome`] as Outcome) : null,
      });
    }
    return cw.attempt(
      reply,
      `/cases/${c.reference}/investigations/${id}?done=1`,
      [],
      () => svc.casework.setHeads(request.actor, c.id, id, heads),
      async (e) => {
        const inv = c.record.stages.flatMap((s) => s.investigations).find((i) => i.id === id)!;
        return renderInvestigation(
          reply,
          c,
          id,
          {
            teamId: inv.teamId,
            investigatorId: inv.investigatorId,
            startedOn: isoToParts(inv.startedOn),
            respondedOn: isoToParts(inv.respondedOn),
            outcome: inv.outcome,
          },
          e,
          400,
        );
      },
    );
  }

  app.get('/cases/:reference/investigations/new', cw.write, showNewInvestigation);
  app.post('/cases/:reference/investigations/new', cw.write, addInvestigation);
  app.get<InvestigationRoute>('/cases/:reference/investigations/:id', cw.write, showInvestigation);
  app.post<InvestigationRoute>('/cases/:reference/investigations/:id', cw.write, updateInvestigation);
  app.post<InvestigationRoute>('/cases/:reference/investigations/:id/heads', cw.write, setHeadsOfComplaint);
}
