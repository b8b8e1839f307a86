import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { rollUpOutcome } from '../../domain/cases/outcome.ts';
import { OUTCOME_LABELS, STAGE_LABELS, type Outcome, type StageKind } from '../../domain/cases/vocabulary.ts';
import type { Tx } from '../../db/database.ts';
import { complaintHeads, feedbackCases, investigations, orgUnits, stages, users } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { parseCommand } from '../commands.ts';
import { DomainError, ValidationError } from '../errors.ts';
import { HeadsCommand, investigationCommand, type HeadInput, type InvestigationInput } from './commands.ts';
import type { CaseworkContext } from './guard.ts';

export type { HeadInput, InvestigationInput } from './commands.ts';

/**
 * A stage's outcome rolls up from its investigations (any upheld part makes it
 * at least partially upheld) unless an officer overrode it with a reason; the
 * complaint's outcome is its Stage 1 outcome.
 */
export async function rollUp(tx: Tx, caseId: string, stageId: string): Promise<void> {
  const [stage] = await tx.select().from(stages).where(eq(stages.id, stageId));
  if (!stage || stage.outcomeOverrideReason) return;
  const outs = (
    await tx.select({ outcome: investigations.outcome }).from(investigations).where(eq(investigations.stageId, stageId))
  ).map((i) => i.outcome);
  const outcome = outs.length ? rollUpOutcome(outs) : stage.outcome;
  await tx.update(stages).set({ outcome }).where(eq(stages.id, stageId));
  if (stage.kind === 'stage1') {
    const [c] = await tx
      .select({ override: feedbackCases.outcomeOverrideReason })
      .from(feedbackCases)
      .where(eq(feedbackCases.id, caseId));
    if (!c?.override) await tx.update(feedbackCases).set({ outcome }).where(eq(feedbackCases.id, caseId));
  }
}

/** What an investigation's heads of complaint add up to, once every head has an outcome; null before. */
export async function outcomeOfHeads(tx: Tx, investigationId: string): Promise<Outcome | null> {
  const heads = await tx
    .select({ outcome: complaintHeads.outcome })
    .from(complaintHeads)
    .where(eq(complaintHeads.investigationId, investigationId));
  return heads.length ? rollUpOutcome(heads.map((h) => h.outcome)) : null;
}

export async function stageOf(tx: Tx, caseId: string, kind: StageKind) {
  const [stage] = await tx
    .select()
    .from(stages)
    .where(and(eq(stages.caseId, caseId), eq(stages.kind, kind)));
  if (!stage)
    throw new DomainError(
      'STAGE.NOT_FOUND',
      `This case has no ${kind === 'lgsco' ? 'Ombudsman stage' : STAGE_LABELS[kind]}`,
    );
  return stage;
}

export function investigationOperations(ctx: CaseworkContext) {
  async function investigatorName(
    tx: Tx,
    input: Pick<InvestigationInput, 'investigatorId' | 'investigatorName'>,
  ): Promise<string | null> {
    if (input.investigatorName?.trim()) return input.investigatorName.trim();
    if (!input.investigatorId) return null;
    const [u] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, input.investigatorId));
    if (!u) throw new ValidationError([{ field: 'investigatorId', message: 'Choose a member of staff' }]);
    return null;
  }

  /** What an investigation stores, from a checked command: its team must be a team, its investigator named. */
  /**
   * The columns to write. The outcome follows the heads of complaint once each
   * has one; an officer may set another, with the reason, and it stays theirs.
   */
  async function investigationColumns(
    tx: Tx,
    input: z.output<ReturnType<typeof investigationCommand>>,
    investigationId?: string,
  ) {
    const [team] = await tx.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.id, input.teamId));
    if (team?.kind !== 'team') throw new ValidationError([{ field: 'teamId', message: 'Choose a team' }]);
    const fromHeads = investigationId ? await outcomeOfHeads(tx, investigationId) : null;
    const reason = input.outcomeOverrideReason?.trim() || null;
    const differs = !!input.outcome && !!fromHeads && input.outcome !== fromHeads;
    if (differs && !reason)
      throw new ValidationError([
        {
          field: 'outcomeOverrideReason',
          message: `The heads of complaint give “${OUTCOME_LABELS[fromHeads]}”: give the reason for a different outcome, or choose “Follow the heads of complaint”`,
        },
      ]);
    return {
      teamId: input.teamId,
      investigatorId: input.investigatorId || null,
      investigatorName: await investigatorName(tx, input),
      startedOn: input.startedOn ?? null,
      respondedOn: input.respondedOn ?? null,
      outcome: differs ? input.outcome! : (fromHeads ?? input.outcome ?? null),
      outcomeOverrideReason: differs ? reason : null,
      summary: input.summary ?? null,
    };
  }

  return {
    async addInvestigation(
      actor: Actor,
      caseId: string,
      stageKind: StageKind,
      raw: InvestigationInput,
    ): Promise<string> {
      return ctx.change(actor, caseId, { action: 'manage_investigations', stage: stageKind }, async (tx, row) => {
        const input = parseCommand(investigationCommand({ today: ctx.today(), receivedOn: row.receivedOn }), raw);
        const columns = await investigationColumns(tx, input);
        const name = columns.investigatorName;
        const stage = await stageOf(tx, caseId, stageKind);
        const [inv] = await tx
          .insert(investigations)
          .values({ stageId: stage.id, ...columns, createdAt: ctx.clock.now() })
          .returning({ id: investigations.id });
        await rollUp(tx, caseId, stage.id);
        await recordAudit(tx, ctx.clock, actor, {
          action: 'investigation.add',
          entity: 'investigation',
          entityId: inv!.id,
          caseId,
          after: {
            stage: stageKind,
            teamId: input.teamId,
            investigatorId: input.investigatorId ?? null,
            investigatorName: name,
            startedOn: input.startedOn ?? null,
          },
        });
        return inv!.id;
      });
    },

    async updateInvestigation(
      actor: Actor,
      caseId: string,
      investigationId: string,
      raw: InvestigationInput,
    ): Promise<void> {
      await ctx.change(actor, caseId, 'manage_investigations', async (tx, row) => {
        const [before] = await tx
          .select()
          .from(investigations)
          .innerJoin(stages, eq(stages.id, investigations.stageId))
          .where(and(eq(investigations.id, investigationId), eq(stages.caseId, caseId)));
        if (!before) throw new DomainError('NOT_FOUND', 'That investigation was not found');
        const input = parseCommand(investigationCommand({ today: ctx.today(), receivedOn: row.receivedOn }), raw);
        const after = await investigationColumns(tx, input, investigationId);
        await tx.update(investigations).set(after).where(eq(investigations.id, investigationId));
        await rollUp(tx, caseId, before.stages.id);
        const b = before.investigations;
        await recordAudit(tx, ctx.clock, actor, {
          action: 'investigation.update',
          entity: 'investigation',
          entityId: investigationId,
          caseId,
          before: {
            teamId: b.teamId,
            investigatorId: b.investigatorId,
            investigatorName: b.investigatorName,
            startedOn: b.startedOn,
            respondedOn: b.respondedOn,
            outcome: b.outcome,
            summary: b.summary,
          },
          after,
        });
      });
    },

    /** The heads of complaint of one investigation, replaced as a whole list (the page edits them together). */
    async setHeads(actor: Actor, caseId: string, investigationId: string, raw: HeadInput[]): Promise<void> {
      const heads = parseCommand(HeadsCommand, raw);
      await ctx.change(actor, caseId, 'manage_investigations', async (tx) => {
        const [inv] = await tx
          .select({ id: investigations.id, startedOn: investigations.startedOn })
          .from(investigations)
          .innerJoin(stages, eq(stages.id, investigations.stageId))
          .where(and(eq(investigations.id, investigationId), eq(stages.caseId, caseId)));
        if (!inv) throw new DomainError('NOT_FOUND', 'That investigation was not found');
        if (heads.some((h) => h.outcome) && !inv.startedOn)
          throw new DomainError(
            'INVESTIGATION.NOT_STARTED',
            'Record when the investigation started before recording findings',
            'startedOn',
          );
        const before = await tx
          .select()
          .from(complaintHeads)
          .where(eq(complaintHeads.investigationId, investigationId))
          .orderBy(asc(complaintHeads.position));
        await tx.delete(complaintHeads).where(eq(complaintHeads.investigationId, investigationId));
        if (heads.length)
          await tx.insert(complaintHeads).values(heads.map((h, i) => ({ investigationId, position: i + 1, ...h })));
        await recordAudit(tx, ctx.clock, actor, {
          action: 'investigation.heads',
          entity: 'investigation',
          entityId: investigationId,
          caseId,
          before: { heads: before.map((h) => ({ summary: h.summary, finding: h.finding, outcome: h.outcome })) },
          after: { heads },
        });
        // Unless an officer set it otherwise with a reason, the investigation's outcome follows its heads.
        const [current] = await tx.select().from(investigations).where(eq(investigations.id, investigationId));
        const fromHeads = await outcomeOfHeads(tx, investigationId);
        if (current && !current.outcomeOverrideReason && fromHeads && fromHeads !== current.outcome) {
          await tx.update(investigations).set({ outcome: fromHeads }).where(eq(investigations.id, investigationId));
          await recordAudit(tx, ctx.clock, actor, {
            action: 'investigation.update',
            entity: 'investigation',
            entityId: investigationId,
            caseId,
            before: { outcome: current.outcome },
            after: { outcome: fromHeads },
          });
          await rollUp(tx, caseId, current.stageId);
        }
      });
    },
  };
}
