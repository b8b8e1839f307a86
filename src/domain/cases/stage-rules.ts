import type { IsoDate } from '../calendar/iso-date.ts';
import type { Procedure, StageKind } from './vocabulary.ts';

/**
 * The rules of moving a complaint through its stages (docs/product.md, "Stages").
 * Children's statutory: Stage 1 → 2 → 3 → Ombudsman. Corporate: Stage 1 → 2
 * → Ombudsman. Adult social care: one stage → Ombudsman. Pure functions with
 * stable error codes.
 */
export type StageRuleError = { code: string; message: string; field?: string };

const NEXT: Record<Procedure, Partial<Record<StageKind | 'none', StageKind[]>>> = {
  childrens_statutory: {
    none: ['stage1'],
    stage1: ['stage2', 'lgsco'],
    stage2: ['stage3', 'lgsco'],
    stage3: ['lgsco'],
  },
  corporate: { none: ['stage1'], stage1: ['stage2', 'lgsco'], stage2: ['lgsco'] },
  adult_social_care_statutory: { none: ['stage1'], stage1: ['lgsco'] },
  out_of_scope: {},
};

/** The stages a complaint may go to next, from the furthest stage it has reached. */
export function nextStages(procedure: Procedure | null, reached: readonly StageKind[]): StageKind[] {
  if (!procedure) return [];
  const order: StageKind[] = ['stage1', 'stage2', 'stage3'];
  const furthest = [...order].reverse().find((k) => reached.includes(k)) ?? 'none';
  if (reached.includes('lgsco')) return [];
  return (NEXT[procedure][furthest] ?? []).filter((k) => !reached.includes(k));
}

export interface EscalationFacts {
  procedure: Procedure | null;
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
    return {
      code: 'STAGE.NOT_NEXT',
      message: `This complaint cannot go to ${to === 'lgsco' ? 'the Ombudsman' : to.replace('stage', 'Stage ')} from where it is`,
    };
  if (input.requestedOn > input.today)
    return { code: 'STAGE.FUTURE_DATE', message: 'The request date cannot be in the future', field: 'requestedOn' };
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
 * Independence (2006 Regulations reg. 17(2) and 19(3)): the Stage 2
 * investigating officer and independent person may not have investigated at
 * Stage 1, and the Stage 2 independent person may not sit on the Stage 3 panel.
 */
export function checkStage2Independence(
  appointee: Person,
  stage1Investigators: readonly Person[],
): StageRuleError | null {
  if (stage1Investigators.some((p) => samePerson(p, appointee))) {
    return {
      code: 'STAGE.NOT_INDEPENDENT',
      message: `${appointee.name} investigated this complaint at Stage 1, so cannot act at Stage 2`,
      field: 'name',
    };
  }
  return null;
}

export function checkPanelIndependence(
  member: Person,
  stage2IndependentPersons: readonly Person[],
): StageRuleError | null {
  if (stage2IndependentPersons.some((p) => samePerson(p, member))) {
    return {
      code: 'STAGE.PANEL_NOT_INDEPENDENT',
      message: `${member.name} was the Stage 2 independent person, so cannot sit on the review panel`,
      field: 'name',
    };
  }
  return null;
}

/** Dates within a stage run forwards: requested → started → statement agreed → responded → closed. */
export function checkStageDates(
  d: {
    receivedOn: IsoDate;
    requestedOn?: IsoDate | null;
    startedOn?: IsoDate | null;
    statementAgreedOn?: IsoDate | null;
    respondedOn?: IsoDate | null;
    panelHeldOn?: IsoDate | null;
    chairReportReceivedOn?: IsoDate | null;
    authorityRespondedOn?: IsoDate | null;
  },
  today: IsoDate,
): StageRuleError[] {
  const errors: StageRuleError[] = [];
  const order: [keyof typeof d, string][] = [
    ['receivedOn', 'the date received'],
    ['requestedOn', 'the request'],
    ['startedOn', 'the start'],
    ['statementAgreedOn', 'the agreed statement'],
    ['panelHeldOn', 'the panel'],
    ['chairReportReceivedOn', "the chair's report"],
    ['authorityRespondedOn', "the authority's response"],
  ];
  let latest: { field: string; label: string; value: IsoDate } | null = null;
  for (const [field, label] of order) {
    const v = d[field];
    if (!v) continue;
    if (v > today && field !== 'receivedOn')
      errors.push({ code: 'STAGE.FUTURE_DATE', message: 'The date cannot be in the future', field });
    if (latest && v < latest.value)
      errors.push({
        code: 'STAGE.DATES_BACKWARDS',
        message: `This cannot be before ${latest.label} (${latest.value})`,
        field,
      });
    if (!latest || v >= latest.value) latest = { field, label, value: v };
  }
  if (d.respondedOn) {
    if (d.respondedOn > today)
      errors.push({ code: 'STAGE.FUTURE_DATE', message: 'The date cannot be in the future', field: 'respondedOn' });
    const start = d.statementAgreedOn ?? d.startedOn ?? d.requestedOn ?? d.receivedOn;
    if (d.respondedOn < start)
      errors.push({
        code: 'STAGE.DATES_BACKWARDS',
        message: `The response cannot be before ${start}`,
        field: 'respondedOn',
      });
  }
  return errors;
}
