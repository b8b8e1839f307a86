import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './staff.ts';

/**
 * Append-only: a trigger (see the migration "audit_append_only") refuses
 * UPDATE and DELETE, so not even a bug in Heard can rewrite history.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    /** Who, as a name, kept even if the account is later renamed: "Jo Bloggs (complaints officer)", "system", "public form". */
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    caseId: uuid('case_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('audit_events_case_idx').on(t.caseId, t.id),
    index('audit_events_entity_idx').on(t.entity, t.entityId),
    // For the administrators' search of the whole trail (Administration, Audit trail): by date and by person.
    index('audit_events_occurred_idx').on(t.occurredAt, t.id),
    index('audit_events_actor_idx').on(t.actorId, t.id),
  ],
);
