import { eq, sql } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import { caseState, refusal } from '../domain/procedures/actions.ts';
import type { AvailableAction, CaseAction } from '../domain/procedures/types.ts';
import type { Database, Tx } from '../db/database.ts';
import { feedbackCases, stages } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { assertCaseAccess } from './case-access.ts';
import { DomainError, ForbiddenError, NotFoundError } from './errors.ts';

export type CaseRow = typeof feedbackCases.$inferSelect;

export interface CaseChangeOptions<T> {
  /** The version the person saw; a different one means someone else changed the case meanwhile. */
  expectedVersion?: number;
  /** A change that turned out to change nothing (a second acknowledgement) leaves the version alone. */
  unchanged?: (result: T) => boolean;
}

export type ChangeCase = <T>(
  actor: Actor,
  caseId: string,
  /** What is being done; with its stage for an escalation (the stage it goes to) or a stage's own change. */
  action: CaseAction | AvailableAction,
  fn: (tx: Tx, row: CaseRow) => Promise<T>,
  opts?: CaseChangeOptions<T>,
) => Promise<T>;

export const STALE_MESSAGE =
  'Someone else changed this case while you were working on it. Nothing has been saved: check the case and try again.';

/**
 * The one way any change reaches a case. In one transaction: the actor may
 * change this case (Heard itself always may), the row is locked, the version
 * is the one the person saw, the procedure offers this action in this state
 * (domain/procedures/actions.ts: the page offers exactly the same), the change
 * runs, and the version moves on.
 */
export function caseChanger(db: Database, clock: Clock): ChangeCase {
  return (actor, caseId, action, fn, opts = {}) =>
    db.transaction(async (tx) => {
      if (!actor.system) await assertCaseAccess(tx, actor, caseId, 'write');
      const [row] = await tx.select().from(feedbackCases).where(eq(feedbackCases.id, caseId)).for('update');
      if (!row) throw new NotFoundError('That case');
      if (opts.expectedVersion !== undefined && row.version !== opts.expectedVersion)
        throw new DomainError('CASE.STALE', STALE_MESSAGE);
      const reached = await tx
        .select({ kind: stages.kind, respondedOn: stages.respondedOn })
        .from(stages)
        .where(eq(stages.caseId, caseId));
      const state = caseState(row, reached);
      // assertCaseAccess has established the actor may write to this case, allocated or not.
      const who = actor.system ? { system: true as const } : { role: actor.role!, allocated: true };
      const asked = typeof action === 'string' ? { action } : action;
      const no = refusal(state, who, asked.action, asked.stage);
      if (no) throw no.code === 'FORBIDDEN' ? new ForbiddenError(no.message) : new DomainError(no.code, no.message);
      const result = await fn(tx, row);
      if (!opts.unchanged?.(result))
        await tx
          .update(feedbackCases)
          .set({ version: sql`${feedbackCases.version} + 1`, updatedAt: clock.now() })
          .where(eq(feedbackCases.id, caseId));
      return result;
    });
}
