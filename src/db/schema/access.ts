import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './staff.ts';

/**
 * Who saw what (ADR 0017): every case page opened, document or letter read,
 * list or report exported, and every sign-in, failed sign-in and sign-out.
 * Apart from audit_events (the changes) because there are many more of them
 * and the case history must stay readable. Append-only, like audit_events:
 * a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export const accessEvents = pgTable(
  'access_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    /** As audit_events: the name as it was, "Jo Bloggs (complaints officer)"; "Someone not signed in" for a failed sign-in. */
    actorLabel: text('actor_label').notNull(),
    /** What was done: case.viewed, attachment.downloaded, cases.exported, sign_in.failed… (src/domain/audit/access.ts). */
    action: text('action').notNull(),
    /** The one case read, when one was. */
    caseId: uuid('case_id'),
    /** Every case an export or a list of cases held, so "who has seen this case" finds exports too. */
    caseIds: uuid('case_ids').array(),
    /** The attachment or letter read. */
    entityId: text('entity_id'),
    /** What else says what was read: a file name, a format, a count, the email tried at a failed sign-in (never a password). */
    detail: jsonb('detail'),
    /** The client's address as Fastify sees it (request.ip; TRUSTED_PROXIES decides whether a proxy's header counts). */
    clientAddress: text('client_address'),
  },
  (t) => [
    index('access_events_case_idx').on(t.caseId, t.id),
    index('access_events_case_ids_idx').using('gin', t.caseIds),
    index('access_events_actor_idx').on(t.actorId, t.id),
    index('access_events_occurred_idx').on(t.occurredAt, t.id),
  ],
);
