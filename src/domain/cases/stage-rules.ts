import type { IsoDate } from '../calendar/iso-date.ts';
import { nextStages } from '../procedures/flow.ts';
import {
  STAGE_COST_FIELDS,
  STAGE_DATE_FIELDS,
  type IndependenceRule,
  type ProcedureDefinition,
  type StageDateField,
  type StageDefinition,
} from '../procedures/types.ts';
import { formatLongDate } from '../calendar/iso-date.ts';
import { STAGE_LABELS, STAGE_ROLE_LABELS, stageName, type StageKind, type StageRole } from './vocabulary.ts';

/**
 * The rules of moving a complaint through its stages (docs/product.md,
 * "Stages"), read from the procedure's definition (src/domain/procedures).
 * Pure functions with stable error codes.
 */
export type StageRuleError = { code: string; message: string; field?: string };

export interface EscalationFacts {
  procedure: ProcedureDefinition | null;
  reached: readonly StageKind[];
  /** When the previous stage answered; escalation needs an answer (or the complaint went unanswered and is overdue). */
  previousRespondedOn: IsoDate | null;
  previousOverdue: boolean;
  /** The working-day window to ask, and whether this request is inside it. */
  requestWithinWindow: boolean | null;
}

export function checkEscalation(
  to: StageKind,
  f: EscalationFacts,
  input: { requestedOn: IsoDate; lateReason?: string | null; today: IsoDate },
): StageRuleError | null {
  if (!f.procedure) return { code: 'STAGE.NO_PROCEDURE', message: 'Decide the procedure before escalating' };
  if (!nextStages(f.procedure, f.reached).includes(to))
    return { code: 'STAGE.NOT_NEXT', message: `This complaint cannot go to ${stageName(to)} from where it is` };
  if (input.requestedOn > input.today)
    return { code: 'STAGE.FUTURE_DATE', message: 'The request date cannot be in the future', field: 'requestedOn' };
  // The Ombudsman decides for itself when to take a complaint; the council's stages wait for an answer.
  if (to !== 'lgsco' && !f.previousRespondedOn && !f.previousOverdue)
    return { code: 'STAGE.PREVIOUS_OPEN', message: 'The previous stage has not answered yet, and is not overdue' };
  if (f.previousRespondedOn && input.requestedOn < f.previousRespondedOn)
    return {
      code: 'STAGE.DATES_BACKWARDS',
      message: `The request cannot be before the previous stage's response (${f.previousRespondedOn})`,
      field: 'requestedOn',
    };
  if (to !== 'lgsco' && f.requestWithinWindow === false && !input.lateReason?.trim())
    return {
      code: 'STAGE.LATE_REQUEST',
      message: 'This request is outside the time allowed: give the reason for accepting it',
      field: 'lateReason',
    };
  return null;
}

/** Names compare without case or spacing: "Jo  Bloggs" is "jo bloggs". */
const sameName = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

export interface Person {
  userId?: string | null;
  name: string;
}

const samePerson = (a: Person, b: Person) => (a.userId && b.userId ? a.userId === b.userId : sameName(a.name, b.name));

/**
 * Independence (2006 Regulations reg. 17(2) and 19(3)), as the stage's
 * definition states it: someone appointed to one of the rule's roles may not
 * be one of the people who held the earlier roles.
 */
export function checkIndependence(
  rule: IndependenceRule,
  appointee: Person,
  earlier: readonly Person[],
): StageRuleError | null {
  return earlier.some((p) => samePerson(p, appointee))
    ? { code: rule.code, message: rule.message(appointee.name), field: 'name' }
    : null;
}

/**
 * Dates within a stage run forwards, in the order the stage's definition
 * lists them, all on or after the day the case was received; none may be in
 * the future. A refusal names the date it may not be before, as the stage
 * page labels it, and that date in words.
 */
export function checkStageDates(
  stage: Pick<StageDefinition, 'dates'>,
  d: { receivedOn: IsoDate } & Partial<Record<StageDateField, IsoDate | null>>,
  today: IsoDate,
): StageRuleError[] {
  const errors: StageRuleError[] = [];
  let latest: { label: string; value: IsoDate } = { label: 'the day it was received', value: d.receivedOn };
  for (const { field, label } of stage.dates) {
    const v = d[field];
    if (!v) continue;
    if (v > today) errors.push({ code: 'STAGE.FUTURE_DATE', message: 'The date cannot be in the future', field });
    if (v < latest.value)
      errors.push({
        code: 'STAGE.DATES_BACKWARDS',
        message: `This cannot be before ${latest.label} (${formatLongDate(latest.value)})`,
        field,
      });
    // Only a later date moves the mark, so of two on the same day the first one the page shows is named.
    else if (v > latest.value) latest = { label: `“${label}”`, value: v };
  }
  return errors;
}

/** The Ombudsman's decision and its date go together: one without the other is a half-recorded decision. */
export function checkOmbudsmanDecision(d: {
  lgscoDecision?: string | null;
  lgscoDecisionOn?: IsoDate | null;
}): StageRuleError[] {
  if (d.lgscoDecision && !d.lgscoDecisionOn)
    return [
      {
        code: 'STAGE.DECISION_UNDATED',
        message: 'Enter the date of the Ombudsman’s decision',
        field: 'lgscoDecisionOn',
      },
    ];
  if (!d.lgscoDecision && d.lgscoDecisionOn)
    return [
      {
        code: 'STAGE.DECISION_MISSING',
        message: 'Choose the Ombudsman’s decision, or remove its date',
        field: 'lgscoDecision',
      },
    ];
  return [];
}

/** Who may be named on a stage is the stage's definition: a panel chair at Stage 1 is a mistake. */
export function checkStageRole(
  stage: Pick<StageDefinition, 'label' | 'people'>,
  role: StageRole,
): StageRuleError | null {
  return stage.people.includes(role)
    ? null
    : {
        code: 'STAGE.ROLE_NOT_HERE',
        message: `${stage.label} has no ${STAGE_ROLE_LABELS[role].toLowerCase()}`,
        field: 'role',
      };
}

/** The fields only some stages record, and what says a stage records them. */
const SECTION_FIELDS: { fields: readonly string[]; has: (s: StageDefinition) => boolean }[] = [
  { fields: ['outcome', 'outcomeOverrideReason'], has: (s) => s.outcome },
  { fields: ['panelRecommendations'], has: (s) => s.panel },
  { fields: ['lgscoReference', 'lgscoDecision', 'lgscoFaultFound', 'lgscoInjusticeFound'], has: (s) => s.ombudsman },
];

/**
 * A change may only set what its stage records, as its definition says: a
 * date, cost or section the stage page does not show could never be seen or
 * corrected there, yet the report would count it.
 */
export function checkStageFields(
  stage: Pick<StageDefinition, 'label' | 'dates' | 'costs' | 'outcome' | 'panel' | 'ombudsman'>,
  sent: Record<string, unknown>,
): StageRuleError[] {
  const allowed = new Set<string>([...stage.dates.map((d) => d.field), ...stage.costs.map((c) => c.field)]);
  for (const section of SECTION_FIELDS)
    if (section.has(stage as StageDefinition)) section.fields.forEach((f) => allowed.add(f));
  const known = new Set<string>([
    ...STAGE_DATE_FIELDS,
    ...STAGE_COST_FIELDS,
    ...SECTION_FIELDS.flatMap((s) => s.fields),
  ]);
  const errors: StageRuleError[] = Object.entries(sent)
    .filter(([field, value]) => value !== undefined && known.has(field) && !allowed.has(field))
    .map(([field]) => ({ code: 'STAGE.FIELD_NOT_RECORDED', message: `${stage.label} does not record this`, field }));
  for (const d of stage.dates)
    if (d.required && sent[d.field] === null)
      errors.push({
        code: 'STAGE.DATE_REQUIRED',
        message: `Enter the “${d.label}” date: it may be changed, but not removed once the stage has begun`,
        field: d.field,
      });
  return errors;
}

/**
 * A case closes only when every stage it reached has answered (a withdrawn
 * stage records its withdrawal date as its answer). The stages still open, in
 * the case's order, named as people read them; empty when the case may close.
 */
export function stagesLeftOpen(stages: readonly { kind: StageKind; respondedOn: IsoDate | null }[]): string[] {
  return stages
    .filter((s) => !s.respondedOn)
    .map((s) => (s.kind === 'lgsco' ? 'the Ombudsman stage' : STAGE_LABELS[s.kind]));
}
