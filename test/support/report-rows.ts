import type { ReportRows } from '../../src/reports/rows.ts';

/** Report rows with nothing in them, for a test to fill in only what it is about. */
export function reportRows(over: Partial<ReportRows> = {}): ReportRows {
  return {
    cases: [],
    stages: [],
    investigations: [],
    remedies: [],
    learning: [],
    actions: [],
    compliments: [],
    clockEvents: [],
    teams: [],
    policies: [],
    context: [],
    ...over,
  };
}
