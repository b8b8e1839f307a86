import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { feedbackCases } from './cases.ts';

/**
 * "Track your feedback": one row each time someone asks for a code with a
 * reference. Only the code's hash (salted with the row's own salt) is kept;
 * it expires, is used once, and allows a few wrong tries. A reference that
 * matches no case, or one with no email address, gets a row too (with no case
 * and a code nobody was sent), so both answer exactly as a real one does.
 */
export const trackingCodes = pgTable(
  'tracking_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').references(() => feedbackCases.id),
    codeHash: text('code_hash').notNull(),
    salt: text('salt').notNull(),
    wrongTries: integer('wrong_tries').notNull().default(0),
    /** The asker's address, for the per-address limit on codes asked for. */
    clientAddress: text('client_address'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    index('tracking_codes_case_idx').on(t.caseId, t.createdAt),
    index('tracking_codes_address_idx').on(t.clientAddress, t.createdAt),
  ],
);
