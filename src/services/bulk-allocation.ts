import { mayManageCases } from '../domain/access/roles.ts';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { users } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { STALE_MESSAGE } from './case-change.ts';
import type { CasesService } from './cases/index.ts';
import { parseCommand } from './commands.ts';
import { DomainError } from './errors.ts';

/** A bulk allocation is a screenful of cases picked by hand, not the whole list. */
export const BULK_ALLOCATE_MAX = 200;

export const BulkAllocateCommand = z.object({
  references: z
    .array(z.string().trim().min(1).max(100))
    .min(1, 'Select the cases to allocate')
    .max(BULK_ALLOCATE_MAX, `Select at most ${BULK_ALLOCATE_MAX} cases at a time`),
  investigatingManagerId: z.uuid({ error: 'Select who the cases go to' }),
  /** The team the cases go to; null keeps each case's own team. */
  teamId: z.uuid().nullable(),
  /**
   * Each case's version when the confirmation page showed it, by reference: a
   * case someone else changed since (reallocated, closed) is refused, not
   * overwritten with what the person confirmed without seeing the change.
   */
  expectedVersions: z.record(z.string(), z.number().int()).optional(),
});
export type BulkAllocateCommand = z.input<typeof BulkAllocateCommand>;

export interface BulkAllocationResult {
  /** Allocated now, one audit entry each. */
  allocated: string[];
  /** Already with that manager (and team): nothing to change, so nothing written. */
  unchanged: string[];
  /** Not changed, each with the reason the guard gave (closed, not yours, not triaged, not found). */
  refused: { reference: string; reason: string }[];
}

/**
 * Allocating or reassigning several cases at once. Each case is changed on
 * its own through the same service as the case's own Allocate page
 * (cases.allocate, which goes through caseChanger): the same access check,
 * row lock, procedure rule and one audit entry per case.
 *
 * A case the guard refuses is named with its reason and the others are still
 * done: each case's allocation stands on its own (nothing about one depends
 * on another), the confirmation page has already listed every case, and
 * refusing forty because one was closed meanwhile would only make the officer
 * pick the forty again. The answer lists what was done and what was not.
 */
export function bulkAllocationService(db: Database, cases: Pick<CasesService, 'allocate' | 'allocationsOf'>) {
  return {
    async allocate(actor: Actor, raw: BulkAllocateCommand): Promise<BulkAllocationResult> {
      const input = parseCommand(BulkAllocateCommand, raw);
      const [manager] = await db
        .select({ role: users.role, active: users.active })
        .from(users)
        .where(eq(users.id, input.investigatingManagerId));
      if (!manager || !manager.active || !mayManageCases(manager.role))
        throw new DomainError(
          'CASE.UNKNOWN_MANAGER',
          'Select an active member of staff who works cases as investigating manager',
          'investigatingManagerId',
        );
      const wanted = [...new Set(input.references)];
      const found = await cases.allocationsOf(actor, wanted);
      const byReference = new Map(found.map((c) => [c.reference, c]));
      const result: BulkAllocationResult = { allocated: [], unchanged: [], refused: [] };
      for (const reference of wanted) {
        const c = byReference.get(reference);
        // A case the actor may not see is "not found", as everywhere else, so references cannot be probed.
        if (!c) {
          result.refused.push({ reference, reason: 'No case with this reference was found' });
          continue;
        }
        const teamId = input.teamId ?? c.teamId;
        const seen = input.expectedVersions?.[reference];
        if (seen !== undefined && seen !== c.version) {
          result.refused.push({ reference, reason: STALE_MESSAGE });
          continue;
        }
        if (c.investigatingManagerId === input.investigatingManagerId && c.teamId === teamId) {
          result.unchanged.push(reference);
          continue;
        }
        try {
          await cases.allocate(actor, c.id, {
            teamId,
            investigatingManagerId: input.investigatingManagerId,
            expectedVersion: input.expectedVersions?.[reference],
          });
          result.allocated.push(reference);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          result.refused.push({ reference, reason: err.message });
        }
      }
      return result;
    },
  };
}
export type BulkAllocationService = ReturnType<typeof bulkAllocationService>;
