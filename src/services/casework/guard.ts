import { eq, sql } from 'drizzle-orm';
import type { Clock } from '../../domain/clock.ts';
import { londonDate } from '../../domain/calendar/iso-date.ts';
import type { Database, Tx } from '../../db/database.ts';
import { feedbackCases } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { assertCaseAccess } from '../case-access.ts';
import { DomainError } from '../errors.ts';

export type CaseRow = typeof feedbackCases.$inferSelect;

export interface CaseworkContext {
  db: Database;
  clock: Clock;
  today(): string;
  /** Runs a change to a case: checks the actor may change it, locks it, refuses a closed case, bumps its version. */
  change<T>(
    actor: Actor,
    caseId: string,
    fn: (tx: Tx, row: CaseRow) => Promise<T>,
    opts?: { allowClosed?: boolean; expectedVersion?: number },
  ): Promise<T>;
}

export function caseworkContext(db: Database, clock: Clock): CaseworkContext {
  return {
    db,
    clock,
    today: () => londonDate(clock.now()),
    async change(actor, caseId, fn, opts = {}) {
      return db.transaction(async (tx) => {
        await assertCaseAccess(tx, actor, caseId, 'write');
        const [row] = await tx.select().from(feedbackCases).where(eq(feedbackCases.id, caseId)).for('update');
        if (!row) throw new DomainError('NOT_FOUND', 'That case was not found');
        if (opts.expectedVersion !== undefined && row.version !== opts.expectedVersion)
          throw new DomainError(
            'CASE.STALE',
            'Someone else changed this case while you were working on it. Nothing has been saved: check the case and try again.',
          );
        if (row.status === 'closed' && !opts.allowClosed)
          throw new DomainError('CASE.ALREADY_CLOSED', 'This case is closed. Reopen it before changing it.');
        const result = await fn(tx, row);
        await tx
          .update(feedbackCases)
          .set({ version: sql`${feedbackCases.version} + 1`, updatedAt: clock.now() })
          .where(eq(feedbackCases.id, caseId));
        return result;
      });
    },
  };
}
