import { integer, numeric, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { orgUnits } from './organisation.ts';
import { users } from './staff.ts';

/** Figures a council enters per financial year (children worked with, referrals) so reports can give rates per 1,000. */
export const contextFigures = pgTable(
  'context_figures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    financialYearStart: integer('financial_year_start').notNull(),
    /** Null: the whole council. */
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    measure: text('measure').notNull(),
    value: numeric('value', { mode: 'number' }).notNull(),
    note: text('note'),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('context_figures_once').on(t.financialYearStart, t.orgUnitId, t.measure).nullsNotDistinct()],
);
