import type { IsoDate } from '../calendar/iso-date.ts';
import { definitionOfStage, maybeProcedure, procedureKeys } from '../procedures/registry.ts';
import {
  outcomeOfLgscoDecision,
  FEEDBACK_TYPES,
  LGSCO_DECISIONS,
  OUTCOMES,
  type FeedbackType,
  type LgscoDecision,
  type Outcome,
  type Procedure,
  STAGE_LABELS,
  STAGE_ROLE_LABELS,
  type StageKind,
  type StageRole,
} from '../cases/vocabulary.ts';
import { FIELD_LIMITS, tooLong } from '../cases/field-limits.ts';
import { checkIndependence, checkOmbudsmanDecision, stagesLeftOpen } from '../cases/stage-rules.ts';
import type { ReferenceKind } from '../reference-data/kinds.ts';
import type { StageCostField } from '../procedures/types.ts';
import { IMPORT_COLUMNS } from './columns.ts';
import { labelKey, parseDate, parsePounds, parseYesNo, splitList } from './values.ts';

/**
 * One row of a legacy file, read into a case or a list of problems. Pure: the
 * lookups (reference data, teams, the council's label mappings) are passed in.
 */
export interface ImportProblem {
  /** The line in the file, counting the header as line 1. */
  line: number;
  column: string;
  value: string;
  message: string;
  /** For a label Heard does not know: the mapping file's key that would map it (`team`, `outcome`, `channel`…). */
  mapAs?: string;
}

/**
 * A ready-to-edit mapping file for every label the file used that Heard does
 * not know: each old label, once, against an empty answer to fill in.
 */
export function mappingSkeleton(problems: readonly ImportProblem[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const p of problems) if (p.mapAs && p.value) (out[p.mapAs] ??= {})[p.value] = '';
  return out;
}

export interface ImportLookups {
  today: IsoDate;
  /** Reference item id for a code or label, after the council's mapping; null if unknown. */
  reference(kind: ReferenceKind, raw: string): string | null;
  /** The org unit (team, service or directorate) a name then or now, or a path, names, after mapping. */
  unit(raw: string): ImportUnit;
  /** The council's mapping of its own labels to Heard's words, for fixed vocabularies. */
  mapped(field: 'type' | 'procedure' | 'outcome' | 'lgsco_decision', raw: string): string;
}

/** A unit found by name or path; 'ambiguous' when a name (or path) fits more than one; null when none. */
export type ImportUnit = { id: string; kind: 'directorate' | 'service' | 'team' } | 'ambiguous' | null;

/** A stage as the import records it: begun the day it was asked for; nothing else known unless the row gives it. */
function importedStage(kind: StageKind, requestedOn: IsoDate | null, known: Partial<ImportedStage>): ImportedStage {
  return {
    kind,
    requestedOn,
    startedOn: requestedOn,
    statementAgreedOn: null,
    reportsReceivedOn: null,
    adjudicatedOn: null,
    panelHeldOn: null,
    chairReportReceivedOn: null,
    authorityRespondedOn: null,
    respondedOn: null,
    outcome: null,
    outcomeOverrideReason: null,
    clockEvents: [],
    people: [],
    costs: {},
    lgscoReference: null,
    lgscoDecision: null,
    lgscoEnquiryRespondedOn: null,
    lgscoFaultFound: null,
    lgscoInjusticeFound: null,
    ...known,
  };
}

export interface ImportedStage {
  kind: StageKind;
  requestedOn: IsoDate | null;
  startedOn: IsoDate | null;
  statementAgreedOn: IsoDate | null;
  /** Stage 2: the investigator's and independent person's reports, and the adjudication. */
  reportsReceivedOn: IsoDate | null;
  adjudicatedOn: IsoDate | null;
  panelHeldOn: IsoDate | null;
  /** Stage 3: the chair's report received, and the authority's response (which stops the Stage 3 clock). */
  chairReportReceivedOn: IsoDate | null;
  authorityRespondedOn: IsoDate | null;
  respondedOn: IsoDate | null;
  outcome: Outcome | null;
  /** Extensions and pauses of the stage's response clock, so its clock can be rebuilt. Reason null: "Imported from <system>". */
  clockEvents: ImportedClockEvent[];
  /** Who handled the stage, by name, in the roles its definition has. */
  people: { role: StageRole; name: string }[];
  /** Withdrawn stages: why (the casework's withdraw records it the same way). */
  outcomeOverrideReason: string | null;
  /** Costs in pence, by the fields the stage's definition has. */
  costs: Partial<Record<StageCostField, number | null>>;
  lgscoReference: string | null;
  lgscoDecision: LgscoDecision | null;
  /** The Ombudsman stage: the council's answer to the enquiry (which stops its clock), and the findings. */
  lgscoEnquiryRespondedOn: IsoDate | null;
  lgscoFaultFound: boolean | null;
  lgscoInjusticeFound: boolean | null;
}

export interface ImportedClockEvent {
  kind: 'extended' | 'paused' | 'resumed';
  on: IsoDate;
  days: number | null;
  to: IsoDate | null;
  reason: string | null;
  complainantAgreed: boolean | null;
  agreedOn: IsoDate | null;
}

export interface ImportedCase {
  line: number;
  legacyReference: string;
  type: FeedbackType;
  receivedOn: IsoDate;
  channelId: string | null;
  subject: string;
  description: string;
  procedure: Procedure | null;
  /** The case's unit: a team, or a service or directorate where the old system held no team. */
  teamId: string | null;
  unitKind: 'directorate' | 'service' | 'team' | null;
  categoryId: string | null;
  themeIds: string[];
  eventsOn: IsoDate | null;
  acknowledgedOn: IsoDate | null;
  /** A child complainant: when advocacy was offered, and what they said. */
  advocacyOfferedOn: IsoDate | null;
  advocacyResponse: string | null;
  closedOn: IsoDate | null;
  outcome: Outcome | null;
  complainant: {
    name: string;
    relationshipId: string | null;
    email: string | null;
    phone: string | null;
    postcode: string | null;
  } | null;
  child: {
    name: string;
    dateOfBirth: IsoDate | null;
    ethnicityId: string | null;
    groupId: string | null;
    lookedAfter: boolean | null;
  } | null;
  stages: ImportedStage[];
  /**
   * Each remedy with the stage it was given at, when it was paid or done, and (money) to whom. No date:
   * done when the stage answered, unless it is a payment, whose date is then not known.
   */
  remedies: {
    stage: StageKind;
    typeId: string;
    amountPence: number | null;
    paidOn: IsoDate | null;
    paidTo: string | null;
  }[];
  learning: { typeId: string; text: string }[];
  /** Compliments: who sent it and what it praised (the reports count both). */
  compliment: { originId: string | null; themeId: string | null; staffName: string | null } | null;
}

const VOCAB_LABELS: Record<'type' | 'procedure' | 'outcome' | 'lgsco_decision', readonly string[]> = {
  type: FEEDBACK_TYPES,
  procedure: procedureKeys(),
  outcome: OUTCOMES,
  lgsco_decision: LGSCO_DECISIONS,
};
// Common spellings in legacy systems, before any council mapping.
const SYNONYMS: Record<string, string> = {
  statutory: 'childrens_statutory',
  childrensstatutory: 'childrens_statutory',
  childrenssocialcare: 'childrens_statutory',
  adultsocialcare: 'adult_social_care_statutory',
  outofscope: 'out_of_scope',
  partlyupheld: 'partially_upheld',
  partiallyupheld: 'partially_upheld',
  notupheld: 'not_upheld',
  nofinding: 'no_finding',
  closednofinding: 'no_finding',
  outsidejurisdiction: 'outside_jurisdiction',
  mpenquiry: 'mp_enquiry',
  mp: 'mp_enquiry',
  closedafterinitialenquiries: 'closed_after_initial_enquiries',
  referredbackforlocalresolution: 'premature_referred_back',
  premature: 'premature_referred_back',
  notinvestigated: 'not_investigated',
};

/**
 * A legacy reference becomes the case's reference in Heard: it goes into web
 * addresses, file names and email subjects, so only characters that are safe
 * in all of them are taken. It is matched without regard to case.
 */
/** The people a legacy file may name per stage: column, stage, role. */
const STAGE_PEOPLE_COLUMNS = [
  ['stage1_investigating_manager', 'stage1', 'investigating_manager'],
  ['stage2_investigating_officer', 'stage2', 'independent_investigating_officer'],
  ['stage2_independent_person', 'stage2', 'independent_person'],
  ['stage3_panel_chair', 'stage3', 'panel_chair'],
] as const satisfies readonly (readonly [string, StageKind, StageRole])[];

/** The columns that belong to a stage (Stage 1, 2, 3 or the Ombudsman's), and so to a complaint's stages. */
const STAGE_COLUMNS = IMPORT_COLUMNS.map((c) => c.name).filter(
  (n) => /^(stage[123]|lgsco)_/.test(n) || n === 'remedies' || n === 'withdrawal_reason',
);

/** Who a remedy was paid to, in words: a name or a role, never a letter. */
const REMEDY_PAID_TO_LIMIT = 200;

export const LEGACY_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function readRow(
  line: number,
  raw: Record<string, string>,
  look: ImportLookups,
): { draft: ImportedCase | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const get = (col: string) => (raw[col] ?? '').trim();
  const problem = (column: string, message: string, mapAs?: string) =>
    problems.push({ line, column, value: get(column), message, ...(mapAs ? { mapAs } : {}) });

  const date = (col: string): IsoDate | null => {
    const p = parseDate(get(col));
    if (!p.ok) {
      problem(col, p.message);
      return null;
    }
    if (p.value && p.value > look.today) problem(col, 'The date is in the future');
    return p.value;
  };
  const vocab = <T extends string>(col: string, field: keyof typeof VOCAB_LABELS, required = false): T | null => {
    const v = get(col);
    if (!v) {
      if (required) problem(col, 'This is required');
      return null;
    }
    const mapped = look.mapped(field, v);
    const key = labelKey(mapped);
    const hit = VOCAB_LABELS[field].find((w) => labelKey(w) === key) ?? SYNONYMS[key];
    if (!hit || !VOCAB_LABELS[field].includes(hit)) {
      problem(
        col,
        `"${v}" is not a known ${field.replace('_', ' ')}: use one of ${VOCAB_LABELS[field].join(', ')}, or map it`,
        field,
      );
      return null;
    }
    return hit as T;
  };
  const ref = (col: string, kind: ReferenceKind, value = get(col)): string | null => {
    if (!value) return null;
    const id = look.reference(kind, value);
    if (!id)
      problem(
        col,
        `"${value}" is not a known ${kind.replace(/_/g, ' ')}: add it to the reference data, or map it`,
        kind,
      );
    return id;
  };

  const legacyReference = get('legacy_reference');
  if (!legacyReference) problem('legacy_reference', 'This is required');
  else if (legacyReference.length > 50) problem('legacy_reference', 'The reference must be 50 characters or fewer');
  else if (!LEGACY_REFERENCE.test(legacyReference))
    problem(
      'legacy_reference',
      'A reference may hold only letters, digits, hyphens (-), underscores (_) and full stops (.), starting with a letter or digit: map or replace any other character (a "/" as "-", for example)',
    );
  const type = vocab<FeedbackType>('type', 'type', true);
  const receivedOn = date('received_on');
  if (!get('received_on')) problem('received_on', 'This is required');
  const procedure = vocab<Procedure>('procedure', 'procedure');
  const teamName = get('team');
  const unit = teamName ? look.unit(teamName) : null;
  const teamId = unit && unit !== 'ambiguous' ? unit.id : null;
  if (teamName && !unit)
    problem(
      'team',
      `"${teamName}" is not a team, service or directorate Heard knows, by any of its names: add it, or map it`,
      'team',
    );
  if (unit === 'ambiguous')
    problem(
      'team',
      `"${teamName}" names more than one part of the organisation: write its path, like "Directorate > Service > Team"`,
    );
  const themeIds = splitList(get('themes'))
    .map((t) => ref('themes', 'theme', t))
    .filter((x): x is string => !!x);
  const eventsOn = date('events_on');
  const acknowledgedOn = date('acknowledged_on');
  const closedOn = date('closed_on');
  const outcome = vocab<Outcome>('outcome', 'outcome');
  const lookedAfter = parseYesNo(get('looked_after'));
  if (!lookedAfter.ok) problem('looked_after', lookedAfter.message);

  // Dates must run forwards.
  const notBefore = (col: string, value: IsoDate | null, earlier: IsoDate | null, what: string) => {
    if (value && earlier && value < earlier) problem(col, `This is before ${what} (${earlier})`);
  };
  notBefore('acknowledged_on', acknowledgedOn, receivedOn, 'the date received');
  const advocacyOfferedOn = date('advocacy_offered_on');
  notBefore('advocacy_offered_on', advocacyOfferedOn, receivedOn, 'the date received');
  const advocacyResponse = get('advocacy_response') || null;
  if (advocacyResponse && advocacyResponse.length > FIELD_LIMITS.advocacyResponse)
    problem('advocacy_response', tooLong('The advocacy response', FIELD_LIMITS.advocacyResponse));
  notBefore('closed_on', closedOn, receivedOn, 'the date received');
  if (eventsOn && receivedOn && eventsOn > receivedOn)
    problem('events_on', `This is after the date received (${receivedOn})`);

  const stages: ImportedStage[] = [];
  const withdrawnOn = {
    stage1: date('stage1_withdrawn_on'),
    stage2: date('stage2_withdrawn_on'),
    stage3: date('stage3_withdrawn_on'),
  };
  const s1Responded = date('stage1_responded_on');
  const s1Outcome = vocab<Outcome>('stage1_outcome', 'outcome');
  notBefore('stage1_responded_on', s1Responded, receivedOn, 'the date received');
  const hasStages = type === 'complaint' && !maybeProcedure(procedure)?.signpostsOnly;
  // Every stage column on a row that has no stages is refused by name, never dropped: a
  // compliment or MP enquiry has no stages at all; a signposted complaint has no local stages
  // (the Ombudsman may still look at it).
  if (type && !hasStages)
    for (const col of STAGE_COLUMNS)
      if (get(col) && (type !== 'complaint' || !col.startsWith('lgsco_')))
        problem(
          col,
          type === 'complaint'
            ? 'A complaint under this procedure is signposted, so it has no local stages: leave this empty'
            : `Stages are for complaints, and this row is a ${type.replace('_', ' ')}: leave this empty, or make the row a complaint`,
        );
  if (hasStages && (s1Responded || s1Outcome || withdrawnOn.stage1 || procedure)) {
    stages.push(
      importedStage('stage1', receivedOn, {
        respondedOn: s1Responded,
        outcome: s1Outcome,
      }),
    );
  }
  const money = (col: string) => {
    const p = parsePounds(get(col));
    if (!p.ok) problem(col, p.message);
    return p.ok ? p.value : null;
  };
  const s2Requested = date('stage2_requested_on');
  const s2Statement = date('stage2_statement_agreed_on');
  const s2Responded = date('stage2_responded_on');
  const s2Outcome = vocab<Outcome>('stage2_outcome', 'outcome');
  const s2Reports = date('stage2_reports_received_on');
  const s2Adjudicated = date('stage2_adjudicated_on');
  const s2Costs = {
    investigatorCostPence: money('stage2_cost'),
    independentPersonCostPence: money('stage2_independent_person_cost'),
    otherCostPence: money('stage2_other_cost'),
  };
  // A row without stages has had each of these refused above, once, by column.
  if (
    hasStages &&
    (s2Requested ||
      s2Statement ||
      s2Reports ||
      s2Adjudicated ||
      s2Responded ||
      s2Outcome ||
      withdrawnOn.stage2 ||
      Object.values(s2Costs).some((v) => v !== null))
  ) {
    if (!s2Requested) problem('stage2_requested_on', 'Stage 2 needs the date it was requested');
    notBefore(
      'stage2_requested_on',
      s2Requested,
      s1Responded ?? receivedOn,
      s1Responded ? 'the Stage 1 response' : 'the date received',
    );
    notBefore('stage2_statement_agreed_on', s2Statement, s2Requested, 'the Stage 2 request');
    notBefore(
      'stage2_reports_received_on',
      s2Reports,
      s2Statement ?? s2Requested,
      s2Statement ? 'the statement of complaint' : 'the Stage 2 request',
    );
    notBefore('stage2_adjudicated_on', s2Adjudicated, s2Reports ?? s2Statement ?? s2Requested, 'the reports');
    notBefore(
      'stage2_responded_on',
      s2Responded,
      s2Adjudicated ?? s2Reports ?? s2Statement ?? s2Requested,
      s2Adjudicated ? 'the adjudication' : s2Reports ? 'the reports' : 'the start of Stage 2',
    );
    stages.push(
      importedStage('stage2', s2Requested, {
        statementAgreedOn: s2Statement,
        reportsReceivedOn: s2Reports,
        adjudicatedOn: s2Adjudicated,
        respondedOn: s2Responded,
        outcome: s2Outcome,
        costs: s2Costs,
      }),
    );
  }
  const s3Requested = date('stage3_requested_on');
  const s3Panel = date('stage3_panel_held_on');
  const s3ChairReport = date('stage3_chair_report_on');
  const s3Responded = date('stage3_responded_on');
  const s3Outcome = vocab<Outcome>('stage3_outcome', 'outcome');
  const s3Costs = { panelCostPence: money('stage3_cost'), otherCostPence: money('stage3_other_cost') };
  if (
    hasStages &&
    (s3Requested ||
      s3Panel ||
      s3ChairReport ||
      s3Responded ||
      s3Outcome ||
      withdrawnOn.stage3 ||
      Object.values(s3Costs).some((v) => v !== null))
  ) {
    if (!s3Requested) problem('stage3_requested_on', 'Stage 3 needs the date it was requested');
    if (!s2Requested) problem('stage3_requested_on', 'Stage 3 comes after Stage 2: give the Stage 2 dates');
    notBefore('stage3_requested_on', s3Requested, s2Responded, 'the Stage 2 response');
    notBefore('stage3_panel_held_on', s3Panel, s3Requested, 'the Stage 3 request');
    notBefore(
      'stage3_chair_report_on',
      s3ChairReport,
      s3Panel ?? s3Requested,
      s3Panel ? 'the panel' : 'the Stage 3 request',
    );
    notBefore(
      'stage3_responded_on',
      s3Responded,
      s3ChairReport ?? s3Panel ?? s3Requested,
      s3ChairReport ? 'the chair’s report' : s3Panel ? 'the panel' : 'the Stage 3 request',
    );
    stages.push(
      importedStage('stage3', s3Requested, {
        panelHeldOn: s3Panel,
        chairReportReceivedOn: s3ChairReport,
        // The authority's response to the panel is Stage 3's answer: its clock stops on it.
        authorityRespondedOn: s3Responded,
        respondedOn: s3Responded,
        outcome: s3Outcome,
        costs: s3Costs,
      }),
    );
  }
  const lReceived = date('lgsco_received_on');
  const lDecision = vocab<LgscoDecision>('lgsco_decision', 'lgsco_decision');
  const lDecisionOn = date('lgsco_decision_on');
  const lAnswered = date('lgsco_enquiry_responded_on');
  const lFault = parseYesNo(get('lgsco_fault_found'));
  if (!lFault.ok) problem('lgsco_fault_found', lFault.message);
  const lInjustice = parseYesNo(get('lgsco_injustice_found'));
  if (!lInjustice.ok) problem('lgsco_injustice_found', lInjustice.message);
  const lReference = get('lgsco_reference') || null;
  const lFindings = (lFault.ok && lFault.value !== null) || (lInjustice.ok && lInjustice.value !== null);
  if (type === 'complaint' && (lReceived || lDecision || lDecisionOn || lAnswered || lReference || lFindings)) {
    if (!lReceived) problem('lgsco_received_on', 'The Ombudsman stage needs the date the enquiry arrived');
    notBefore('lgsco_received_on', lReceived, receivedOn, 'the date received');
    notBefore('lgsco_enquiry_responded_on', lAnswered, lReceived, 'the enquiry');
    notBefore('lgsco_decision_on', lDecisionOn, lReceived, 'the enquiry');
    // The rule the casework applies: a decision has its date, and a date its decision.
    for (const e of checkOmbudsmanDecision({ lgscoDecision: lDecision, lgscoDecisionOn: lDecisionOn }))
      problem(e.field === 'lgscoDecisionOn' ? 'lgsco_decision_on' : 'lgsco_decision', e.message);
    stages.push(
      importedStage('lgsco', lReceived, {
        respondedOn: lDecisionOn,
        outcome: outcomeOfLgscoDecision(lDecision),
        lgscoReference: lReference,
        lgscoDecision: lDecision,
        lgscoEnquiryRespondedOn: lAnswered,
        lgscoFaultFound: lFault.ok ? lFault.value : null,
        lgscoInjusticeFound: lInjustice.ok ? lInjustice.value : null,
      }),
    );
  }

  // A withdrawn stage closes on its withdrawal date with the outcome "withdrawn", as the
  // casework's withdraw records it; nothing follows it.
  const withdrawalReason = get('withdrawal_reason');
  for (const st of stages) {
    if (st.kind === 'lgsco') continue;
    const on = withdrawnOn[st.kind];
    const col = `${st.kind}_withdrawn_on`;
    if (!on) continue;
    const label = STAGE_LABELS[st.kind];
    if (st.respondedOn) problem(col, `${label} has a response date too: a stage is answered or withdrawn, not both`);
    if (st.outcome && st.outcome !== 'withdrawn')
      problem(col, `${label}'s outcome is "${st.outcome}": a withdrawn stage's outcome is withdrawn (leave it empty)`);
    notBefore(col, on, st.startedOn, `the start of ${label}`);
    const later = stages.find((l) => l.kind !== 'lgsco' && l.kind > st.kind);
    if (later) problem(col, `${label} was withdrawn, so it cannot go on to ${STAGE_LABELS[later.kind]}`);
    st.respondedOn = on;
    st.authorityRespondedOn = st.kind === 'stage3' ? null : st.authorityRespondedOn;
    st.outcome = 'withdrawn';
    st.outcomeOverrideReason = `Withdrawn: ${withdrawalReason || 'no reason recorded in the old system'}`;
  }
  if (withdrawalReason && !Object.values(withdrawnOn).some(Boolean))
    problem('withdrawal_reason', 'Give the date the stage was withdrawn (stage1_withdrawn_on, ...)');
  // The rule the casework's close applies: a closed case has no stage left without an answer.
  const open = closedOn ? stagesLeftOpen(stages) : [];
  if (open.length)
    problem(
      'closed_on',
      `The case is closed, but ${open.join(' and ')} has no response or withdrawal date: give it, or leave the case open`,
    );

  // Extensions and pauses, per stage, on the stage's response clock (the Ombudsman's: the council's answer
  // to its enquiry, whose extension the Ombudsman grants, so it has no complainant's agreement).
  for (const kind of ['stage1', 'stage2', 'stage3', 'lgsco'] as const) {
    const st = stages.find((x) => x.kind === kind);
    const label = STAGE_LABELS[kind];
    const extOn = date(`${kind}_extended_on`);
    const extTo = date(`${kind}_extended_to`);
    const daysRaw = get(`${kind}_extension_days`);
    const days = daysRaw ? Number(daysRaw) : null;
    if (daysRaw && (!Number.isInteger(days) || days! <= 0))
      problem(
        `${kind}_extension_days`,
        `"${daysRaw}" is not a number of ${kind === 'lgsco' ? 'days' : 'working days'}, like 10`,
      );
    const agreed = parseYesNo(get(`${kind}_extension_agreed`));
    if (!agreed.ok) problem(`${kind}_extension_agreed`, agreed.message);
    const pauses: { from: IsoDate; to: IsoDate | null; reason: string }[] = [];
    for (const item of splitList(get(`${kind}_pauses`))) {
      const colon = item.indexOf(':');
      const reason = colon < 0 ? '' : item.slice(colon + 1).trim();
      const [fromRaw = '', toRaw = '', ...rest] = (colon < 0 ? item : item.slice(0, colon)).trim().split(/\s+to\s+/i);
      const from = rest.length ? null : parseDate(fromRaw);
      const to = parseDate(toRaw);
      if (!from?.ok || !from.value || !to.ok || !reason) {
        problem(
          `${kind}_pauses`,
          `"${item}" is not a pause: write "from to to: reason", like "02/05/2023 to 09/05/2023: awaiting records"`,
        );
        continue;
      }
      if (to.value && to.value < from.value) problem(`${kind}_pauses`, `The pause "${item}" ends before it starts`);
      pauses.push({ from: from.value, to: to.value, reason });
    }
    const anyExtension = extOn || extTo || daysRaw || get(`${kind}_extension_agreed`);
    if (!anyExtension && !pauses.length) continue;
    if (!st) {
      problem(
        anyExtension ? `${kind}_extended_on` : `${kind}_pauses`,
        `${label} has no dates: give the stage before its extension or pauses`,
      );
      continue;
    }
    const within = (col: string, on: IsoDate | null) => {
      notBefore(col, on, st.startedOn, `the start of ${label}`);
      if (on && st.respondedOn && on > st.respondedOn)
        problem(col, `This is after ${label} was answered (${st.respondedOn})`);
    };
    if (anyExtension) {
      if (!extOn) problem(`${kind}_extended_on`, 'An extension needs the date it was agreed');
      if (!extTo && !daysRaw)
        problem(`${kind}_extended_to`, 'An extension needs its new due date, or the extra working days');
      if (extTo && daysRaw) problem(`${kind}_extended_to`, 'Give the new due date or the extra working days, not both');
      within(`${kind}_extended_on`, extOn);
      notBefore(`${kind}_extended_to`, extTo, extOn, 'the date the extension was agreed');
      if (extOn)
        st.clockEvents.push({
          kind: 'extended',
          on: extOn,
          days: extTo ? null : days,
          to: extTo,
          reason: null,
          complainantAgreed: agreed.ok ? agreed.value : null,
          agreedOn: agreed.ok && agreed.value ? extOn : null,
        });
    }
    for (const p of pauses) {
      within(`${kind}_pauses`, p.from);
      within(`${kind}_pauses`, p.to);
      const base = { days: null, to: null, reason: p.reason, complainantAgreed: null, agreedOn: null };
      st.clockEvents.push({ kind: 'paused', on: p.from, ...base });
      if (p.to) st.clockEvents.push({ kind: 'resumed', on: p.to, ...base });
    }
  }

  // Remedies: per stage, or (the `remedies` column) at the last local stage. Each is
  // "type", "type: amount", with " paid <date>" (or " given <date>") when it was paid or done.
  // Who handled each stage, by name, in a role its definition has, and independent as it requires.
  for (const [col, kind, role] of STAGE_PEOPLE_COLUMNS) {
    const name = get(col);
    if (!name) continue;
    const st = stages.find((x) => x.kind === kind);
    const definition = definitionOfStage(procedure, kind);
    if (!st) problem(col, `${STAGE_LABELS[kind]} has no dates: give them with the people who handled it`);
    else if (!definition.people.includes(role))
      problem(col, `${STAGE_LABELS[kind]} under this procedure has no ${STAGE_ROLE_LABELS[role].toLowerCase()}`);
    else st.people.push({ role, name });
  }
  for (const st of stages) {
    for (const rule of definitionOfStage(procedure, st.kind).independence) {
      const earlier = stages.find((x) => x.kind === rule.notEarlier.stage)?.people ?? [];
      for (const p of st.people.filter((x) => rule.roles.includes(x.role))) {
        const refused = checkIndependence(
          rule,
          p,
          earlier.filter((e) => rule.notEarlier.roles.includes(e.role)),
        );
        const col = STAGE_PEOPLE_COLUMNS.find(([, k, r]) => k === st.kind && r === p.role)![0];
        if (refused) problem(col, refused.message);
      }
    }
  }

  const remedies: ImportedCase['remedies'] = [];
  const lastLocal = [...stages].reverse().find((st) => st.kind !== 'lgsco');
  for (const [col, st] of [
    ['stage1_remedies', stages.find((x) => x.kind === 'stage1')],
    ['stage2_remedies', stages.find((x) => x.kind === 'stage2')],
    ['stage3_remedies', stages.find((x) => x.kind === 'stage3')],
    ['lgsco_remedies', stages.find((x) => x.kind === 'lgsco')],
    ['remedies', lastLocal],
  ] as const) {
    const items = splitList(get(col));
    if (items.length && !st) {
      problem(
        col,
        col === 'remedies'
          ? 'Remedies belong to a stage: give the Stage 1 (or later) details'
          : `Remedies belong to their stage: give ${col.startsWith('lgsco') ? 'the Ombudsman stage’s' : `${STAGE_LABELS[col.slice(0, 6) as StageKind]}’s`} dates`,
      );
      continue;
    }
    for (const item of items) {
      // "to <whom>" ends a payment: only after an amount (a colon), so a type's own words are never taken for it.
      const to = /^([^:]*:.*?)\s+to\s+(\S.*)$/i.exec(item);
      const paidTo = to ? to[2]!.trim() : null;
      const rest = to ? to[1]! : item;
      const when = /\s+(?:paid|given|on)\s+(\S+)$/i.exec(rest);
      const [label, amount] = (when ? rest.slice(0, when.index) : rest).split(':').map((x) => x.trim());
      const typeId = ref(col, 'remedy_type', label);
      const pence = amount ? parsePounds(amount) : { ok: true as const, value: null };
      if (!pence.ok) problem(col, pence.message);
      const paid = when ? parseDate(when[1]!) : { ok: true as const, value: null };
      if (!paid.ok) problem(col, paid.message);
      const paidOn = paid.ok ? paid.value : null;
      if (paidOn && paidOn > look.today) problem(col, `"${item}": the date is in the future`);
      if (paidOn && st?.startedOn && paidOn < st.startedOn)
        problem(col, `"${item}": this is before the stage started (${st.startedOn})`);
      if (paidTo && !amount)
        problem(
          col,
          `"${item}": who a remedy was paid to goes with its amount, like "Financial remedy: 250 paid 12/05/2023 to the complainant"`,
        );
      if (paidTo && paidTo.length > REMEDY_PAID_TO_LIMIT)
        problem(col, tooLong(`"${item}": who it was paid to`, REMEDY_PAID_TO_LIMIT));
      if (typeId && st)
        remedies.push({ stage: st.kind, typeId, amountPence: pence.ok ? pence.value : null, paidOn, paidTo });
    }
  }
  const learning: ImportedCase['learning'] = [];
  for (const item of splitList(get('learning'), '|')) {
    const at = item.indexOf(':');
    if (at < 0) {
      problem(
        'learning',
        `"${item}" needs a type before a colon, like "Communication or information: what was learned"`,
      );
      continue;
    }
    const typeId = ref('learning', 'learning_type', item.slice(0, at).trim());
    if (typeId) learning.push({ typeId, text: item.slice(at + 1).trim() });
  }

  const complainantName = get('complainant_name');
  const childName = get('child_name');
  const childDob = date('child_date_of_birth');
  // Every lookup runs before deciding, so one pass reports every problem in the row.
  const channelId = ref('channel', 'channel');
  const categoryId = ref('category', 'category');
  const relationshipId = ref('complainant_relationship', 'complainant_relationship');
  const ethnicityId = ref('child_ethnicity', 'ethnicity');
  const groupId = ref('child_group', 'service_user_group');
  const originId = ref('compliment_origin', 'compliment_origin');
  const complimentThemeId = ref('compliment_theme', 'compliment_theme');
  if (type && type !== 'compliment')
    for (const col of ['compliment_origin', 'compliment_theme', 'compliment_staff_name'])
      if (get(col)) problem(col, `This is for compliments, and this row is a ${type.replace('_', ' ')}`);
  const draft: ImportedCase | null =
    problems.length || !type || !receivedOn
      ? null
      : {
          line,
          legacyReference,
          type,
          receivedOn,
          channelId,
          subject: get('subject'),
          description: get('description'),
          procedure,
          teamId,
          unitKind: unit && unit !== 'ambiguous' ? unit.kind : null,
          categoryId,
          themeIds: [...new Set(themeIds)],
          eventsOn,
          acknowledgedOn,
          advocacyOfferedOn,
          advocacyResponse,
          closedOn,
          outcome: outcome ?? stages.find((s) => s.kind === 'stage1')?.outcome ?? null,
          // A party is recorded when any of its details is given, with or without a name
          // (people may be nameless in Heard: they show as "(name not given)"), so no
          // validated value is dropped.
          complainant:
            complainantName ||
            get('complainant_email') ||
            get('complainant_phone') ||
            get('complainant_postcode') ||
            relationshipId
              ? {
                  name: complainantName,
                  relationshipId,
                  email: get('complainant_email') || null,
                  phone: get('complainant_phone') || null,
                  postcode: get('complainant_postcode') || null,
                }
              : null,
          child:
            childName || childDob || ethnicityId || groupId || (lookedAfter.ok && lookedAfter.value !== null)
              ? {
                  name: childName,
                  dateOfBirth: childDob,
                  ethnicityId,
                  groupId,
                  lookedAfter: lookedAfter.ok ? lookedAfter.value : null,
                }
              : null,
          stages,
          remedies,
          learning,
          compliment:
            type === 'compliment'
              ? { originId, themeId: complimentThemeId, staffName: get('compliment_staff_name') || null }
              : null,
        };
  // On a row without stages, a stage column's first problem (that it is not for this row) is the one to fix.
  const once = hasStages
    ? problems
    : problems.filter(
        (p, i) => !STAGE_COLUMNS.includes(p.column) || problems.findIndex((q) => q.column === p.column) === i,
      );
  return { draft, problems: once };
}
