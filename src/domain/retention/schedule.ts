import type { IsoDate } from '../calendar/iso-date.ts';
import type { FeedbackType, Outcome } from '../cases/vocabulary.ts';

/** Years a closed case is kept when the council has set no rule for its type: six, the usual limitation period. */
export const DEFAULT_RETENTION_YEARS = 6;

/** What replaces a personal value removed under the retention schedule, everywhere it was. */
export const REMOVED_MARKER = '[removed under retention]';

export interface RetentionRule {
  caseType: FeedbackType;
  /** Null: any outcome of the type. */
  outcome: Outcome | null;
  years: number;
}

/** The years a case of this type and outcome is kept: the rule for its outcome, else its type's, else the default. */
export function retentionYears(rules: readonly RetentionRule[], type: FeedbackType, outcome: Outcome | null): number {
  const exact = outcome ? rules.find((r) => r.caseType === type && r.outcome === outcome) : undefined;
  return (exact ?? rules.find((r) => r.caseType === type && r.outcome === null))?.years ?? DEFAULT_RETENTION_YEARS;
}

/** The day a case closed on `closedOn` becomes due for anonymisation: the same date `years` later (29 February → 1 March). */
export function disposalDate(closedOn: IsoDate, years: number): IsoDate {
  const [y, m, d] = closedOn.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  return date.toISOString().slice(0, 10);
}
