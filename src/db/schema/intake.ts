import { customType, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { attachments, feedbackCases } from './cases.ts';
import { users } from './staff.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * Where attachment bytes were kept before they moved to the file store (ADR
 * 0008). Heard moves any rows left here to the store when it starts, so the
 * table is empty; a later release drops it.
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
    /** An email, or a text message (to_address a phone number; subject only for staff reading the outbox). */
    channel: text('channel', { enum: ['email', 'sms'] })
      .notNull()
      .default('email'),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** Which adapter sent it (outbox, smtp, notify) and its reference there. */
    sentVia: text('sent_via'),
    providerRef: text('provider_ref'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('notifications_dedupe').on(t.dedupeKey),
    index('notifications_due_idx').on(t.status, t.nextAttemptAt),
    index('notifications_case_idx').on(t.caseId),
  ],
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
 * Files chosen on the public form before it is sent. The bytes are in the
 * file store under storage_key; the row holds a place while they arrive
 * ('receiving', sized at most what the request can carry, so quotas count
 * uploads still under way) and waits, 'ready', keyed by the form's submission
 * id, until the form is sent and the file moves to the case. Any left after
 * an hour are deleted with their bytes. client_address is the sender's
 * address, for the per-address quota; it goes with the row.
 */
export const pendingUploads = pgTable(
  'pending_uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    submissionId: uuid('submission_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sha256: text('sha256').notNull(),
    /** Only rows from before the file store have bytes here; Heard moves them to the store when it starts. */
    content: bytea('content'),
    storageKey: text('storage_key').unique(),
    status: text('status', { enum: ['receiving', 'ready'] })
      .notNull()
      .default('ready'),
    sizeBytes: integer('size_bytes').notNull().default(0),
    clientAddress: text('client_address'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('pending_uploads_submission_idx').on(t.submissionId),
    index('pending_uploads_created_idx').on(t.createdAt),
    index('pending_uploads_address_idx').on(t.clientAddress),
  ],
);
