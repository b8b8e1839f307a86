import type { IsoDate } from '../calendar/iso-date.ts';
import type { Procedure } from '../cases/vocabulary.ts';
import type { ClockName } from './clock-names.ts';

/**
 * Timescale rules as data: one small engine reads them. A council changes a
 * number by adding a new policy version with the date it applies from; cases
 * keep the version in force when they started, so an old case can always be
 * explained by the rules it ran under.
 */
export const CLOCK_UNITS = ['working_days', 'calendar_days', 'months'] as const;
export type ClockUnit = (typeof CLOCK_UNITS)[number];

/** The event that starts a clock. Only some clocks let a council choose. */
export const START_EVENTS = [
  'received',
  'acknowledged',
  'stage_started',
  'statement_agreed',
  'previous_stage_responded',
  'stage_requested',
  'panel_held',
  'chair_report_received',
  'lgsco_enquiry_received',
] as const;
export type StartEvent = (typeof START_EVENTS)[number];
export const START_EVENT_LABELS: Record<StartEvent, string> = {
  received: 'the day the complaint was received',
  acknowledged: 'the day the complaint was acknowledged',
  stage_started: 'the day the stage started',
  statement_agreed: 'the day the statement of complaint was agreed',
  previous_stage_responded: 'the day of the previous stage’s response',
  stage_requested: 'the day the stage was requested',
  panel_held: 'the day the panel was held',
  chair_report_received: 'the day the chair’s report was received',
  lgsco_enquiry_received: 'the day the Ombudsman’s enquiry was received',
};

export interface ClockRule {
  /** The base timescale. */
  days: number;
  unit: ClockUnit;
  startsOn: StartEvent;
  /**
   * The most the timescale may become with extensions, in the same unit (e.g.
   * Stage 1: 10, extendable to 20). Null: no extension allowed.
   */
  extendableTo: number | null;
  /** Extensions need the complainant's agreement (recorded with the date). */
  extensionNeedsAgreement: boolean;
  /** Adding new concerns may restart this clock from the day they are added. */
  restartOnNewConcerns: boolean;
  /**
   * 'response': the council must act by the due date. 'window': the
   * complainant may act until it (asking for the next stage); missing it is
   * not the council's failure.
   */
  kind: 'response' | 'window';
  /** Where the number comes from: a regulation, guidance or council policy. */
  source: string;
}

export interface TimescalePolicy {
  /** Database id of this version; preset key for built-ins before they are saved. */
  id: string;
  procedure: Procedure;
  name: string;
  effectiveFrom: IsoDate;
  /** "Due soon" is this many working days or fewer before the due date. */
  dueSoonDays: number;
  rules: Partial<Record<ClockName, ClockRule>>;
  /** Time limit for making a complaint, in months after the events. */
  complaintTimeLimitMonths: number | null;
}

/** The clocks whose start event a council may choose, and the choices. */
export const START_EVENT_CHOICES: Partial<Record<ClockName, readonly StartEvent[]>> = {
  stage1_response: ['received', 'acknowledged'],
  stage2_investigation: ['statement_agreed', 'stage_started', 'stage_requested'],
};

export type RuleProblem = { clock: ClockName; field: keyof ClockRule; message: string };

/** Checks a policy an administrator has edited; every problem is listed. */
export function validatePolicy(policy: Pick<TimescalePolicy, 'rules' | 'dueSoonDays'>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const [clock, rule] of Object.entries(policy.rules) as [ClockName, ClockRule][]) {
    if (!Number.isInteger(rule.days) || rule.days < 1 || rule.days > 366)
      problems.push({ clock, field: 'days', message: 'The timescale must be a whole number from 1 to 366' });
    if (
      rule.extendableTo !== null &&
      (!Number.isInteger(rule.extendableTo) || rule.extendableTo < rule.days || rule.extendableTo > 732)
    ) {
      problems.push({
        clock,
        field: 'extendableTo',
        message: `The extended timescale must be a whole number, at least the base timescale (${rule.days})`,
      });
    }
    const choices = START_EVENT_CHOICES[clock];
    if (choices && !choices.includes(rule.startsOn))
      problems.push({ clock, field: 'startsOn', message: 'Choose when this clock starts' });
  }
  return problems;
}
