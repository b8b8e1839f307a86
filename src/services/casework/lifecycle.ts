import { stagesLeftOpen } from '../../domain/cases/stage-rules.ts';
import { and, count, eq, isNull, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/database.ts';
import { actions, caseLinks, compliments, feedbackCases, remedies, stages } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { assertCaseAccess } from '../case-access.ts';
import { parseCommand } from '../commands.ts';
import { DomainError, ValidationError } from '../errors.ts';
import {
  CloseCommand,
  complimentCommand,
  LinkCommand,
  ReopenCommand,
  WithdrawCommand,
  type ComplimentInput,
} from './commands.ts';
import type { CaseworkContext } from './guard.ts';

/** Remedies not yet done and actions still open on a case: closing it should not lose sight of them. */
async function openItems(db: DbOrTx, caseId: string): Promise<{ remedies: number; actions: number }> {
  const [r] = await db
    .select({ n: count() })
    .from(remedies)
    .innerJoin(stages, eq(stages.id, remedies.stageId))
    .where(and(eq(stages.caseId, caseId), isNull(remedies.completedOn)));
  const [a] = await db
    .select({ n: count() })
    .from(actions)
    .where(and(eq(actions.caseId, caseId), isNull(actions.completedOn)));
  return { remedies: r?.n ?? 0, actions: a?.n ?? 0 };
}

export function openItemsMessage(o: { remedies: number; actions: number }): string {
  const parts = [
    o.remedies ? `${o.remedies} ${o.remedies === 1 ? 'remedy is' : 'remedies are'} not done yet` : '',
    o.actions ? `${o.actions} ${o.actions === 1 ? 'action is' : 'actions are'} still open` : '',
  ].filter(Boolean);
  const text = parts.join(' and ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}. Record them as done first, or confirm that you want to close the case with them still open.`;
}

export function lifecycleOperations(ctx: CaseworkContext) {
  return {
    /** Closes a case whose stages have all answered. */
    async close(actor: Actor, caseId: string, raw: z.input<typeof CloseCommand>): Promise<void> {
      const input = parseCommand(CloseCommand, raw);
      await ctx.change(actor, caseId, 'close', async (tx, row) => {
        if (input.closedOn < row.receivedOn)
          throw new DomainError(
            'CASE.DATES_BACKWARDS',
            `It cannot close before it was received (${row.receivedOn})`,
            'closedOn',
          );
        if (input.closedOn > ctx.today())
          throw new DomainError('CASE.FUTURE_DATE', 'The date cannot be in the future', 'closedOn');
        const open = stagesLeftOpen(
          await tx
            .select({ kind: stages.kind, respondedOn: stages.respondedOn })
            .from(stages)
            .where(eq(stages.caseId, caseId)),
        );
        if (open.length)
          throw new DomainError(
            'CASE.STAGE_OPEN',
            `Record the response to ${open.join(' and ')} first, or withdraw the case`,
            'closedOn',
          );
        const unfinished = await openItems(tx, caseId);
        if ((unfinished.remedies || unfinished.actions) && !input.confirmOpenItems)
          throw new DomainError('CASE.OPEN_ITEMS', openItemsMessage(unfinished), 'confirmOpenItems');
        await tx
          .update(feedbackCases)
          .set({ status: 'closed', closedOn: input.closedOn })
          .where(eq(feedbackCases.id, caseId));
        await recordAudit(tx, ctx.clock, actor, {
          action: 'case.close',
          entity: 'feedback_case',
          entityId: caseId,
          caseId,
          before: { status: row.status, closedOn: row.closedOn },
          after: { status: 'closed', closedOn: input.closedOn },
        });
      });
    },

    /** The complainant withdraws: open stages close as withdrawn, and so does the case. */
    async withdraw(actor: Actor, caseId: string, raw: z.input<typeof WithdrawCommand>): Promise<void> {
      const input = parseCommand(WithdrawCommand, raw);
      await ctx.change(actor, caseId, 'withdraw', async (tx, row) => {
        if (input.on < row.receivedOn || input.on > ctx.today())
          throw new DomainError(
            'CASE.DATES_BACKWARDS',
            'The date must be between the date received and today',
            'withdrawnOn',
          );
        for (const s of await tx.select().from(stages).where(eq(stages.caseId, caseId))) {
          if (!s.respondedOn)
            await tx
              .update(stages)
              .set({
                respondedOn: input.on,
                closedOn: input.on,
                outcome: 'withdrawn',
                outcomeOverrideReason: `Withdrawn: ${input.reason.trim()}`,
              })
              .where(eq(stages.id, s.id));
        }
        await tx
          .update(feedbackCases)
          .set({
            status: 'closed',
            closedOn: input.on,
            outcome: row.outcome ?? 'withdrawn',
            outcomeOverrideReason: row.outcome ? row.outcomeOverrideReason : `Withdrawn: ${input.reason.trim()}`,
          })
          .where(eq(feedbackCases.id, caseId));
        await recordAudit(tx, ctx.clock, actor, {
          action: 'case.withdraw',
          entity: 'feedback_case',
          entityId: caseId,
          caseId,
          before: { status: row.status, outcome: row.outcome },
          after: {
            status: 'closed',
            closedOn: input.on,
            outcome: row.outcome ?? 'withdrawn',
            reason: input.reason.trim(),
          },
        });
      });
    },

    async reopen(actor: Actor, caseId: string, raw: z.input<typeof ReopenCommand>): Promise<void> {
      const input = parseCommand(ReopenCommand, raw);
      await ctx.change(actor, caseId, 'reopen', async (tx, row) => {
        if (row.mergedIntoId)
          throw new DomainError('CASE.MERGED', 'This case was merged into another; work on that one instead');
        // A complaint closed before its procedure was decided goes back to triage, not into casework it cannot start.
        const status = row.type === 'complaint' && !row.procedure ? ('new' as const) : ('open' as const);
        await tx.update(feedbackCases).set({ status, closedOn: null }).where(eq(feedbackCases.id, caseId));
        await recordAudit(tx, ctx.clock, actor, {
          action: 'case.reopen',
          entity: 'feedback_case',
          entityId: caseId,
          caseId,
          before: { status: 'closed', closedOn: row.closedOn },
          after: { status, closedOn: null, reason: input.reason.trim() },
        });
      });
    },

    /**
     * Links two cases. "duplicate_of" merges this case into the other: it is
     * closed and marked merged, keeping all it holds, and lists and reports
     * count only the original.
     */
    async link(actor: Actor, caseId: string, raw: z.input<typeof LinkCommand>): Promise<void> {
      const input = parseCommand(LinkCommand, raw);
      const [other] = await ctx.db
        .select({ id: feedbackCases.id, mergedIntoId: feedbackCases.mergedIntoId })
        .from(feedbackCases)
        .where(eq(feedbackCases.reference, input.otherReference.trim().toUpperCase()));
      if (!other) throw new ValidationError([{ field: 'otherReference', message: 'No case has that reference' }]);
      if (other.id === caseId)
        throw new ValidationError([{ field: 'otherReference', message: 'A case cannot be linked to itself' }]);
      await assertCaseAccess(ctx.db, actor, other.id, 'read');
      if (input.kind === 'duplicate_of' && other.mergedIntoId)
        throw new ValidationError([
          { field: 'otherReference', message: 'That case was itself merged into another: merge into that one' },
        ]);
      await ctx.change(actor, caseId, input.kind === 'related' ? 'link' : 'merge', async (tx, row) => {
        const [existing] = await tx
          .select()
          .from(caseLinks)
          .where(
            or(
              and(eq(caseLinks.caseId, caseId), eq(caseLinks.linkedCaseId, other.id)),
              and(eq(caseLinks.caseId, other.id), eq(caseLinks.linkedCaseId, caseId)),
            ),
          );
        if (existing) throw new DomainError('CASE.ALREADY_LINKED', 'These cases are already linked', 'otherReference');
        await tx.insert(caseLinks).values({
          caseId,
          linkedCaseId: other.id,
          kind: input.kind,
          note: input.note?.trim() || null,
          createdBy: actor.userId,
          createdAt: ctx.clock.now(),
        });
        if (input.kind === 'duplicate_of') {
          await tx
            .update(feedbackCases)
            .set({ mergedIntoId: other.id, status: 'closed', closedOn: row.closedOn ?? ctx.today() })
            .where(eq(feedbackCases.id, caseId));
        }
        await recordAudit(tx, ctx.clock, actor, {
          action: input.kind === 'duplicate_of' ? 'case.merge' : 'case.link',
          entity: 'feedback_case',
          entityId: caseId,
          caseId,
          after: {
            with: input.otherReference.trim().toUpperCase(),
            kind: input.kind,
            note: input.note?.trim() || null,
          },
        });
      });
    },

    async updateCompliment(actor: Actor, caseId: string, raw: ComplimentInput): Promise<void> {
      const input = parseCommand(complimentCommand(ctx.today()), raw);
      await ctx.change(actor, caseId, 'record_compliment', async (tx) => {
        const [before] = await tx.select().from(compliments).where(eq(compliments.caseId, caseId));
        const values = {
          teamId: input.teamId || null,
          staffName: input.staffName?.trim() || null,
          staffRole: input.staffRole?.trim() || null,
          originId: input.originId || null,
          themeId: input.themeId || null,
          valuesShown: input.valuesShown?.trim() || null,
          sharedOn: input.sharedOn || null,
        };
        await tx
          .insert(compliments)
          .values({ caseId, ...values })
          .onConflictDoUpdate({ target: compliments.caseId, set: values });
        await recordAudit(tx, ctx.clock, actor, {
          action: 'compliment.update',
          entity: 'compliment',
          entityId: caseId,
          caseId,
          before: before
            ? {
                teamId: before.teamId,
                staffName: before.staffName,
                staffRole: before.staffRole,
                originId: before.originId,
                themeId: before.themeId,
                valuesShown: before.valuesShown,
                sharedOn: before.sharedOn,
              }
            : null,
          after: values,
        });
      });
    },
  };
}
