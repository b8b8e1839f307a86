import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { feedbackCases } from './cases.ts';

/**
 * Each case's report rows, kept ready as one JSON text so the annual report
 * reads one value a case instead of encoding a dozen rows (see ADR 0007).
 * Triggers on every table the report reads add one to `version` and clear
 * `doc` in the same transaction as the change; a doc is stored only if the
 * version it was built from is still the current one, so it is never stale.
 */
export const reportCaseFacts = pgTable(
  'report_case_facts',
  {
    caseId: uuid('case_id')
      .primaryKey()
      .references(() => feedbackCases.id, { onDelete: 'cascade' }),
    version: bigint('version', { mode: 'number' }).notNull().default(1),
    /** Null when the case changed since it was built. */
    doc: text('doc'),
    /** The shape of `doc` (REPORT_FACTS_FORMAT in src/reports/facts.ts); another shape counts as not built. */
    format: integer('format'),
  },
  // The documents to build are those of an older format or none (null): found by this index, not a scan.
  (t) => [index('report_case_facts_format_idx').on(sql`coalesce(${t.format}, 0)`)],
);
