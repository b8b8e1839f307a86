import { FEEDBACK_TYPES } from '../domain/cases/vocabulary.ts';
import type { ReportTable } from './sections.ts';

/**
 * What each report table's numbers are, for the published edition
 * (publication.ts): which cells count people or cases (a count of 1 to 4 of
 * those can identify a child), which cells are worked out from them (a
 * percentage of a hidden count is hidden with it), which totals a reader
 * knows (so a hidden cell cannot be got back by subtraction), and which cells
 * of one table repeat a figure of another (hidden in one, hidden in both).
 *
 * A table not named here is treated as the strictest rule allows: every
 * number column a count whose total is known, every percentage worked out
 * from them. `publication.test.ts` fails for a table the report gains until
 * it is named here, so the choice is made on purpose.
 */
export interface TableRule {
  /** Columns holding counts of people or cases. */
  counts: number[];
  /** Only these rows hold counts (tables of measures, one row each); all rows when absent. */
  countRows?: (label: string) => boolean;
  /** A column worked out from count columns of the same row (a percentage): hidden when any of them is. */
  derived?: Record<number, number[]>;
  /** Each count column's sum is known to the reader (it is a total shown elsewhere in the report, or got from a percentage). */
  columnTotals: boolean;
  /** A column that is the sum of the row's other count columns. */
  rowTotal?: { column: number; members: number[] };
  /** Columns whose figure also appears in another table: the same fact name and row label mean the same number. */
  facts?: Record<number, string>;
}

/** Tables that break nothing down by who complained, or where or about what: shown as they are. */
export const EXACT_TABLES = new Set([
  'trends',
  'by-type',
  'by-type-long-run',
  'complaints',
  'by-month',
  'by-quarter',
  'by-procedure',
  'outcomes',
  'stage2-outcomes',
  'stage3-outcomes',
  'timescales',
  'data-quality',
  'beyond-stage-1',
  'ombudsman-decisions',
  'ombudsman-remedies',
  'remedies',
  'remedies-by-stage',
  'learning',
  'actions',
  'channel',
  'rates',
]);

/** Label, number, percentage of the whole: the count column's total is known (the percentages give it away). */
const countTable: TableRule = { counts: [1], derived: { 2: [1] }, columnTotals: true };

/** Complaints, Stage 1 responses, within timescale, % within, average days (unitTable in sections.ts). */
const unitTable = (unit: string): TableRule => ({
  counts: [1, 2, 3],
  derived: { 4: [2, 3] },
  columnTotals: true,
  facts: { 1: `${unit} complaints`, 4: `${unit} % within timescale` },
});

/** Complaints in each of three years, then % within timescale in each (unitYearsTable); the latest year repeats unitTable's. */
const unitYearsTable = (unit: string): TableRule => ({
  counts: [1, 2, 3],
  derived: { 4: [1], 5: [2], 6: [3] },
  columnTotals: true,
  facts: { 3: `${unit} complaints`, 6: `${unit} % within timescale` },
});

/** With a finding, upheld, % upheld, upheld in full, % in full (upheldTable). */
const upheldTable: TableRule = { counts: [1, 2, 4], derived: { 3: [1, 2], 5: [1, 4] }, columnTotals: true };

const typeColumns = FEEDBACK_TYPES.map((_, i) => i + 1);

export const TABLE_RULES: Record<string, TableRule> = {
  'by-service-area': {
    counts: [...typeColumns, FEEDBACK_TYPES.length + 1],
    columnTotals: true,
    rowTotal: { column: FEEDBACK_TYPES.length + 1, members: typeColumns },
    // A service area is the lead team's service: its complaints are the service's complaints in by-service.
    facts: { [FEEDBACK_TYPES.indexOf('complaint') + 1]: 'service complaints' },
  },
  'by-team': countTable,
  'by-directorate': unitTable('directorate'),
  'by-service': unitTable('service'),
  'by-directorate-years': unitYearsTable('directorate'),
  'by-service-years': unitYearsTable('service'),
  'by-category': countTable,
  'themes-statutory': countTable,
  'themes-corporate': countTable,
  'upheld-by-team': upheldTable,
  'upheld-by-directorate': upheldTable,
  'upheld-by-theme': upheldTable,
  relationship: countTable,
  'service-user-group': countTable,
  ethnicity: countTable,
  // Children, looked after children, repeat complainants: rows of different measures, no total between them.
  people: { counts: [1, 2, 3], columnTotals: false },
  'compliments-team': countTable,
  'compliments-origin': countTable,
  'compliments-theme': countTable,
};

/** The rule for a table: its own, none for a table shown as it is, else the strictest. */
export function ruleFor(table: ReportTable): TableRule | null {
  if (EXACT_TABLES.has(table.name)) return null;
  const own = TABLE_RULES[table.name];
  if (own) return own;
  const counts = table.formats.flatMap((f, i) => (f === 'number' ? [i] : []));
  const percents = table.formats.flatMap((f, i) => (f === 'percent' ? [i] : []));
  return { counts, derived: Object.fromEntries(percents.map((p) => [p, counts])), columnTotals: true };
}

/** Sections whose sentences quote only figures of tables shown as they are: kept whole in the published edition. */
export const SECTIONS_QUOTING_EXACT_TABLES = new Set([
  'summary',
  'received',
  'outcomes',
  'timescales',
  'beyond-stage-1',
  'learning',
  'compliments',
  'rates',
]);
