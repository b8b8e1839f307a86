import { procedureLabel } from '../domain/procedures/registry.ts';
import { ROLE_LABELS } from '../domain/access/roles.ts';
import { formatLongDate, isIsoDate } from '../domain/calendar/iso-date.ts';
import {
  CASE_STATUS_LABELS,
  FEEDBACK_TYPE_LABELS,
  LGSCO_DECISION_LABELS,
  OUTCOME_LABELS,
  PARTY_ROLE_LABELS,
  STAGE_LABELS,
  STAGE_ROLE_LABELS,
} from '../domain/cases/vocabulary.ts';
import { ORG_UNIT_KIND_LABELS } from '../domain/organisation/org-units.ts';
import { CLOCK_LABELS } from '../domain/timescales/clock-names.ts';

/**
 * How pages write dates, money, yes/no and Heard's words: the templates' filters
 * and the view models built in TypeScript use these same functions.
 */

export const LABELS = {
  feedbackType: FEEDBACK_TYPE_LABELS,
  status: CASE_STATUS_LABELS,
  stage: STAGE_LABELS,
  outcome: OUTCOME_LABELS,
  lgscoDecision: LGSCO_DECISION_LABELS,
  partyRole: PARTY_ROLE_LABELS,
  stageRole: STAGE_ROLE_LABELS,
  role: ROLE_LABELS,
  orgKind: ORG_UNIT_KIND_LABELS,
  clock: CLOCK_LABELS,
} as const satisfies Record<string, Record<string, string>>;

export type Vocabulary = keyof typeof LABELS;

/** A value's label in one of Heard's vocabularies ('' for none; the value itself when it has no label). */
export function label(value: unknown, vocabulary: string): string {
  if (value === null || value === undefined || value === '') return '';
  // Procedures are definitions, not a fixed list: a council's own carries its label there.
  if (vocabulary === 'procedure') return procedureLabel(String(value));
  return (LABELS as Record<string, Record<string, string>>)[vocabulary]?.[String(value)] ?? String(value);
}

/** 27 March 2024 ('' for none). */
export const longDate = (value: unknown): string =>
  isIsoDate(value) ? formatLongDate(value) : value ? String(value) : '';

/** Made once: making an Intl.DateTimeFormat costs about as much as a hundred uses of one (a case page has dozens). */
const LONDON_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'long',
  timeStyle: 'short',
});

/** 27 March 2024 at 14:05, London time ('' for none; what was given, for something that is not a time). */
export function dateTime(value: unknown): string {
  if (!value) return '';
  const d = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(d.getTime()) ? String(value) : LONDON_DATE_TIME.format(d);
}

/** £1,250.50 ('' for none). */
export const pounds = (pence: unknown): string =>
  typeof pence === 'number'
    ? `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
    : '';

export const yesNo = (v: unknown): string => (v === true ? 'Yes' : v === false ? 'No' : 'Not recorded');
