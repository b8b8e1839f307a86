import { boolean, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ClockName } from '../../domain/timescales/clock-names.ts';
import { feedbackCases } from './cases.ts';
import { users } from './staff.ts';

/**
 * The daily refresh of bank holidays from GOV.UK: one row. Off until an
 * administrator turns it on. The last try is claimed by an update that only
 * one server can win, so with several servers it still runs once a day.
 */
export const bankHolidayRefresh = pgTable('bank_holiday_refresh', {
  key: text('key').primaryKey(),
  enabled: boolean('enabled').notNull().default(false),
  changedBy: uuid('changed_by').references(() => users.id),
  changedAt: timestamp('changed_at', { withTimezone: true }),
  lastTriedAt: timestamp('last_tried_at', { withTimezone: true }),
  /** loaded, unchanged, refused (a bad or shorter file), unreachable. */
  lastOutcome: text('last_outcome'),
  lastMessage: text('last_message'),
});

/**
 * A due date that moved because bank holidays were loaded (a computed,
 * provisional year replaced by GOV.UK's): shown on the home page of those
 * responsible for the case until the new date has passed.
 */
export const dueDateNotices = pgTable(
  'due_date_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => feedbackCases.id, { onDelete: 'cascade' }),
    clock: text('clock').$type<ClockName>().notNull(),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    toldInLetter: boolean('told_in_letter').notNull().default(false),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('due_date_notices_case_idx').on(t.caseId), index('due_date_notices_to_idx').on(t.toDate)],
);
