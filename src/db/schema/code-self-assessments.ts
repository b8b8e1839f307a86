import { check, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './staff.ts';

/**
 * The council's own self-assessment against the Ombudsman's Complaint
 * Handling Code for a financial year: one row per requirement it has
 * answered (reports/code-self-assessment.ts names them). Each save is audited.
 */
export const codeSelfAssessments = pgTable(
  'code_self_assessments',
  {
    /** 2025 for the year 1 April 2025 to 31 March 2026. */
    financialYearStart: integer('financial_year_start').notNull(),
    requirement: text('requirement').notNull(),
    /** yes, partly or no; null while the council has written commentary but not decided. */
    complies: text('complies'),
    commentary: text('commentary').notNull().default(''),
    evidenceLink: text('evidence_link').notNull().default(''),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.financialYearStart, t.requirement] }),
    check('code_self_assessments_complies', sql`${t.complies} is null or ${t.complies} in ('yes', 'partly', 'no')`),
  ],
);
