import { formatLongDate, isIsoDate } from '../calendar/iso-date.ts';
import {
  CASE_STATUS_LABELS,
  FEEDBACK_TYPE_LABELS,
  LGSCO_DECISION_LABELS,
  OUTCOME_LABELS,
  PARTY_ROLE_LABELS,
  STAGE_LABELS,
  STAGE_ROLE_LABELS,
} from '../cases/vocabulary.ts';
import { defaultLetter } from '../letters/default-letters.ts';
import { maybeProcedure } from '../procedures/registry.ts';
import { CLOCK_LABELS } from '../timescales/clock-names.ts';

/**
 * An audit event as a person reads it: what was done, in words ("Allocated
 * the case"), and each change as "Team: Assessment → Fostering", with names
 * and labels in place of ids and dates as "1 April 2025". The stored event is
 * untouched (before and after as saved); this is only how it is shown.
 */
export interface AuditEventLike {
  action: string;
  before: unknown;
  after: unknown;
}

/** Names for the ids an event holds, from the caller (who has the users, units and reference items). */
export interface AuditNames {
  user(id: string): string | null;
  unit(id: string): string | null;
  item(id: string): string | null;
}

export interface AuditSentence {
  summary: string;
  changes: string[];
}

const SUMMARIES: Record<string, string> = {
  'case.create': 'Recorded the case',
  'case.import': 'Imported the case from the old system',
  'case.acknowledge': 'Recorded the acknowledgement',
  'case.allocate': 'Allocated the case',
  'case.close': 'Closed the case',
  'case.reopen': 'Reopened the case',
  'case.withdraw': 'Recorded that the complainant withdrew',
  'case.correct_type': 'Corrected the type of feedback',
  'case.set_procedure': 'Decided the procedure',
  'case.update_details': 'Changed the subject or classification',
  'case.link': 'Linked the case to another',
  'case.merge': 'Merged the case as a duplicate',
  'case.triage.stage1': 'Triaged: accepted at the first stage',
  'case.triage.concern': 'Triaged: resolved informally as a concern',
  'case.triage.record': 'Triaged: recorded and closed',
  'case.triage.signpost': 'Triaged: out of scope, signposted',
  'compliment.update': 'Recorded the compliment’s details',
  'person.add': 'Added a person to the case',
  'person.update': 'Changed a person’s details',
  'person.update_elsewhere': 'Changed the details of someone on this case, from another case',
  'stage.escalate': 'Escalated the complaint',
  'stage.update': 'Updated a stage',
  'stage.add_person': 'Named someone on a stage',
  'investigation.add': 'Added an investigation',
  'investigation.update': 'Updated an investigation',
  'investigation.heads': 'Changed the heads of complaint',
  'remedy.add': 'Added a remedy',
  'remedy.complete': 'Recorded a remedy as done',
  'learning.add': 'Recorded learning',
  'action.add': 'Added an action',
  'action.complete': 'Recorded an action as done',
  'attachment.add': 'Added a document',
  'attachment.download': 'Downloaded a document',
  'letter.email': 'Sent a letter by email',
  'letter.word': 'Made a letter as a Word document',
  'letter.post': 'Recorded a letter sent by post',
  'clock.extended': 'Extended a clock',
  'clock.paused': 'Paused a clock',
  'clock.resumed': 'Resumed a clock',
  'clock.restarted': 'Restarted a clock',
  'report.quote': 'Chose a quote for the annual report',
  'report.unquote': 'Took the quote out of the annual report',
  'learning.in_report': 'Changed whether the learning is in the annual report’s “You said, we did”',
  'report.text': 'Changed the annual report’s text',
  'report.status': 'Marked the annual report’s text draft or final',
};

/** Field names as words, where splitting the name is not enough. */
const FIELD_LABELS: Record<string, string> = {
  teamId: 'Team',
  investigatingManagerId: 'Investigating manager',
  investigatorId: 'Investigator',
  ownerId: 'Owner',
  staffUserId: 'Staff member',
  userId: 'Person',
  mainCategoryId: 'Main problem category',
  channelId: 'Channel',
  remedyTypeId: 'Remedy type',
  learningTypeId: 'Learning type',
  actionTypeId: 'Action type',
  originId: 'From',
  themeId: 'Theme',
  relationshipId: 'Relationship to the child',
  serviceUserGroupId: 'Service user group',
  ethnicityId: 'Ethnicity',
  givenName: 'First name',
  familyName: 'Last name',
  addressLine1: 'Address',
  lookedAfter: 'Looked after',
  dateOfBirth: 'Date of birth',
  outcomeWanted: 'The outcome they want',
  changedOn: 'Changed on case',
  amountPence: 'Amount',
  lgscoDecision: 'Ombudsman decision',
  lgscoFaultFound: 'Fault found',
  lgscoInjusticeFound: 'Injustice found',
  lgscoReference: 'Ombudsman reference',
};

/** Fields that say where or why a change was made, not a value that changed: shown once, without an arrow. */
const CONTEXT_FIELDS = new Set(['changedOn']);
/** Who an event is about (recordAudit's `about`): said in the summary, so not listed again as a change. */
const ABOUT_FIELDS = new Set(['partyRole', 'personName']);
const USER_FIELDS = new Set(['investigatingManagerId', 'investigatorId', 'ownerId', 'staffUserId', 'userId']);
const UNIT_FIELDS = new Set(['teamId', 'orgUnitId']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONGEST = 200;

/** "investigatorCostPence" → "Investigator cost pence"; known names from the table. */
export function fieldLabel(key: string): string {
  if (FIELD_LABELS[key]) return FIELD_LABELS[key];
  const words = key
    .replace(/(Id|On|Pence)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Codes a field holds, in the words the pages use ("childrens_statutory" is "Children's social care (statutory)"). */
const CODE_WORDS: Record<string, (code: string) => string | undefined> = {
  type: (c) => FEEDBACK_TYPE_LABELS[c as keyof typeof FEEDBACK_TYPE_LABELS],
  fromType: (c) => FEEDBACK_TYPE_LABELS[c as keyof typeof FEEDBACK_TYPE_LABELS],
  toType: (c) => FEEDBACK_TYPE_LABELS[c as keyof typeof FEEDBACK_TYPE_LABELS],
  status: (c) => CASE_STATUS_LABELS[c as keyof typeof CASE_STATUS_LABELS],
  stage: (c) => STAGE_LABELS[c as keyof typeof STAGE_LABELS],
  kind: (c) => STAGE_LABELS[c as keyof typeof STAGE_LABELS],
  to: (c) => STAGE_LABELS[c as keyof typeof STAGE_LABELS],
  outcome: (c) => OUTCOME_LABELS[c as keyof typeof OUTCOME_LABELS],
  lgscoDecision: (c) => LGSCO_DECISION_LABELS[c as keyof typeof LGSCO_DECISION_LABELS],
  procedure: (c) => maybeProcedure(c)?.label,
  fromProcedure: (c) => maybeProcedure(c)?.label,
  toProcedure: (c) => maybeProcedure(c)?.label,
  clock: (c) => CLOCK_LABELS[c as keyof typeof CLOCK_LABELS],
  template: (c) => defaultLetter(c)?.name,
  role: (c) =>
    PARTY_ROLE_LABELS[c as keyof typeof PARTY_ROLE_LABELS] ?? STAGE_ROLE_LABELS[c as keyof typeof STAGE_ROLE_LABELS],
};

/** A head of complaint as a reader expects it: "No call back: Calls were not returned (upheld)". */
function headText(h: Record<string, unknown>): string | null {
  if (typeof h.summary !== 'string') return null;
  const outcome = typeof h.outcome === 'string' ? OUTCOME_LABELS[h.outcome as keyof typeof OUTCOME_LABELS] : null;
  return `${h.summary}${h.finding ? `: ${String(h.finding)}` : ''}${outcome ? ` (${outcome.toLowerCase()})` : ''}`;
}

function valueText(key: string, value: unknown, names: AuditNames): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'string' && CODE_WORDS[key]) {
    const words = CODE_WORDS[key](value);
    if (words) return words;
  }
  if (key === 'heads' && Array.isArray(value))
    return value.length
      ? value.map((h, i) => `${i + 1}. ${headText(h as Record<string, unknown>) ?? valueText('', h, names)}`).join('; ')
      : 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number')
    return key.endsWith('Pence')
      ? `£${(value / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
      : value.toLocaleString('en-GB');
  if (Array.isArray(value)) return value.length ? value.map((v) => valueText(key, v, names)).join(', ') : 'none';
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${fieldLabel(k).toLowerCase()} ${valueText(k, v, names)}`)
      .join('; ');
  const text = String(value);
  const asDate: unknown = text;
  if (isIsoDate(asDate)) return formatLongDate(asDate);
  if (UUID.test(text)) {
    const name = USER_FIELDS.has(key) ? names.user(text) : UNIT_FIELDS.has(key) ? names.unit(text) : names.item(text);
    return name ?? names.user(text) ?? names.unit(text) ?? names.item(text) ?? 'a record since removed';
  }
  // Codes (not_upheld, childrens_statutory) read as words.
  const readable = /^[a-z0-9]+(_[a-z0-9]+)+$/.test(text) ? text.replace(/_/g, ' ') : text;
  return readable.length > LONGEST ? `${readable.slice(0, LONGEST)}…` : readable;
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Whose details a person event is about ("the complainant, Sarah Jones"), from
 * the role and name the event holds, so a case with three people says which
 * one changed even when the role and name themselves did not.
 */
function whose(after: Record<string, unknown>, before: Record<string, unknown>): string | null {
  const role = (after.partyRole ?? after.role ?? before.role) as string | undefined;
  const label = role ? PARTY_ROLE_LABELS[role as keyof typeof PARTY_ROLE_LABELS] : undefined;
  const name =
    typeof after.personName === 'string'
      ? after.personName
      : [after.givenName ?? before.givenName, after.familyName ?? before.familyName]
          .filter((n): n is string => typeof n === 'string' && n.trim() !== '')
          .join(' ');
  if (!label) return name || null;
  return `the ${label.toLowerCase()}${name ? `, ${name}` : ''}`;
}

const PERSON_SUMMARIES: Record<string, (who: string) => string> = {
  'person.add': (who) => `Added ${who} to the case`,
  'person.update': (who) => `Changed the details of ${who}`,
  'person.update_elsewhere': (who) => `Changed the details of ${who}, from another case`,
};

export function auditSentence(e: AuditEventLike, names: AuditNames): AuditSentence {
  const before = asRecord(e.before);
  const after = asRecord(e.after);
  const who = PERSON_SUMMARIES[e.action] ? whose(after, before) : null;
  const summary = who ? PERSON_SUMMARIES[e.action]!(who) : (SUMMARIES[e.action] ?? fallbackSummary(e.action));
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const hadBefore = e.before !== null && e.before !== undefined;
  const internal = (v: unknown) =>
    typeof v === 'string' && UUID.test(v) && !names.user(v) && !names.unit(v) && !names.item(v);
  // Ids of Heard's own records (a stage, an investigation) mean nothing to a reader: left out, unless the field is named.
  const shown = keys
    .filter((k) => !ABOUT_FIELDS.has(k))
    .filter((k) => FIELD_LABELS[k] || !(internal(before[k]) || internal(after[k])))
    .sort((a, b) => Number(CONTEXT_FIELDS.has(b)) - Number(CONTEXT_FIELDS.has(a)));
  const changes = shown.map((key) => {
    const label = fieldLabel(key);
    const now = valueText(key, after[key], names);
    return hadBefore && key in before && !CONTEXT_FIELDS.has(key)
      ? `${label}: ${valueText(key, before[key], names)} → ${now}`
      : `${label}: ${now}`;
  });
  return { summary, changes };
}

/** An action no table names yet still reads as words: "case.progress_checked" → "Case progress checked". */
function fallbackSummary(action: string): string {
  const words = action.replace(/[._]/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
