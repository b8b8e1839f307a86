import { asc, desc, eq } from 'drizzle-orm';
import type { AuditRecord } from '../domain/audit/changes.ts';
import { diffRecords, hasChanges } from '../domain/audit/changes.ts';
import type { Clock } from '../domain/clock.ts';
import type { DbOrTx } from '../db/database.ts';
import { auditEvents } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  caseId?: string | null;
  before?: AuditRecord | null;
  after?: AuditRecord | null;
  /**
   * Who or what the event is about (a person's role and name), kept with the
   * changes even when unchanged, so the history can say whose details changed.
   */
  about?: AuditRecord;
}

/**
 * Writes one audit event in the caller's transaction, so a change and its
 * record stand or fall together. Updates keep only the fields that changed.
 */
export async function recordAudit(tx: DbOrTx, clock: Clock, actor: Actor, entry: AuditEntry): Promise<void> {
  let before = entry.before ?? null;
  let after = entry.after ?? null;
  if (before && after) {
    const changes = diffRecords(before, after);
    if (!hasChanges(changes)) return;
    before = changes.before;
    after = changes.after;
  }
  if (entry.about) after = { ...entry.about, ...(after ?? {}) };
  await tx.insert(auditEvents).values({
    occurredAt: clock.now(),
    actorId: actor.userId,
    actorLabel: actor.label,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    caseId: entry.caseId ?? null,
    before,
    after,
  });
}

export async function caseAuditTrail(db: DbOrTx, caseId: string, order: 'oldest' | 'newest' = 'newest') {
  return db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.caseId, caseId))
    .orderBy(order === 'newest' ? desc(auditEvents.id) : asc(auditEvents.id));
}
