import { and, asc, eq, exists, isNull, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../../db/database.ts';
import {
  actions,
  feedbackCases,
  investigations,
  learningPoints,
  referenceItems,
  stages,
  users,
} from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { visibleCasesCondition } from '../case-access.ts';
import { parseCommand } from '../commands.ts';
import { DomainError, ValidationError } from '../errors.ts';
import { ActionCommand, completeActionCommand, LearningCommand, type CompleteActionInput } from './commands.ts';
import type { CaseworkContext } from './guard.ts';

/** A row of the actions register. */
export interface OpenAction {
  id: string;
  text: string;
  dueOn: string | null;
  ownerName: string | null;
  type: string;
  reference: string;
  caseId: string;
}

export function learningOperations(ctx: CaseworkContext) {
  async function checkType(
    tx: Parameters<Parameters<Database['transaction']>[0]>[0],
    id: string,
    kind: 'learning_type' | 'action_type',
    field: string,
  ) {
    const [t] = await tx.select({ kind: referenceItems.kind }).from(referenceItems).where(eq(referenceItems.id, id));
    if (t?.kind !== kind)
      throw new ValidationError([
        { field, message: kind === 'learning_type' ? 'Choose the kind of learning' : 'Choose the kind of action' },
      ]);
  }

  /**
   * One page of the actions register, soonest due first, with how many are
   * open and overdue in all: at a large council thousands of actions are
   * open, and one page of them is what an officer can read (and what the
   * server can answer quickly).
   */
  async function actionsRegister(
    actor: Actor,
    opts: { overdueOnly?: boolean; page: number; pageSize: number | null },
  ): Promise<{ rows: OpenAction[]; total: number; overdue: number }> {
    const visible = visibleCasesCondition(actor);
    if (visible === 'none') return { rows: [], total: 0, overdue: 0 };
    const today = ctx.today();
    const open = [isNull(actions.completedOn), ...(visible ? [visible] : [])];
    const conditions = opts.overdueOnly ? [...open, lt(actions.dueOn, today)] : open;
    const query = ctx.db
      .select({
        id: actions.id,
        text: actions.text,
        dueOn: actions.dueOn,
        ownerName: sql<string | null>`coalesce(${actions.ownerName}, ${users.displayName})`,
        type: referenceItems.label,
        reference: feedbackCases.reference,
        caseId: feedbackCases.id,
      })
      .from(actions)
      .innerJoin(feedbackCases, eq(feedbackCases.id, actions.caseId))
      .innerJoin(referenceItems, eq(referenceItems.id, actions.actionTypeId))
      .leftJoin(users, eq(users.id, actions.ownerId))
      .where(and(...conditions))
      // Actions with no due date come last; the id keeps pages stable between requests.
      .orderBy(sql`${actions.dueOn} asc nulls last`, asc(actions.id));
    const paged = opts.pageSize === null ? query : query.limit(opts.pageSize).offset((opts.page - 1) * opts.pageSize);
    const [rows, [counts]] = await Promise.all([
      paged,
      ctx.db
        .select({
          total: sql<number>`count(*)::int`,
          overdue: sql<number>`(count(*) filter (where ${actions.dueOn} < ${today}))::int`,
        })
        .from(actions)
        // The case is joined only to limit an investigating manager to their own; others count from the index.
        .where(
          and(
            isNull(actions.completedOn),
            visible
              ? exists(
                  ctx.db
                    .select()
                    .from(feedbackCases)
                    .where(and(eq(feedbackCases.id, actions.caseId), visible)),
                )
              : undefined,
          ),
        ),
    ]);
    const overdue = counts?.overdue ?? 0;
    return { rows, total: opts.overdueOnly ? overdue : (counts?.total ?? 0), overdue };
  }

  return {
    actionsRegister,

    async addLearning(actor: Actor, caseId: string, raw: z.input<typeof LearningCommand>): Promise<string> {
      const input = parseCommand(LearningCommand, raw);
      // Learning is often recorded after a case closes, so it is allowed on closed cases.
      return ctx.change(actor, caseId, 'record_learning', async (tx) => {
        await checkType(tx, input.learningTypeId, 'learning_type', 'learningTypeId');
        if (input.investigationId) {
          // The investigation it came from must be one of this case's.
          const [inv] = await tx
            .select({ id: investigations.id })
            .from(investigations)
            .innerJoin(stages, eq(stages.id, investigations.stageId))
            .where(and(eq(investigations.id, input.investigationId), eq(stages.caseId, caseId)));
          if (!inv)
            throw new ValidationError([
              { field: 'investigationId', message: 'Choose one of this case’s investigations' },
            ]);
        }
        const [row] = await tx
          .insert(learningPoints)
          .values({
            caseId,
            learningTypeId: input.learningTypeId,
            text: input.text,
            investigationId: input.investigationId || null,
            recordedOn: ctx.today(),
            createdBy: actor.userId,
          })
          .returning({ id: learningPoints.id });
        await recordAudit(tx, ctx.clock, actor, {
          action: 'learning.add',
          entity: 'learning_point',
          entityId: row!.id,
          caseId,
          after: { learningTypeId: input.learningTypeId, text: input.text },
        });
        return row!.id;
      });
    },

    async addAction(actor: Actor, caseId: string, raw: z.input<typeof ActionCommand>): Promise<string> {
      const input = parseCommand(ActionCommand, raw);
      return ctx.change(actor, caseId, 'record_learning', async (tx) => {
        await checkType(tx, input.actionTypeId, 'action_type', 'actionTypeId');
        if (input.learningPointId) {
          const [lp] = await tx
            .select({ id: learningPoints.id })
            .from(learningPoints)
            .where(and(eq(learningPoints.id, input.learningPointId), eq(learningPoints.caseId, caseId)));
          if (!lp) throw new ValidationError([{ field: 'learningPointId', message: 'Choose learning from this case' }]);
        }
        const [row] = await tx
          .insert(actions)
          .values({
            caseId,
            learningPointId: input.learningPointId || null,
            actionTypeId: input.actionTypeId,
            text: input.text,
            ownerId: input.ownerId || null,
            ownerName: input.ownerName || null,
            dueOn: input.dueOn,
            createdAt: ctx.clock.now(),
          })
          .returning({ id: actions.id });
        await recordAudit(tx, ctx.clock, actor, {
          action: 'action.add',
          entity: 'action',
          entityId: row!.id,
          caseId,
          after: {
            text: input.text,
            ownerId: input.ownerId ?? null,
            ownerName: input.ownerName || null,
            dueOn: input.dueOn,
          },
        });
        return row!.id;
      });
    },

    async completeAction(actor: Actor, caseId: string, actionId: string, raw: CompleteActionInput): Promise<void> {
      const input = parseCommand(completeActionCommand(ctx.today()), raw);
      await ctx.change(actor, caseId, 'record_learning', async (tx, row) => {
        const [a] = await tx
          .select()
          .from(actions)
          .where(and(eq(actions.id, actionId), eq(actions.caseId, caseId)));
        if (!a) throw new DomainError('NOT_FOUND', 'That action was not found');
        if (a.completedOn)
          throw new DomainError('ACTION.ALREADY_DONE', `This action was completed on ${a.completedOn}`);
        if (input.completedOn < row.receivedOn)
          throw new ValidationError([
            { field: 'completedOn', message: 'It cannot be done before the case was received' },
          ]);
        await tx.update(actions).set({ completedOn: input.completedOn }).where(eq(actions.id, actionId));
        await recordAudit(tx, ctx.clock, actor, {
          action: 'action.complete',
          entity: 'action',
          entityId: actionId,
          caseId,
          before: { completedOn: null },
          after: { completedOn: input.completedOn },
        });
      });
    },

    /** Every open action across the cases the actor may see, overdue first: the actions register. */
    async openActions(actor: Actor, opts: { overdueOnly?: boolean } = {}) {
      return (await actionsRegister(actor, { ...opts, page: 1, pageSize: null })).rows;
    },
  };
}
