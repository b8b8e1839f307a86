import { isIP } from 'node:net';
import { inArray } from 'drizzle-orm';
import type { AccessAction } from '../domain/audit/access.ts';
import { NOT_SIGNED_IN } from '../domain/audit/access.ts';
import type { Clock } from '../domain/clock.ts';
import type { Database, DbOrTx } from '../db/database.ts';
import { accessEvents, feedbackCases } from '../db/schema/index.ts';
import { userActor, type Actor } from './actor.ts';
import type { SignInResult } from './users.ts';

export interface AccessEntry {
  action: AccessAction;
  /** request.ip: where the request came from. */
  address: string | null;
  caseId?: string | null;
  /** Every case a list or export held. */
  caseIds?: readonly string[];
  entityId?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Writes one read into the access log (ADR 0017) before the page or file goes
 * out. A failure is thrown like any database failure, so the reader gets an
 * error page and not the record: a read nobody can account for is worse than
 * a page that did not open.
 */
export async function recordAccess(db: DbOrTx, clock: Clock, actor: Actor | null, entry: AccessEntry): Promise<void> {
  await db.insert(accessEvents).values({
    occurredAt: clock.now(),
    actorId: actor?.userId ?? null,
    actorLabel: actor?.label ?? NOT_SIGNED_IN,
    action: entry.action,
    caseId: entry.caseId ?? null,
    caseIds: entry.caseIds?.length ? [...entry.caseIds] : null,
    entityId: entry.entityId ?? null,
    detail: entry.detail ?? null,
    // Only an address: a forwarded header from a trusted proxy could carry any text, of any length.
    clientAddress: entry.address && isIP(entry.address) ? entry.address : entry.address ? '(not an address)' : null,
  });
}

export function accessLogService(db: Database, clock: Clock) {
  return {
    record: (actor: Actor | null, entry: AccessEntry) => recordAccess(db, clock, actor, entry),

    /**
     * A sign-in attempt, as users.signIn answered it: who signed in, or the email tried and why it
     * failed (never the password). One call from the sign-in route, whatever way of signing in.
     */
    async signInAttempt(email: string, result: SignInResult, address: string | null) {
      if (result.ok) return recordAccess(db, clock, userActor(result.user), { action: 'sign_in.succeeded', address });
      const reason = result.reason === 'throttled' ? 'too many failed attempts' : 'email address or password not right';
      // What was typed is kept only when it looks like an email address: people type their password into the
      // email box, and this log can never be changed (nor is it a place for an essay).
      const typed = email.trim();
      const looksLikeEmail = typed.length <= 320 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(typed);
      return recordAccess(db, clock, null, {
        action: 'sign_in.failed',
        address,
        detail: { email: looksLikeEmail ? typed : '(not an email address: not kept)', reason },
      });
    },

    /** The ids of the cases with these references, for an export or page that names cases by reference. */
    async caseIdsFor(references: readonly string[]): Promise<string[]> {
      const ids: string[] = [];
      const unique = [...new Set(references)];
      for (let i = 0; i < unique.length; i += 5000) {
        const chunk = unique.slice(i, i + 5000);
        const rows = await db
          .select({ id: feedbackCases.id })
          .from(feedbackCases)
          .where(inArray(feedbackCases.reference, chunk));
        ids.push(...rows.map((r) => r.id));
      }
      return ids;
    },
  };
}
export type AccessLogService = ReturnType<typeof accessLogService>;
