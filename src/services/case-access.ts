import { eq, sql, type SQL } from 'drizzle-orm';
import { can, canReadCase, canWriteCase, type CaseAccessFacts } from '../domain/access/roles.ts';
import type { DbOrTx } from '../db/database.ts';
import { feedbackCases, investigations, stagePeople, stages } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { ForbiddenError, NotFoundError } from './errors.ts';

/** Users allocated to a case: its investigating manager, anyone named on a stage, any investigator. */
export async function caseAccessFacts(db: DbOrTx, caseId: string): Promise<CaseAccessFacts & { exists: boolean }> {
  const [row] = await db
    .select({ managerId: feedbackCases.investigatingManagerId })
    .from(feedbackCases)
    .where(eq(feedbackCases.id, caseId));
  if (!row) return { exists: false, allocatedUserIds: [] };
  const stagePeopleRows = await db
    .select({ userId: stagePeople.userId })
    .from(stagePeople)
    .innerJoin(stages, eq(stages.id, stagePeople.stageId))
    .where(eq(stages.caseId, caseId));
  const investigatorRows = await db
    .select({ userId: investigations.investigatorId })
    .from(investigations)
    .innerJoin(stages, eq(stages.id, investigations.stageId))
    .where(eq(stages.caseId, caseId));
  const ids = [row.managerId, ...stagePeopleRows.map((r) => r.userId), ...investigatorRows.map((r) => r.userId)].filter(
    (x): x is string => !!x,
  );
  return { exists: true, allocatedUserIds: [...new Set(ids)] };
}

/** What an investigating manager is told on a case that is not theirs. */
export const NOT_ALLOCATED_MESSAGE =
  'This case is not allocated to you. If you need to work on it, ask the complaints team to allocate it to you.';

/**
 * Throws unless the actor may read (or write) the case. Someone who sees only
 * the cases allocated to them is told plainly that an existing case is not
 * theirs (staff may know a reference exists; they see nothing of it); anyone
 * else without access is answered "not found", so references cannot be probed.
 */
export async function assertCaseAccess(
  db: DbOrTx,
  actor: Actor,
  caseId: string,
  mode: 'read' | 'write',
): Promise<void> {
  const facts = await caseAccessFacts(db, caseId);
  if (!facts.exists || !actor.role || !actor.userId) throw new NotFoundError('That case');
  if (!canReadCase(actor.role, actor.userId, facts)) {
    if (can(actor.role, 'cases.read.allocated')) throw new ForbiddenError(NOT_ALLOCATED_MESSAGE);
    throw new NotFoundError('That case');
  }
  if (mode === 'write' && !canWriteCase(actor.role, actor.userId, facts))
    throw new ForbiddenError('You can see this case but not change it');
}

/**
 * The SQL condition restricting a case list to what the actor may see; null means everything. Someone who sees
 * only their own cases sees those allocated to them (caseAccessFacts' people), which the database keeps on each
 * case as `allocated_user_ids` (migration 0029, ADR 0023): one test of the case's own row, answered from an index
 * for the open ones, where asking each case's stages and investigations cost 250 ms at 1,000,000 cases.
 */
export function visibleCasesCondition(actor: Actor): SQL | null | 'none' {
  // Heard itself (the command line asking whether it holds any case) sees every case.
  if (actor.system) return null;
  if (!actor.role || !actor.userId) return 'none';
  if (can(actor.role, 'cases.read.all')) return null;
  if (!can(actor.role, 'cases.read.allocated')) return 'none';
  return sql`${feedbackCases.allocatedUserIds} @> array[${actor.userId}::uuid]`;
}
