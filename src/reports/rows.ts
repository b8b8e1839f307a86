import type { IsoDate } from '../domain/calendar/iso-date.ts';
import type { ClockEventInput } from '../domain/timescales/clock-engine.ts';
import type { ClockName } from '../domain/timescales/clock-names.ts';
import type { FeedbackType, LgscoDecision, Outcome, Procedure, StageKind } from '../domain/cases/vocabulary.ts';
import type { UnitName } from '../domain/organisation/org-units.ts';
import type { TimescalePolicy } from '../domain/timescales/rules.ts';

/**
 * The plain rows a report is computed from: the query layer fills them, the
 * figures are pure functions of them. Labels are resolved, so the figures
 * never look anything up.
 */
export interface ReportCase {
  id: string;
  reference: string;
  type: FeedbackType;
  procedure: Procedure | null;
  receivedOn: IsoDate;
  acknowledgedOn: IsoDate | null;
  closedOn: IsoDate | null;
  migrated: boolean;
  teamId: string | null;
  timescalePolicyId: string | null;
  channel: string | null;
  category: string | null;
  themes: string[];
  complainantId: string | null;
  relationship: string | null;
  childComplainant: boolean;
  childGroup: string | null;
  childEthnicity: string | null;
  lookedAfter: boolean;
  outcome: Outcome | null;
}

export interface ReportStage {
  caseId: string;
  kind: StageKind;
  requestedOn: IsoDate | null;
  startedOn: IsoDate | null;
  statementAgreedOn: IsoDate | null;
  respondedOn: IsoDate | null;
  panelHeldOn: IsoDate | null;
  chairReportReceivedOn: IsoDate | null;
  authorityRespondedOn: IsoDate | null;
  lgscoEnquiryReceivedOn: IsoDate | null;
  lgscoEnquiryRespondedOn: IsoDate | null;
  lgscoDecision: LgscoDecision | null;
  lgscoDecisionOn: IsoDate | null;
  lgscoFaultFound: boolean | null;
  lgscoInjusticeFound: boolean | null;
  outcome: Outcome | null;
  /** The stage's costs added up; null when none was recorded (not the same as nothing spent). */
  costPence: number | null;
}

export interface ReportRows {
  cases: ReportCase[];
  stages: ReportStage[];
  investigations: {
    caseId: string;
    stage: StageKind;
    teamId: string;
    outcome: Outcome | null;
    respondedOn: IsoDate | null;
  }[];
  remedies: {
    caseId: string;
    stage: StageKind;
    type: string;
    amountPence: number | null;
    dueOn: IsoDate | null;
    completedOn: IsoDate | null;
  }[];
  learning: { caseId: string; type: string }[];
  actions: { caseId: string; type: string; dueOn: IsoDate | null; completedOn: IsoDate | null }[];
  compliments: { caseId: string; teamId: string | null; origin: string | null; theme: string | null }[];
  clockEvents: (ClockEventInput & { caseId: string; clock: ClockName })[];
  teams: {
    id: string;
    kind: 'directorate' | 'service' | 'team';
    names: UnitName[];
    successorId: string | null;
    parentId: string | null;
  }[];
  policies: TimescalePolicy[];
  context: { financialYearStart: number; measure: string; value: number }[];
  /**
   * When the earliest case held was received (merged duplicates aside), null when none is: a year
   * ending before it has no data held, which is not the same as nothing received. Absent: not known,
   * every year counts as held.
   */
  firstReceivedOn?: IsoDate | null;
}
