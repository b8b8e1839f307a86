import { isProcedureKey, maybeProcedure } from '../procedures/registry.ts';
import type { IsoDate } from '../calendar/iso-date.ts';
import { FEEDBACK_TYPES, type FeedbackType, type Procedure } from '../cases/vocabulary.ts';
import { checkTimeLimit } from '../timescales/time-limit.ts';

/**
 * Triage: what the complaints officer decides about a new case, and the rules
 * those decisions must meet. Pure: the service supplies the facts and applies
 * the result in one transaction.
 */
export const TRIAGE_DECISIONS = ['stage1', 'concern', 'record', 'signpost'] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];
export const TRIAGE_DECISION_LABELS: Record<TriageDecision, { text: string; hint: string }> = {
  stage1: {
    text: 'Accept as a complaint at Stage 1',
    hint: 'Allocate the team and investigating manager; the response clock is running from the day it was received.',
  },
  concern: {
    text: 'Resolve informally as a concern',
    hint: 'Sorted out quickly outside the complaints procedure, within 48 hours.',
  },
  record: {
    text: 'Record and close',
    hint: 'For compliments, comments, questions and MP enquiries that need no investigation.',
  },
  signpost: {
    text: 'Out of scope: signpost and close',
    hint: 'For example school-run matters or court proceedings; tell them where to go.',
  },
};

export interface TriageInput {
  type: FeedbackType;
  typeReason?: string;
  procedure?: Procedure | null;
  procedureReason?: string;
  signposting?: string;
  eventsOn?: IsoDate | null;
  lateAcceptanceReason?: string;
  advocacyOfferedOn?: IsoDate | null;
  advocacyResponse?: string;
  consentObtainedOn?: IsoDate | null;
  consentNote?: string;
  acknowledgedOn?: IsoDate | null;
  decision: TriageDecision;
  teamId?: string | null;
  investigatingManagerId?: string | null;
}

export interface TriageFacts {
  currentType: FeedbackType;
  currentProcedure: Procedure | null;
  receivedOn: IsoDate;
  today: IsoDate;
  /** The complainant is the child or young person. */
  childComplainant: boolean;
  /** Someone complains for a child (not the child themself). */
  onBehalfOfChild: boolean;
  timeLimitMonths: number | null;
  alreadyAcknowledged: boolean;
}

export interface TriageProblem {
  field: string;
  message: string;
}

export function validateTriage(i: TriageInput, f: TriageFacts): TriageProblem[] {
  const p: TriageProblem[] = [];
  if (!FEEDBACK_TYPES.includes(i.type)) p.push({ field: 'type', message: 'Choose the type of feedback' });
  else if (i.type !== f.currentType && !i.typeReason?.trim())
    p.push({ field: 'typeReason', message: 'Say why the type is being corrected' });
  const complaint = i.type === 'complaint';
  if (complaint && i.decision !== 'concern') {
    if (!i.procedure || !isProcedureKey(i.procedure))
      p.push({ field: 'procedure', message: 'Choose the procedure this complaint follows' });
    else if (!i.procedureReason?.trim())
      p.push({ field: 'procedureReason', message: 'Give the reason for the procedure' });
  }
  if (i.eventsOn && i.eventsOn > f.receivedOn)
    p.push({ field: 'eventsOn', message: 'When it happened must be on or before the day it was received' });
  if (
    complaint &&
    i.eventsOn &&
    f.timeLimitMonths &&
    checkTimeLimit(i.eventsOn, f.receivedOn, f.timeLimitMonths).late &&
    !i.lateAcceptanceReason?.trim() &&
    i.decision === 'stage1'
  ) {
    p.push({
      field: 'lateAcceptanceReason',
      message: `This complaint was made more than ${f.timeLimitMonths} months after the events: give the reason for accepting it, or signpost it`,
    });
  }
  if (complaint && f.childComplainant && i.decision === 'stage1' && !i.advocacyOfferedOn)
    p.push({ field: 'advocacyOfferedOn', message: 'Record when advocacy was offered to the young person' });
  if (complaint && f.onBehalfOfChild && i.decision === 'stage1' && !i.consentObtainedOn && !i.consentNote?.trim()) {
    p.push({
      field: 'consentObtainedOn',
      message: "Record when the child's consent was obtained, or why it is not needed",
    });
  }
  for (const [field, value] of [
    ['advocacyOfferedOn', i.advocacyOfferedOn],
    ['consentObtainedOn', i.consentObtainedOn],
    ['acknowledgedOn', i.acknowledgedOn],
  ] as const) {
    if (value && value < f.receivedOn) p.push({ field, message: 'The date cannot be before the case was received' });
    if (value && value > f.today) p.push({ field, message: 'The date cannot be in the future' });
  }
  switch (i.decision) {
    case 'stage1':
      if (!complaint)
        p.push({ field: 'decision', message: 'Only a complaint can go to Stage 1: correct the type first' });
      if (maybeProcedure(i.procedure)?.signpostsOnly)
        p.push({ field: 'decision', message: 'An out-of-scope complaint is signposted, not accepted at Stage 1' });
      if (!i.teamId) p.push({ field: 'teamId', message: 'Choose the team that will investigate' });
      if (!i.investigatingManagerId)
        p.push({ field: 'investigatingManagerId', message: 'Choose the investigating manager' });
      break;
    case 'concern':
      if (i.type !== 'complaint' && i.type !== 'concern')
        p.push({ field: 'decision', message: 'Only a complaint or concern can be resolved informally as a concern' });
      break;
    case 'record':
      if (complaint)
        p.push({
          field: 'decision',
          message: 'A complaint is accepted at Stage 1, resolved as a concern, or signposted',
        });
      break;
    case 'signpost':
      if (!i.signposting?.trim()) p.push({ field: 'signposting', message: 'Say where you have signposted them' });
      break;
    default: {
      const never: never = i.decision;
      p.push({ field: 'decision', message: `Choose what happens next (${String(never)})` });
    }
  }
  return p;
}
