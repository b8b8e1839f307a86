import type { StageKind } from '../domain/cases/vocabulary.ts';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import type { ReportCase } from './rows.ts';

/**
 * Timeliness against the Local Government and Social Care Ombudsman's
 * Complaint Handling Code (paragraphs 6.2 to 6.4 and Stage 2's equivalents):
 * acknowledged within 5 working days; Stage 1 answered within 10 working
 * days (20 with the longest extension the Code allows without good reason);
 * Stage 2 within 20 (30). Each procedure keeps its own timescales elsewhere in
 * the report; these measure every complaint against the Code's. Pure.
 */
export interface CodeTimeliness {
  /** Complaints received in the period. */
  complaints: number;
  acknowledgedWithin5: number;
  /** Received in the period with no acknowledgement date recorded (so not within 5 days). */
  notAcknowledged: number;
  stage1: { responses: number; within10: number; within20: number };
  stage2: { responses: number; within20: number; within30: number };
}

/** A response judged by its procedure's clock: the working days it took, as Heard counts them. */
export interface JudgedResponse {
  stage: StageKind;
  days: number | null;
}

export const CODE_DAYS = {
  acknowledgement: 5,
  stage1: 10,
  stage1Extended: 20,
  stage2: 20,
  stage2Extended: 30,
} as const;

export function codeTimeliness(
  complaints: Pick<ReportCase, 'receivedOn' | 'acknowledgedOn'>[],
  judged: JudgedResponse[],
  calendar: WorkingDayCalendar,
): CodeTimeliness {
  let acknowledgedWithin5 = 0;
  let notAcknowledged = 0;
  for (const c of complaints) {
    if (!c.acknowledgedOn) {
      notAcknowledged++;
      continue;
    }
    try {
      if (calendar.workingDaysBetween(c.receivedOn, c.acknowledgedOn) <= CODE_DAYS.acknowledgement)
        acknowledgedWithin5++;
    } catch {
      // A date outside the calendar Heard holds cannot be counted in working days: not counted as on time.
    }
  }
  const timed = (stage: StageKind) =>
    judged.filter((j): j is JudgedResponse & { days: number } => j.stage === stage && j.days !== null);
  const s1 = timed('stage1');
  const s2 = timed('stage2');
  return {
    complaints: complaints.length,
    acknowledgedWithin5,
    notAcknowledged,
    stage1: {
      responses: s1.length,
      within10: s1.filter((j) => j.days <= CODE_DAYS.stage1).length,
      within20: s1.filter((j) => j.days <= CODE_DAYS.stage1Extended).length,
    },
    stage2: {
      responses: s2.length,
      within20: s2.filter((j) => j.days <= CODE_DAYS.stage2).length,
      within30: s2.filter((j) => j.days <= CODE_DAYS.stage2Extended).length,
    },
  };
}
