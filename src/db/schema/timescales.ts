import { date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ClockRule } from '../../domain/timescales/rules.ts';
import type { ClockName } from '../../domain/timescales/clock-names.ts';
import { users } from './staff.ts';

/**
 * Versions of the timescale rules per procedure. Rows are never changed: a
 * change is a new version with the date it applies from, and a case keeps the
 * version pinned when its procedure was decided.
 */
export const timescalePolicies = pgTable(
  'timescale_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    procedure: text('procedure').notNull(),
    name: text('name').notNull(),
    /** The preset it was made from, if any. */
    presetKey: text('preset_key'),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    dueSoonDays: integer('due_soon_days').notNull(),
    complaintTimeLimitMonths: integer('complaint_time_limit_months'),
    rules: jsonb('rules').$type<Partial<Record<ClockName, ClockRule>>>().notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('timescale_policies_procedure_idx').on(t.procedure, t.effectiveFrom)],
);

/** Days the council is closed (e.g. between Christmas and New Year): not working days. */
export const closureDays = pgTable('closure_days', {
  date: date('date', { mode: 'string' }).primaryKey(),
  description: text('description').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Bank holiday files loaded by an administrator (GOV.UK's bank-holidays.json); the newest wins for the years it covers. */
export const bankHolidaySets = pgTable('bank_holiday_sets', {
  id: uuid('id').primaryKey().defaultRandom(),
  firstYear: integer('first_year').notNull(),
  lastYear: integer('last_year').notNull(),
  holidays: jsonb('holidays').$type<{ date: string; title: string }[]>().notNull(),
  fileName: text('file_name'),
  /** How it came: an administrator's upload, or the daily refresh from GOV.UK. */
  via: text('via').$type<'upload' | 'refresh'>().notNull().default('upload'),
  uploadedBy: uuid('uploaded_by').references(() => users.id),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
});
