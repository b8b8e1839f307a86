import type { Role } from '../access/roles.ts';
import type { FeedbackType, Outcome, StageKind, StageRole } from '../cases/vocabulary.ts';
import type { ClockName } from '../timescales/clock-names.ts';
import type { Preset } from '../timescales/presets.ts';

/**
 * A procedure is data: its stages, the order they may follow, the clocks each
 * runs, the dates an officer records, what the reports count. Routes, pages,
 * services, the clock plan and the report figures all read it, so adding a
 * procedure is one new file (docs/adr/0011-procedures-as-typed-data.md).
 */
export interface ProcedureDefinition {
  /** Stored on the case (cases.procedure). Lower case and underscores; never change a shipped one. */
  key: string;
  /** What every page and report calls it. */
  label: string;
  /** One sentence for the triage page and the admin pages. */
  description: string;
  /**
   * Signposting only: the council does not investigate (out of scope). Such a
   * procedure has no stages, no response clocks, and is never "accepted at Stage 1".
   */
  signpostsOnly: boolean;
  /** The stages, first to last. The first is where an accepted complaint starts. */
  stages: readonly StageDefinition[];
  /** The timescale rules a new Heard starts with for this procedure, oldest first; a council edits them as data. */
  timescales: readonly Preset[];
  /** What the annual report counts; see ReportRules. */
  report: ReportRules;
}

/** Dates a stage may record, in the order they must run within the stage. */
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
] as const;
export type StageDateField = (typeof STAGE_DATE_FIELDS)[number];

export const STAGE_COST_FIELDS = [
  'investigatorCostPence',
  'independentPersonCostPence',
  'panelCostPence',
  'otherCostPence',
] as const;
export type StageCostField = (typeof STAGE_COST_FIELDS)[number];

export interface StageDefinition {
  kind: StageKind;
  /** "Stage 1", "Ombudsman (LGSCO)". */
  label: string;
  /** The stages a complaint may go to from here. */
  next: readonly StageKind[];
  /**
   * The dates an officer records, in the order they must run (each on or
   * after the one before), with the words the stage page uses.
   */
  dates: readonly {
    field: StageDateField;
    label: string;
    /** Set when the stage begins (a clock starts from it), so it may be changed but never removed. */
    required?: boolean;
  }[];
  /** The clocks this stage runs. */
  clocks: readonly StageClock[];
  /** The clock that stops when the council answers: what reports judge this stage on. */
  responseClock: ClockName;
  /** The costs this stage records, with their labels. */
  costs: readonly { field: StageCostField; label: string }[];
  /** Whether the stage has investigations (heads of complaint with findings) that roll up to its outcome. */
  investigations: boolean;
  /** Whether the stage records the panel's recommendations. */
  panel: boolean;
  /** Whether this is the Ombudsman's stage: a reference, an enquiry, and the Ombudsman's decision. */
  ombudsman: boolean;
  /** Whether the stage records its own outcome (upheld, not upheld…). */
  outcome: boolean;
  /** The roles that may be named on this stage. */
  people: readonly StageRole[];
  /** Who may not act here because of what they did earlier (2006 Regulations reg. 17(2), 19(3)). */
  independence: readonly IndependenceRule[];
}

export interface StageClock {
  clock: ClockName;
  /** The stage date (or the case's acknowledgement) that stops it. */
  stopsOn: StageDateField;
  /**
   * A window clock: the complainant's time to ask for this stage. It opens when
   * the named earlier stage answers, and runs whether or not they ask.
   */
  opensWhenAnswered?: StageKind;
  /**
   * The first stage's response clock runs from the day the procedure is decided,
   * before the stage itself is recorded, so a complaint is never without a due date.
   */
  runsBeforeStageExists?: boolean;
}

export interface IndependenceRule {
  /** The roles being appointed here. */
  roles: readonly StageRole[];
  /** Who they may not have been. */
  notEarlier: { stage: StageKind; roles: readonly StageRole[]; asInvestigator?: boolean };
  code: string;
  /** "{name} investigated this complaint at Stage 1, so cannot act at Stage 2". */
  message: (name: string) => string;
}

export interface ReportRules {
  /** Outcomes that are a finding (counted in "upheld / not upheld"). */
  findings: readonly Outcome[];
  /**
   * Outcomes that end a stage without the council answering (the complainant
   * withdrew). Such a stage is neither on time nor late: it is left out of
   * the timescale figures and counted as withdrawn.
   */
  withdrawals: readonly Outcome[];
  /** The feedback types this procedure applies to (complaints, in every shipped one). */
  appliesTo: readonly FeedbackType[];
}

/** Everything a case may have done to it; the guard refuses an action the procedure does not offer. */
export const CASE_ACTIONS = [
  'triage',
  'allocate',
  'acknowledge',
  'correct_type',
  'set_procedure',
  'escalate',
  'update_stage',
  'manage_investigations',
  'record_learning',
  'record_clock_event',
  'close',
  'withdraw',
  'reopen',
  'link',
  'merge',
  'attach_file',
  'issue_letter',
  'record_compliment',
  'quote_in_report',
  /** The case's subject and classification (main category, themes, the outcome wanted). */
  'update_details',
  /** The people on the case: their names, contact details and what the report counts of them. */
  'update_people',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** What availableActions needs to know about a case. */
export interface CaseState {
  type: FeedbackType;
  status: 'new' | 'open' | 'closed';
  procedure: string | null;
  /** The stages the case has reached, with whether each has answered. */
  stages: readonly { kind: StageKind; answered: boolean }[];
}

/** Who is asking: a staff role (with whether the case is allocated to them), or Heard itself. */
export type ActionActor = { role: Role; allocated: boolean } | { system: true };

/** One thing that may be done now; escalate and update_stage name their stage. */
export interface AvailableAction {
  action: CaseAction;
  stage?: StageKind;
}
