import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ROLE_LABELS } from '../../../domain/access/roles.ts';
import { nextStages } from '../../../domain/procedures/flow.ts';
import { maybeProcedure } from '../../../domain/procedures/registry.ts';
import {
  CASE_LINK_KINDS,
  isOneOf,
  LGSCO_DECISION_LABELS,
  LGSCO_DECISIONS,
  OUTCOME_LABELS,
  OUTCOMES,
  STAGE_KINDS,
  STAGE_LABELS,
  STAGE_ROLE_LABELS,
  STAGE_ROLES,
  type CaseLinkKind,
  type LgscoDecision,
  type Outcome,
  type StageKind,
  type StageRole,
} from '../../../domain/cases/vocabulary.ts';
import { parsePounds } from '../../../domain/import/values.ts';
import { ValidationError } from '../../../services/errors.ts';
import type { Services } from '../../../services/index.ts';
import type { HeadInput } from '../../../services/casework/investigations.ts';
import { londonDate } from '../../../domain/calendar/iso-date.ts';
import { dateFromParts, errorView, fieldErrorsFrom, isoToParts, type FieldError } from '../../form-errors.ts';
import { requirePermission } from '../../middleware/auth.ts';

type Body = Record<string, string>;

/**
 * The casework pages: each records one thing about a complaint and comes back
 * to the case. A refused change shows the GOV.UK error summary with what was
 * typed; the services decide what is allowed.
 */
export const caseworkRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const write = { preHandler: requirePermission('cases.write.all', 'cases.write.allocated') };

  async function load(request: FastifyRequest) {
    const { reference } = request.params as { reference: string };
    const id = await svc.cases.idForReference(reference);
    if (!id) return null;
    const record = await svc.cases.record(request.actor, id);
    // The case's own reference from here on, however the address spelt it.
    return { id, reference: record.case.reference, record };
  }

  async function options() {
    const [teams, staff] = await Promise.all([svc.organisation.teams(), svc.users.list()]);
    return {
      teams: teams.map((t) => ({ value: t.id, text: t.name })),
      staff: staff
        .filter((u) => u.active && u.role !== 'report_viewer')
        .map((u) => ({ value: u.id, text: `${u.displayName} (${ROLE_LABELS[u.role].toLowerCase()})` })),
    };
  }

  const select = (items: { value: string; text: string }[], selected: unknown, blank: string) => [
    { value: '', text: blank },
    ...items.map((i) => ({ ...i, selected: i.value === selected })),
  ];
  const dates = (body: Body, names: string[]) => {
    const out: Record<string, ReturnType<typeof dateFromParts>> = {};
    for (const n of names) out[n] = dateFromParts(body, n);
    return out;
  };
  const dateErrors = (d: Record<string, ReturnType<typeof dateFromParts>>): FieldError[] =>
    Object.entries(d).flatMap(([field, v]) => (v.error ? [{ field, message: v.error }] : []));
  const parts = (d: Record<string, ReturnType<typeof dateFromParts>>) =>
    Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.parts]));
  const pence = (raw: string | undefined, field: string, errors: FieldError[]) => {
    const p = parsePounds(raw ?? '');
    if (!p.ok) errors.push({ field, message: p.message });
    return p.ok ? p.value : null;
  };
  const pounds = (p: number | null | undefined) => (p === null || p === undefined ? '' : (p / 100).toFixed(2));

  /** Runs a change; on a refusal, renders the page again with the errors and what was typed. */
  async function attempt(
    reply: FastifyReply,
    redirect: string,
    errors: FieldError[],
    run: () => Promise<unknown>,
    again: (errors: FieldError[]) => Promise<unknown>,
  ) {
    if (errors.length === 0) {
      try {
        await run();
        return reply.redirect(redirect);
      } catch (err) {
        errors = fieldErrorsFrom(err, 'form');
      }
    }
    return again(errors);
  }

  // Allocation
  app.get('/cases/:reference/allocate', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    return renderAllocate(request, reply, c, {
      teamId: c.record.case.teamId,
      investigatingManagerId: c.record.case.investigatingManagerId,
    });
  });
  async function renderAllocate(
    request: FastifyRequest,
    reply: FastifyReply,
    c: NonNullable<Awaited<ReturnType<typeof load>>>,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const o = await options();
    return reply.page(
      'cases/forms/allocate.njk',
      {
        title: `Allocate ${c.reference}`,
        record: c.record,
        teamItems: select(o.teams, values.teamId, 'No team'),
        managerItems: select(o.staff, values.investigatingManagerId, 'No one yet'),
        version: c.record.case.version,
        errors: errorView(errors),
      },
      status,
    );
  }
  app.post('/cases/:reference/allocate', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    return attempt(
      reply,
      `/cases/${c.reference}?done=1`,
      [],
      () =>
        svc.cases.allocate(request.actor, c.id, {
          teamId: b.teamId || null,
          investigatingManagerId: b.investigatingManagerId || null,
          expectedVersion: Number(b.version) || undefined,
        }),
      (e) => renderAllocate(request, reply, c, b, e, 400),
    );
  });

  // Investigations
  app.get('/cases/:reference/investigations/new', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const stage = (request.query as { stage?: string }).stage ?? 'stage1';
    return renderInvestigation(request, reply, c, null, { stage, startedOn: isoToParts(null) });
  });
  async function renderInvestigation(
    request: FastifyRequest,
    reply: FastifyReply,
    c: NonNullable<Awaited<ReturnType<typeof load>>>,
    investigationId: string | null,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const o = await options();
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
        teamItems: select(o.teams, values.teamId, 'Choose a team'),
        staffItems: select(o.staff, values.investigatorId, 'Someone outside Heard (give their name)'),
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
  app.post('/cases/:reference/investigations/new', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = dates(b, ['startedOn']);
    const stage = isOneOf(STAGE_KINDS, b.stage) ? (b.stage as StageKind) : 'stage1';
    return attempt(
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
      (e) => renderInvestigation(request, reply, c, null, { ...b, ...parts(d) }, e, 400),
    );
  });
  app.get('/cases/:reference/investigations/:id', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params as { id: string };
    const inv = c.record.stages.flatMap((s) => s.investigations).find((i) => i.id === id);
    if (!inv) return reply.page('errors/not-found.njk', {}, 404);
    return renderInvestigation(request, reply, c, id, {
      teamId: inv.teamId,
      investigatorId: inv.investigatorId,
      investigatorName: inv.investigatorName,
      startedOn: isoToParts(inv.startedOn),
      respondedOn: isoToParts(inv.respondedOn),
      outcome: inv.outcome,
      summary: inv.summary,
    });
  });
  app.post('/cases/:reference/investigations/:id', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params as { id: string };
    const b = request.body as Body;
    const d = dates(b, ['startedOn', 'respondedOn']);
    return attempt(
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
      (e) => renderInvestigation(request, reply, c, id, { ...b, ...parts(d) }, e, 400),
    );
  });
  app.post('/cases/:reference/investigations/:id/heads', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params as { id: string };
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
    return attempt(
      reply,
      `/cases/${c.reference}/investigations/${id}?done=1`,
      [],
      () => svc.casework.setHeads(request.actor, c.id, id, heads),
      async (e) => {
        const inv = c.record.stages.flatMap((s) => s.investigations).find((i) => i.id === id)!;
        return renderInvestigation(
          request,
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
  });

  // Stages: dates, outcome, costs, the Ombudsman's decision; people; remedies
  async function renderStage(
    request: FastifyRequest,
    reply: FastifyReply,
    c: NonNullable<Awaited<ReturnType<typeof load>>>,
    kind: StageKind,
    values: Record<string, unknown> | null,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const stage = c.record.stages.find((s) => s.kind === kind);
    if (!stage) return reply.page('errors/not-found.njk', {}, 404);
    const o = await options();
    const remedyTypes = await svc.referenceData.list('remedy_type');
    const v = values ?? {
      ...Object.fromEntries(
        [
          'requestedOn',
          'startedOn',
          'statementAgreedOn',
          'reportsReceivedOn',
          'adjudicatedOn',
          'panelHeldOn',
          'chairReportReceivedOn',
          'authorityRespondedOn',
          'respondedOn',
          'lgscoEnquiryReceivedOn',
          'lgscoEnquiryRespondedOn',
          'lgscoDecisionOn',
        ].map((f) => [f, isoToParts((stage as Record<string, unknown>)[f] as string | null)]),
      ),
      outcome: stage.outcomeOverrideReason ? stage.outcome : '',
      outcomeOverrideReason: stage.outcomeOverrideReason ?? '',
      investigatorCost: pounds(stage.investigatorCostPence),
      independentPersonCost: pounds(stage.independentPersonCostPence),
      panelCost: pounds(stage.panelCostPence),
      otherCost: pounds(stage.otherCostPence),
      panelRecommendations: stage.panelRecommendations ?? '',
      lgscoReference: stage.lgscoReference ?? '',
      lgscoDecision: stage.lgscoDecision ?? '',
      lgscoFaultFound: stage.lgscoFaultFound === null ? '' : stage.lgscoFaultFound ? 'yes' : 'no',
      lgscoInjusticeFound: stage.lgscoInjusticeFound === null ? '' : stage.lgscoInjusticeFound ? 'yes' : 'no',
    };
    return reply.page(
      'cases/forms/stage.njk',
      {
        title: `${STAGE_LABELS[kind]}: ${c.reference}`,
        record: c.record,
        stage,
        kind,
        values: v,
        outcomeItems: [
          { value: '', text: 'From the investigations' },
          ...OUTCOMES.map((k) => ({ value: k, text: OUTCOME_LABELS[k], selected: k === v.outcome })),
        ],
        decisionItems: [
          { value: '', text: 'Not decided yet' },
          ...LGSCO_DECISIONS.map((k) => ({
            value: k,
            text: LGSCO_DECISION_LABELS[k],
            selected: k === v.lgscoDecision,
          })),
        ],
        roleItems: STAGE_ROLES.map((r) => ({ value: r, text: STAGE_ROLE_LABELS[r], selected: r === v.role })),
        staffItems: select(o.staff, v.userId, 'Someone outside Heard (give their name)'),
        remedyItems: select(
          remedyTypes.map((r) => ({ value: r.id, text: r.label + (r.financial ? ' (amount in pounds)' : '') })),
          v.remedyTypeId,
          'Choose a remedy',
        ),
        errors: errorView(errors),
      },
      status,
    );
  }
  app.get('/cases/:reference/stages/:kind', write, async (request, reply) => {
    const c = await load(request);
    const { kind } = request.params as { kind: string };
    if (!c || !isOneOf(STAGE_KINDS, kind)) return reply.page('errors/not-found.njk', {}, 404);
    return renderStage(request, reply, c, kind, null);
  });
  app.post('/cases/:reference/stages/:kind', write, async (request, reply) => {
    const c = await load(request);
    const { kind } = request.params as { kind: string };
    if (!c || !isOneOf(STAGE_KINDS, kind)) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = dates(
      b,
      [
        'requestedOn',
        'startedOn',
        'statementAgreedOn',
        'reportsReceivedOn',
        'adjudicatedOn',
        'panelHeldOn',
        'chairReportReceivedOn',
        'authorityRespondedOn',
        'respondedOn',
        'lgscoEnquiryReceivedOn',
        'lgscoEnquiryRespondedOn',
        'lgscoDecisionOn',
      ].filter((f) => `${f}-day` in b),
    );
    const errors = dateErrors(d);
    const costs = {
      investigatorCostPence: pence(b.investigatorCost, 'investigatorCost', errors),
      independentPersonCostPence: pence(b.independentPersonCost, 'independentPersonCost', errors),
      panelCostPence: pence(b.panelCost, 'panelCost', errors),
      otherCostPence: pence(b.otherCost, 'otherCost', errors),
    };
    const yesNo = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : null);
    return attempt(
      reply,
      `/cases/${c.reference}?done=1`,
      errors,
      () =>
        svc.casework.updateStage(request.actor, c.id, kind, {
          ...Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.value])),
          ...Object.fromEntries(Object.entries(costs).filter(([k]) => `${k.replace('Pence', '')}` in b)),
          outcome: isOneOf(OUTCOMES, b.outcome) ? (b.outcome as Outcome) : undefined,
          outcomeOverrideReason: b.outcome ? b.outcomeOverrideReason : undefined,
          panelRecommendations: 'panelRecommendations' in b ? b.panelRecommendations || null : undefined,
          lgscoReference: 'lgscoReference' in b ? b.lgscoReference || null : undefined,
          lgscoDecision:
            'lgscoDecision' in b
              ? isOneOf(LGSCO_DECISIONS, b.lgscoDecision)
                ? (b.lgscoDecision as LgscoDecision)
                : null
              : undefined,
          lgscoFaultFound: 'lgscoFaultFound' in b ? yesNo(b.lgscoFaultFound) : undefined,
          lgscoInjusticeFound: 'lgscoInjusticeFound' in b ? yesNo(b.lgscoInjusticeFound) : undefined,
        }),
      (e) => renderStage(request, reply, c, kind, { ...b, ...parts(d) }, e, 400),
    );
  });
  app.post('/cases/:reference/stages/:kind/people', write, async (request, reply) => {
    const c = await load(request);
    const { kind } = request.params as { kind: string };
    if (!c || !isOneOf(STAGE_KINDS, kind)) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    return attempt(
      reply,
      `/cases/${c.reference}/stages/${kind}`,
      [],
      () =>
        svc.casework.addStagePerson(request.actor, c.id, kind, {
          role: b.role as StageRole,
          userId: b.userId || null,
          name: b.name || null,
          organisation: b.organisation || null,
        }),
      (e) =>
        renderStage(
          request,
          reply,
          c,
          kind,
          null,
          e.map((x) => ({
            ...x,
            field: x.field === 'name' || x.field === 'userId' || x.field === 'role' ? x.field : 'name',
          })),
          400,
        ),
    );
  });
  app.post('/cases/:reference/stages/:kind/remedies', write, async (request, reply) => {
    const c = await load(request);
    const { kind } = request.params as { kind: string };
    if (!c || !isOneOf(STAGE_KINDS, kind)) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = dates(b, ['dueOn', 'completedOn']);
    const errors = dateErrors(d);
    const amountPence = pence(b.amount, 'amount', errors);
    return attempt(
      reply,
      `/cases/${c.reference}/stages/${kind}`,
      errors,
      () =>
        svc.casework.addRemedy(request.actor, c.id, kind, {
          remedyTypeId: b.remedyTypeId ?? '',
          amountPence,
          description: b.description || null,
          dueOn: d.dueOn!.value,
          completedOn: d.completedOn!.value,
        }),
      (e) => renderStage(request, reply, c, kind, null, e, 400),
    );
  });
  app.post('/cases/:reference/remedies/:id/complete', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params as { id: string };
    const b = request.body as Body;
    const d = dates(b, ['completedOn']);
    const kind = c.record.stages.find((s) => s.remedies.some((r) => r.id === id))?.kind ?? 'stage1';
    return attempt(
      reply,
      `/cases/${c.reference}/stages/${kind}`,
      dateErrors(d),
      () =>
        svc.casework.completeRemedy(request.actor, c.id, id, {
          completedOn: d.completedOn!.value,
          complianceEvidence: b.complianceEvidence || null,
        }),
      (e) => renderStage(request, reply, c, kind, null, e, 400),
    );
  });

  // Escalation
  async function renderEscalate(
    request: FastifyRequest,
    reply: FastifyReply,
    c: NonNullable<Awaited<ReturnType<typeof load>>>,
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
  app.get('/cases/:reference/escalate', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    return renderEscalate(request, reply, c, { requestedOn: isoToParts(null) });
  });
  app.post('/cases/:reference/escalate', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = dates(b, ['requestedOn']);
    const errors = dateErrors(d);
    if (!isOneOf(STAGE_KINDS, b.to)) errors.push({ field: 'to', message: 'Choose the stage' });
    return attempt(
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
      (e) => renderEscalate(request, reply, c, { ...b, ...parts(d) }, e, 400),
    );
  });

  // Learning and actions
  async function renderLearning(
    request: FastifyRequest,
    reply: FastifyReply,
    c: NonNullable<Awaited<ReturnType<typeof load>>>,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const [learningTypes, actionTypes, o] = await Promise.all([
      svc.referenceData.list('learning_type'),
      svc.referenceData.list('action_type'),
      options(),
    ]);
    return reply.page(
      'cases/forms/learning.njk',
      {
        title: `Learning and actions: ${c.reference}`,
        record: c.record,
        learningItems: select(
          learningTypes.map((t) => ({ value: t.id, text: t.label })),
          values.learningTypeId,
          'Choose a kind',
        ),
        actionItems: select(
          actionTypes.map((t) => ({ value: t.id, text: t.label })),
          values.actionTypeId,
          'Choose a kind',
        ),
        pointItems: select(
          c.record.learning.map((l) => ({ value: l.id, text: `${l.type}: ${l.text.slice(0, 60)}` })),
          values.learningPointId,
          'Not tied to one learning point',
        ),
        ownerItems: select(o.staff, values.ownerId, 'Someone outside Heard (give their name)'),
        values,
        errors: errorView(errors),
      },
      status,
    );
  }
  app.get('/cases/:reference/learning', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    return renderLearning(request, reply, c, { dueOn: isoToParts(null), completedOn: isoToParts(null) });
  });
  app.post('/cases/:reference/learning', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    return attempt(
      reply,
      `/cases/${c.reference}/learning`,
      [],
      () =>
        svc.casework.addLearning(request.actor, c.id, { learningTypeId: b.learningTypeId ?? '', text: b.text ?? '' }),
      (e) => renderLearning(request, reply, c, { ...b, dueOn: isoToParts(null) }, e, 400),
    );
  });
  app.post('/cases/:reference/actions', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = dates(b, ['dueOn']);
    return attempt(
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
      (e) => renderLearning(request, reply, c, { ...b, ...parts(d) }, e, 400),
    );
  });
  app.post('/cases/:reference/actions/:id/complete', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params as { id: string };
    const b = request.body as Body;
    const d = dates(b, [`completedOn-${id}`]);
    return attempt(
      reply,
      `/cases/${c.reference}/learning`,
      dateErrors(d),
      () => svc.casework.completeAction(request.actor, c.id, id, { completedOn: d[`completedOn-${id}`]!.value }),
      (e) =>
        renderLearning(
          request,
          reply,
          c,
          { dueOn: isoToParts(null) },
          e.map((x) => ({ ...x, field: x.field === 'completedOn' ? `completedOn-${id}` : x.field })),
          400,
        ),
    );
  });

  // Status: close, withdraw, reopen, link or merge
  async function renderStatus(
    request: FastifyRequest,
    reply: FastifyReply,
    c: NonNullable<Awaited<ReturnType<typeof load>>>,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    return reply.page(
      'cases/forms/status.njk',
      {
        title: `Close, withdraw or link ${c.reference}`,
        record: c.record,
        linkItems: CASE_LINK_KINDS.map((k) => ({
          value: k,
          text: k === 'related' ? 'Related: both stay open' : 'Duplicate: merge this case into that one',
          checked: k === values.kind,
        })),
        values,
        errors: errorView(errors),
      },
      status,
    );
  }
  app.get('/cases/:reference/status', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    return renderStatus(request, reply, c, { closedOn: isoToParts(null), withdrawnOn: isoToParts(null) });
  });
  app.post('/cases/:reference/status', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = dates(
      b,
      ['closedOn', 'withdrawnOn'].filter((f) => `${f}-day` in b),
    );
    const errors = dateErrors(d);
    const run = () => {
      switch (b.action) {
        case 'close':
          return svc.casework.close(request.actor, c.id, { closedOn: d.closedOn?.value ?? null });
        case 'withdraw':
          return svc.casework.withdraw(request.actor, c.id, {
            on: d.withdrawnOn?.value ?? null,
            reason: b.withdrawReason ?? '',
          });
        case 'reopen':
          return svc.casework.reopen(request.actor, c.id, { reason: b.reopenReason ?? '' });
        case 'link':
          return svc.casework.link(request.actor, c.id, {
            otherReference: b.otherReference ?? '',
            kind: (isOneOf(CASE_LINK_KINDS, b.kind) ? b.kind : 'related') as CaseLinkKind,
            note: b.note || null,
          });
        default:
          return Promise.reject(new ValidationError([{ field: 'action', message: 'Choose what to do with the case' }]));
      }
    };
    return attempt(reply, `/cases/${c.reference}?done=1`, errors, run, (e) =>
      renderStatus(
        request,
        reply,
        c,
        { closedOn: isoToParts(null), withdrawnOn: isoToParts(null), ...b, ...parts(d) },
        e,
        400,
      ),
    );
  });

  // Compliment details
  async function renderCompliment(
    request: FastifyRequest,
    reply: FastifyReply,
    c: NonNullable<Awaited<ReturnType<typeof load>>>,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const [origins, themes, o] = await Promise.all([
      svc.referenceData.list('compliment_origin'),
      svc.referenceData.list('compliment_theme'),
      options(),
    ]);
    return reply.page(
      'cases/forms/compliment.njk',
      {
        title: `Compliment ${c.reference}`,
        record: c.record,
        teamItems: select(o.teams, values.teamId, 'No team'),
        originItems: select(
          origins.map((x) => ({ value: x.id, text: x.label })),
          values.originId,
          'Not recorded',
        ),
        themeItems: select(
          themes.map((x) => ({ value: x.id, text: x.label })),
          values.themeId,
          'Not recorded',
        ),
        values,
        errors: errorView(errors),
      },
      status,
    );
  }
  app.get('/cases/:reference/compliment', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const m = c.record.compliment;
    return renderCompliment(request, reply, c, {
      teamId: m?.teamId ?? c.record.case.teamId,
      staffName: m?.staffName,
      staffRole: m?.staffRole,
      originId: m?.originId,
      themeId: m?.themeId,
      valuesShown: m?.valuesShown,
      sharedOn: isoToParts(m?.sharedOn),
    });
  });
  app.post('/cases/:reference/compliment', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = dates(b, ['sharedOn']);
    return attempt(
      reply,
      `/cases/${c.reference}?done=1`,
      dateErrors(d),
      () =>
        svc.casework.updateCompliment(request.actor, c.id, {
          teamId: b.teamId || null,
          staffName: b.staffName,
          staffRole: b.staffRole,
          originId: b.originId || null,
          themeId: b.themeId || null,
          valuesShown: b.valuesShown,
          sharedOn: d.sharedOn!.value,
        }),
      (e) => renderCompliment(request, reply, c, { ...b, ...parts(d) }, e, 400),
    );
  });

  // A quote for the annual report, redacted by Heard and edited by the officer.
  app.get('/cases/:reference/quote', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const d = await svc.examples.draft(request.actor, c.id);
    return reply.page('cases/forms/quote.njk', {
      title: `Quote ${c.reference} in the annual report`,
      record: c.record,
      values: { text: d.text },
      saved: d.saved,
    });
  });
  app.post('/cases/:reference/quote', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    if (b.remove) {
      await svc.examples.remove(request.actor, c.id);
      return reply.redirect(`/cases/${c.reference}?done=1`);
    }
    return attempt(
      reply,
      `/cases/${c.reference}?done=1`,
      [],
      () => svc.examples.save(request.actor, c.id, b.text ?? ''),
      async (e) =>
        reply.page(
          'cases/forms/quote.njk',
          {
            title: `Quote ${c.reference} in the annual report`,
            record: c.record,
            values: b,
            saved: false,
            errors: errorView(e),
          },
          400,
        ),
    );
  });

  // The actions register
  app.get(
    '/actions',
    { preHandler: requirePermission('cases.read.all', 'cases.read.allocated') },
    async (request, reply) => {
      const overdueOnly = (request.query as { overdue?: string }).overdue === '1';
      const rows = await svc.casework.openActions(request.actor, { overdueOnly });
      return reply.page('cases/forms/actions.njk', {
        title: 'Actions register',
        rows,
        overdueOnly,
        today: londonDate(svc.clock.now()),
      });
    },
  );
};
