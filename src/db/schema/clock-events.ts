import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clockEventKindEnum, clockNameEnum } from './enums.ts';
import { feedbackCases } from './cases.ts';
import { stages } from './stages.ts';
import { users } from './staff.ts';

/**
 * Extensions, pauses, resumes and restarts of a case's clocks. Deadlines are
 * derived from these and the rules, never typed in.
 */
export const clockEvents = pgTable(
  'clock_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => feedbackCases.id),
    stageId: uuid('stage_id').references(() => stages.id),
    clock: clockNameEnum('clock').notNull(),
    kind: clockEventKindEnum('kind').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    /** Extensions: by a number of working days, or to a new date. */
    extensionDays: integer('extension_days'),
    extendedTo: date('extended_to', { mode: 'string' }),
    reason: text('reason').notNull(),
    complainantAgreed: boolean('complainant_agreed'),
    agreedOn: date('agreed_on', { mode: 'string' }),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('clock_events_case_idx').on(t.caseId),
    check(
      'clock_events_extension_shape',
      sql`${t.kind} <> 'extended' or ${t.extensionDays} is not null or ${t.extendedTo} is not null`,
    ),
    check('clock_events_extension_positive', sql`${t.extensionDays} is null or ${t.extensionDays} > 0`),
  ],
);
