import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  isOneOf,
  LGSCO_DECISION_LABELS,
  LGSCO_DECISIONS,
  OUTCOME_LABELS,
  OUTCOMES,
  STAGE_KINDS,
  STAGE_LABELS,
  STAGE_ROLE_LABELS,
  STAGE_ROLES,
  type LgscoDecision,
  type Outcome,
  type StageKind,
  type StageRole,
} from '../../../domain/cases/vocabulary.ts';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import {
  dateErrors,
  dateParts,
  penceFrom,
  poundsText,
  readDates,
  selectItems,
  type CaseParams,
  type CaseworkSupport,
  type LoadedCase,
} from './casework-support.ts';

type Body = Record<string, string>;

/** The date fields a stage's page may show, in the order it shows them. */
export const STAGE_DATE_FIELDS = [
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
];

/** A stage's page: its dates, outcome, costs and the Ombudsman's decision; its people; its remedies. */
export function stageRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;
  type StageRoute = { Params: CaseParams & { kind: string } };
  type RemedyRoute = { Params: CaseParams & { id: string } };

  async function renderStage(
    reply: FastifyReply,
    c: LoadedCase,
    kind: StageKind,
    values: Record<string, unknown> | null,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const stage = c.record.stages.find((s) => s.kind === kind);
    if (!stage) return reply.page('errors/not-found.njk', {}, 404);
    const o = await cw.options();
    const remedyTypes = await svc.referenceData.list('remedy_type');
    const v = values ?? {
      ...Object.fromEntries(
        STAGE_DATE_FIELDS.map((f) => [f, isoToParts((stage as Record<string, unknown>)[f] as string | null)]),
      ),
      outcome: stage.outcomeOverrideReason ? stage.outcome : '',
      outcomeOverrideReason: stage.outcomeOverrideReason ?? '',
      investigatorCost: poundsText(stage.investigatorCostPence),
      independentPersonCost: poundsText(stage.independentPersonCostPence),
      panelCost: poundsText(stage.panelCostPence),
      otherCost: poundsText(stage.otherCostPence),
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
        staffItems: selectItems(o.staff, v.userId, 'Someone outside Heard (give their name)'),
        remedyItems: selectItems(
          remedyTypes.map((r) => ({ value: r.id, text: r.label + (r.financial ? ' (amount in pounds)' : '') })),
          v.remedyTypeId,
          'Choose a remedy',
        ),
        errors: errorView(errors),
      },
      status,
    );
  }

  async function showStage(request: FastifyRequest<StageRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    const { kind } = request.params;
    if (!c || !isOneOf(STAGE_KINDS, kind)) return reply.page('errors/not-found.njk', {}, 404);
    return renderStage(reply, c, kind, null);
  }

  async function updateStage(request: FastifyRequest<StageRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    const { kind } = request.params;
    if (!c || !isOneOf(STAGE_KINDS, kind)) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = readDates(
      b,
      STAGE_DATE_FIELDS.filter((f) => `${f}-day` in b),
    );
    const errors = dateErrors(d);
    const costs = {
      investigatorCostPence: penceFrom(b.investigatorCost, 'investigatorCost', errors),
      independentPersonCostPence: penceFrom(b.independentPersonCost, 'independentPersonCost', errors),
      panelCostPence: penceFrom(b.panelCost, 'panelCost', errors),
      otherCostPence: penceFrom(b.otherCost, 'otherCost', errors),
    };
    const yesNo = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : null);
    return cw.attempt(
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
      (e) => renderStage(reply, c, kind, { ...b, ...dateParts(d) }, e, 400),
    );
  }

  async function addStagePerson(request: FastifyRequest<StageRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    const { kind } = request.params;
    if (!c || !isOneOf(STAGE_KINDS, kind)) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    return cw.attempt(
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
  }

  async function addRemedy(request: FastifyRequest<StageRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    const { kind } = request.params;
    if (!c || !isOneOf(STAGE_KINDS, kind)) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = readDates(b, ['dueOn', 'completedOn']);
    const errors = dateErrors(d);
    const amountPence = penceFrom(b.amount, 'amount', errors);
    return cw.attempt(
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
      (e) => renderStage(reply, c, kind, null, e, 400),
    );
  }

  async function completeRemedy(request: FastifyRequest<RemedyRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params;
    const b = request.body as Body;
    const d = readDates(b, ['completedOn']);
    const kind = c.record.stages.find((s) => s.remedies.some((r) => r.id === id))?.kind ?? 'stage1';
    return cw.attempt(
      reply,
      `/cases/${c.reference}/stages/${kind}`,
      dateErrors(d),
      () =>
        svc.casework.completeRemedy(request.actor, c.id, id, {
          completedOn: d.completedOn!.value,
          complianceEvidence: b.complianceEvidence || null,
        }),
      (e) => renderStage(reply, c, kind, null, e, 400),
    );
  }

  app.get<StageRoute>('/cases/:reference/stages/:kind', cw.write, showStage);
  app.post<StageRoute>('/cases/:reference/stages/:kind', cw.write, updateStage);
  app.post<StageRoute>('/cases/:reference/stages/:kind/people', cw.write, addStagePerson);
  app.post<StageRoute>('/cases/:reference/stages/:kind/remedies', cw.write, addRemedy);
  app.post<RemedyRoute>('/cases/:reference/remedies/:id/complete', cw.write, completeRemedy);
}
