import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { feedbackCases } from './cases.ts';
import { notifications } from './intake.ts';
import { users } from './staff.ts';

/** The council's letter templates, edited by administrators. */
export const letterTemplates = pgTable('letter_templates', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every letter produced for a case, exactly as it went out (emailed or downloaded as Word). */
export const letters = pgTable(
  'letters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => feedbackCases.id),
    templateKey: text('template_key').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    delivery: text('delivery', { enum: ['email', 'word'] }).notNull(),
    toAddress: text('to_address'),
    notificationId: uuid('notification_id').references(() => notifications.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('letters_case_idx').on(t.caseId)],
);

/** Compliments and complaints an officer chose to quote in a report, as redacted and edited by them. */
export const reportExamples = pgTable(
  'report_examples',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => feedbackCases.id)
      .unique(),
    text: text('text').notNull(),
    chosenBy: uuid('chosen_by').references(() => users.id),
    chosenAt: timestamp('chosen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_examples_case_idx').on(t.caseId)],
);
