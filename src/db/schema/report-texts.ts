import { check, date, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './staff.ts';
import { learningPoints } from './stages.ts';

/**
 * The words a council writes into its annual report (foreword, introduction
 * and statutory context, advocacy, what we learned, priorities for next
 * year, and any section's commentary), one row a block, for the report's
 * period. The Word document, the web page and the stand-alone HTML carry
 * them. Every change is in the audit trail too.
 */
export const reportTexts = pgTable(
  'report_texts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    block: text('block').notNull(),
    body: text('body').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('report_texts_one_per_block').on(t.periodFrom, t.periodTo, t.block)],
);

/** Whether a period's report text is still a draft or final, and who said so last. */
export const reportEditions = pgTable(
  'report_editions',
  {
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('draft'),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.periodFrom, t.periodTo] }),
    check('report_editions_status', sql`${t.status} in ('draft', 'final')`),
  ],
);

/**
 * The learning chosen for a period's "You said, we did": per period, so that
 * choosing for a quarter never changes what the year's report shows.
 */
export const reportLearningChoices = pgTable(
  'report_learning_choices',
  {
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    learningPointId: uuid('learning_point_id')
      .notNull()
      .references(() => learningPoints.id),
    chosenBy: uuid('chosen_by').references(() => users.id),
    chosenAt: timestamp('chosen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.periodFrom, t.periodTo, t.learningPointId] })],
);
