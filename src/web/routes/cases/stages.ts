import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  isOneOf,
  LGSCO_DECISION_LABELS,
  LGSCO_DECISIONS,
  OUTCOME_LABELS,
  OUTCOMES,
  STAGE_KINDS,
  STAGE_ROLE_LABELS,
  STAGE_ROLES,
  type StageKind,
} from '../../../domain/cases/vocabulary.ts';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import {
  choice,
  dateInput,
  dateInputIfSent,
  parseForm,
  pounds,
  poundsIfSent,
  text,
  textOrNull,
  textOrNullIfSent,
} from '../../forms.ts';
import { definitionOfStage } from '../../../domain/procedures/registry.ts';
import { SET_WHEN_STAGE_BEGINS } from '../../../domain/procedures/stages.ts';
import { STAGE_DATE_FIELDS } from '../../../domain/procedures/types.ts';
import { poundsText, selectItems, type CaseParams, type CaseworkSupport, type LoadedCase } from './casework-support.ts';
import { doneHref } from './done-messages.ts';

/** Sent at all: a stage's form shows only the fields its stage has, and a field it did not send is left as it is. */
const sentText = () => z.string().optional();

/** The same schema for each of these fields. */
const eachOf = <K extends string, S extends z.ZodType>(names: readonly K[], schema: () => S) =>
  Object.fromEntries(names.map((n) => [n, schema()])) as Record<K, S>;

/** A stage's details: its dates, costs, outcome and the Ombudsman's decision. */
export const stageForm = z
  .object({
    ...eachOf(STAGE_DATE_FIELDS, dateInputIfSent),
    ...eachOf(['investigatorCost', 'independentPersonCost', 'panelCost', 'otherCost'] as const, poundsIfSent),
    outcome: sentText(),
    outcomeOverrideReason: sentText(),
    panelRecommendations: textOrNullIfSent(),
    lgscoReference: textOrNullIfSent(),
    lgscoDecision: sentText(),
    lgscoFaultFound: sentText(),
    lgscoInjusticeFound: sentText(),
  })
  .transform(({ investigatorCost, independentPersonCost, panelCost, otherCost, ...b }) => {
    const yesNo = (v: string | undefined) =>
      v === undefined ? undefined : v === 'yes' ? true : v === 'no' ? false : null;
    return {
      ...b,
      investigatorCostPence: investigatorCost,
      independentPersonCostPence: independentPersonCost,
      panelCostPence: panelCost,
      otherCostPence: otherCost,
      // An outcome chosen here overrides the investigations', and needs its reason.
      // "From the investigations" (blank) leaves the outcome to them; anything else goes to the service, which
      // refuses a value that is not an outcome rather than the page dropping it.
      outcome: b.outcome || undefined,
      outcomeOverrideReason: b.outcome ? b.outcomeOverrideReason : undefined,
      lgscoDecision: b.lgscoDecision === undefined ? undefined : b.lgscoDecision || null,
      lgscoFaultFound: yesNo(b.lgscoFaultFound),
      lgscoInjusticeFound: yesNo(b.lgscoInjusticeFound),
    };
  });

export const stagePersonForm = z.object({
  role: choice(STAGE_ROLES, 'Choose their role'),
  userId: textOrNull(),
  name: textOrNull(),
  organisation: textOrNull(),
});

export const remedyForm = z
  .object({
    dueOn: dateInput(),
    completedOn: dateInput(),
    amount: pounds(),
    paidTo: textOrNull(),
    remedyTypeId: text(),
    description: textOrNull(),
  })
  .transform(({ amount, ...remedy }) => ({ ...remedy, amountPence: amount }));

export const remedyCompletedForm = z.object({
  completedOn: dateInput(),
  complianceEvidence: textOrNull(),
});

/** A stage's page: its dates, outcome, costs and the Ombudsman's decision; its people; its remedies. */
export function stageRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;
  interface StageRoute {
    Params: CaseParams & { kind: string };
  }
  interface RemedyRoute {
    Params: CaseParams & { id: string };
  }

  async function renderStage(
    reply: FastifyReply,
    c: LoadedCase,
    kind: StageKind,
    values: Record<string, unknown> | null,
    errors: FieldError[] = [],
    status = 200,
    /** What was typed into the remedy form, kept when it is refused. */
    remedy: Record<string, unknown> = {},
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
    // What the page asks comes from the stage's definition in the case's procedure.
    const def = definitionOfStage(stage.procedure ?? c.record.case.procedure, kind);
    const fieldLabel = (field: string) => def.dates.find((d) => d.field === field)?.label ?? field;
    const costName = (field: string) => field.replace(/Pence$/, '');
    return reply.page(
      'cases/forms/stage.njk',
      {
        title: `${def.label}: ${c.reference}`,
        record: c.record,
        stage,
        kind,
        stageLabel: def.label,
        // The dates set when the stage begins are not edited here; the Ombudsman's enquiry date is its own field.
        dateFields: def.dates
          .filter((d) => !SET_WHEN_STAGE_BEGINS.has(d.field) && !(def.ombudsman && d.field === 'requestedOn'))
          .map((d) => ({ name: d.field, label: d.label })),
        costFields: def.costs.map((cost) => ({ name: costName(cost.field), label: cost.label })),
        showOutcome: def.outcome,
        showPanel: def.panel,
        ombudsman: def.ombudsman,
        fieldLabel,
        values: v,
        outcomeItems: [
          { value: '', text: def.investigations ? 'From the investigations' : 'Not decided yet' },
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
        roleItems: def.people.map((r) => ({ value: r, text: STAGE_ROLE_LABELS[r], selected: r === v.role })),
        rollsUpFromInvestigations: def.investigations,
        remedy: { dueOn: isoToParts(null), ...remedy },
        staffItems: selectItems(o.staff, v.userId, 'Someone outside Heard (give their name)'),
        remedyItems: selectItems(
          remedyTypes.map((r) => ({ value: r.id, text: r.label + (r.financial ? ' (amount in pounds)' : '') })),
          remedy.remedyTypeId,
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
    if (c.record.stages.some((s) => s.kind === kind)) {
      const refused = cw.notNow(reply, c, request.actor, ['update_stage'], kind);
      if (refused) return refused;
    }
    return renderStage(reply, c, kind, null);
  }

  async function updateStage(request: FastifyRequest<StageRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    const { kind } = request.params;
    if (!c || !isOneOf(STAGE_KINDS, kind)) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(stageForm, request.body);
    return cw.attempt(
      reply,
      doneHref(`/cases/${c.reference}`, 'stage'),
      form,
      (details) => svc.casework.updateStage(request.actor, c.id, kind, details),
      (e) => renderStage(reply, c, kind, form.values, e, 400),
    );
  }

  async function addStagePerson(request: FastifyRequest<StageRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    const { kind } = request.params;
    if (!c || !isOneOf(STAGE_KINDS, kind)) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(stagePersonForm, request.body);
    return cw.attempt(
      reply,
      `/cases/${c.reference}/stages/${kind}`,
      form,
      (person) => svc.casework.addStagePerson(request.actor, c.id, kind, person),
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
    const form = parseForm(remedyForm, request.body);
    return cw.attempt(
      reply,
      `/cases/${c.reference}/stages/${kind}`,
      form,
      (remedy) => svc.casework.addRemedy(request.actor, c.id, kind, remedy),
      (e) => renderStage(reply, c, kind, null, e, 400, form.values),
    );
  }

  async function completeRemedy(request: FastifyRequest<RemedyRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params;
    const form = parseForm(remedyCompletedForm, request.body);
    const kind = c.record.stages.find((s) => s.remedies.some((r) => r.id === id))?.kind ?? 'stage1';
    return cw.attempt(
      reply,
      `/cases/${c.reference}/stages/${kind}`,
      form,
      (completion) => svc.casework.completeRemedy(request.actor, c.id, id, completion),
      (e) => renderStage(reply, c, kind, null, e, 400),
    );
  }

  app.get<StageRoute>('/cases/:reference/stages/:kind', cw.write, showStage);
  app.post<StageRoute>('/cases/:reference/stages/:kind', cw.write, updateStage);
  app.post<StageRoute>('/cases/:reference/stages/:kind/people', cw.write, addStagePerson);
  app.post<StageRoute>('/cases/:reference/stages/:kind/remedies', cw.write, addRemedy);
  app.post<RemedyRoute>('/cases/:reference/remedies/:id/complete', cw.write, completeRemedy);
}
