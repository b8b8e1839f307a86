/**
 * The fixed vocabulary of a feedback case. These words drive behaviour (which
 * clock runs, how outcomes roll up, what a report counts), so they are code,
 * not administrable reference data. Labels live beside them so every screen
 * and report says the same thing.
 */

export const FEEDBACK_TYPES = ['complaint', 'compliment', 'comment', 'concern', 'mp_enquiry', 'question'] as const;
export type FeedbackType = (typeof FEEDBACK_TYPES)[number];
export const FEEDBACK_TYPE_LABELS: Record<FeedbackType, string> = {
  complaint: 'Complaint',
  compliment: 'Compliment',
  comment: 'Comment',
  concern: 'Concern (informal)',
  mp_enquiry: 'MP enquiry',
  question: 'Question',
};

/**
 * Which procedure a complaint follows: the key of a definition in
 * src/domain/procedures (registry.ts lists them, with their labels). Null on a
 * case means "not decided yet" (awaiting triage).
 */
export type Procedure = string;

export const CASE_STATUSES = ['new', 'open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'New (awaiting triage)',
  open: 'Open',
  closed: 'Closed',
};

/** Stage 1 → 2 → 3 for children's statutory; 1 → 2 for corporate; LGSCO after either. */
export const STAGE_KINDS = ['stage1', 'stage2', 'stage3', 'lgsco'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];
export const STAGE_LABELS: Record<StageKind, string> = {
  stage1: 'Stage 1',
  stage2: 'Stage 2',
  stage3: 'Stage 3',
  lgsco: 'Ombudsman (LGSCO)',
};

/** A stage as a sentence names it as a destination: "Stage 2", "the Ombudsman". */
export const stageName = (kind: StageKind): string => (kind === 'lgsco' ? 'the Ombudsman' : STAGE_LABELS[kind]);

export const OUTCOMES = [
  'upheld',
  'partially_upheld',
  'not_upheld',
  'withdrawn',
  'no_finding',
  'outside_jurisdiction',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  upheld: 'Upheld',
  partially_upheld: 'Partially upheld',
  not_upheld: 'Not upheld',
  withdrawn: 'Withdrawn',
  no_finding: 'No finding / closed',
  outside_jurisdiction: 'Outside jurisdiction',
};
/** The three statutory reportable outcomes: the ones that are a finding. */
export const FINDING_OUTCOMES: readonly Outcome[] = ['upheld', 'partially_upheld', 'not_upheld'];
/** Upheld in full or in part: what the reports count as "upheld". */
export const isUpheld = (outcome: Outcome | null | undefined): boolean =>
  outcome === 'upheld' || outcome === 'partially_upheld';

export const LGSCO_DECISIONS = [
  'upheld',
  'not_upheld',
  'closed_after_initial_enquiries',
  'premature_referred_back',
  'not_investigated',
] as const;
export type LgscoDecision = (typeof LGSCO_DECISIONS)[number];
export const LGSCO_DECISION_LABELS: Record<LgscoDecision, string> = {
  upheld: 'Upheld',
  not_upheld: 'Not upheld',
  closed_after_initial_enquiries: 'Closed after initial enquiries',
  premature_referred_back: 'Premature: referred back for local resolution',
  not_investigated: 'Not investigated',
};

/** The outcome an Ombudsman's stage records for its decision: upheld and not upheld as they are, any other decision no finding. */
export function outcomeOfLgscoDecision(decision: LgscoDecision | null | undefined): Outcome | null {
  if (!decision) return null;
  return decision === 'upheld' || decision === 'not_upheld' ? decision : 'no_finding';
}

/** How a person takes part in one case. The same person can hold different roles on different cases. */
export const PARTY_ROLES = ['complainant', 'child', 'advocate', 'representative'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
export const PARTY_ROLE_LABELS: Record<PartyRole, string> = {
  complainant: 'Complainant',
  child: 'Child or young person',
  advocate: 'Advocate',
  representative: 'Representative',
};

/** Who handles a stage. Independent people are usually not Heard users, so a name is enough. */
export const STAGE_ROLES = [
  'investigating_manager',
  'independent_investigating_officer',
  'independent_person',
  'panel_chair',
  'panel_member',
  'adjudicating_officer',
] as const;
export type StageRole = (typeof STAGE_ROLES)[number];
export const STAGE_ROLE_LABELS: Record<StageRole, string> = {
  investigating_manager: 'Investigating manager',
  independent_investigating_officer: 'Independent investigating officer',
  independent_person: 'Independent person',
  panel_chair: 'Panel chair',
  panel_member: 'Panel member',
  adjudicating_officer: 'Adjudicating officer',
};

export const CASE_LINK_KINDS = ['related', 'duplicate_of'] as const;
export type CaseLinkKind = (typeof CASE_LINK_KINDS)[number];

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
