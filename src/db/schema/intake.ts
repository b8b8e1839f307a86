import { customType, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { attachments, feedbackCases } from './cases.ts';
import { users } from './staff.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * The bytes of an attachment, kept in the database so every server (and a
 * backup) has them, and so there is no file path anyone could guess.
 */
export const attachmentContents = pgTable('attachment_contents', {
  attachmentId: uuid('attachment_id')
    .primaryKey()
    .references(() => attachments.id),
  content: bytea('content').notNull(),
});

/**
 * One row per public form submission, keyed by the id the form was given when
 * it started: the back button, a double click or a retry finds the case
 * already made instead of making a second one.
 */
export const publicSubmissions = pgTable('public_submissions', {
  id: uuid('id').primaryKey(),
  caseId: uuid('case_id')
    .notNull()
    .references(() => feedbackCases.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Messages to send (email). Saved in the same transaction as the change that
 * causes them, then sent by the background sender, which retries failures.
 * A dedupe key makes "send the acknowledgement for case X" happen once.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').references(() => feedbackCases.id),
    dedupeKey: text('dedupe_key').notNull(),
    template: text('template').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** Which adapter sent it (outbox, smtp, notify) and its reference there. */
    sentVia: text('sent_via'),
    providerRef: text('provider_ref'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('notifications_dedupe').on(t.dedupeKey), index('notifications_due_idx').on(t.status, t.nextAttemptAt), index('notifications_case_idx').on(t.caseId)],
);

/** A legacy import: which file, when, by whom, and what it did. */
export const importBatches = pgTable('import_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  legacySystem: text('legacy_system').notNull(),
  rowsRead: integer('rows_read').notNull(),
  casesImported: integer('cases_imported').notNull(),
  rowsSkipped: integer('rows_skipped').notNull(),
  importedBy: uuid('imported_by').references(() => users.id),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Files chosen on the public form before it is sent. They wait here, keyed by
 * the form's submission id, and move to the case when it is made; any left
 * after a day are deleted.
 */
export const pendingUploads = pgTable(
  'pending_uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    submissionId: uuid('submission_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pending_uploads_submission_idx').on(t.submissionId)],
);
