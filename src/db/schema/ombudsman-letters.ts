import { check, integer, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './staff.ts';

/**
 * The figures of the Ombudsman's annual review letter to the council for a
 * financial year (April to March), as an officer copied them in: the report
 * for that year shows them beside Heard's own counts and explains the
 * differences. One row a year; each change is audited.
 */
export const ombudsmanLetters = pgTable(
  'ombudsman_letters',
  {
    /** 2024 for the year 1 April 2024 to 31 March 2025. */
    financialYearStart: integer('financial_year_start').primaryKey(),
    received: integer('received').notNull(),
    detailedInvestigations: integer('detailed_investigations').notNull(),
    upheld: integer('upheld').notNull(),
    /** % of the Ombudsman's recommendations the council complied with; null when the letter gives none. */
    compliancePercent: integer('compliance_percent'),
    /** Upheld cases where the council had already given a satisfactory remedy; null when the letter gives none. */
    satisfactoryRemedy: integer('satisfactory_remedy'),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'ombudsman_letters_counts',
      sql`${t.received} >= 0 and ${t.detailedInvestigations} >= 0 and ${t.upheld} between 0 and ${t.detailedInvestigations}`,
    ),
    check(
      'ombudsman_letters_compliance',
      sql`${t.compliancePercent} is null or ${t.compliancePercent} between 0 and 100`,
    ),
    check(
      'ombudsman_letters_remedy',
      sql`${t.satisfactoryRemedy} is null or ${t.satisfactoryRemedy} between 0 and ${t.upheld}`,
    ),
  ],
);
