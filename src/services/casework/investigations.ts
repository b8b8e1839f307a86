import { and, asc, eq } from 'drizzle-orm';
import { isIsoDate } from '../../domain/calendar/iso-date.ts';
import { rollUpOutcome } from '../../domain/cases/outcome.ts';
import { OUTCOMES, type Outcome, type StageKind } from '../../domain/cases/vocabulary.ts';
import type { Tx } from '../../db/database.ts';
import { complaintHeads, feedbackCases, investigations, orgUnits, stages, users } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { DomainError, ValidationError } from '../errors.ts';
import type { CaseworkContext } from './guard.ts';

export interface InvestigationInput {
  teamId: string;
  investigatorId?: string | null;
  investigatorName?: string | null;
  startedOn?: string | null;
  respondedOn?: string | null;
  outcome?: Outcome | null;
  summary?: string | null;
}

export interface HeadInput {
  summary: string;
  finding?: string | null;
  outcome?: Outcome | null;
}

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

export async function stageOf(tx: Tx, caseId: string, kind: StageKind) {
  const [stage] = await tx
    .select()
    .from(stages)
    .where(and(eq(stages.caseId, caseId), eq(stages.kind, kind)));
  if (!stage)
    throw new DomainError(
      'STAGE.NOT_FOUND',
      `This case has no ${kind === 'lgsco' ? 'Ombudsman stage' : kind.replace('stage', 'Stage ')}`,
    );
  return stage;
}

export function investigationOperations(ctx: CaseworkContext) {
  function validate(input: InvestigationInput, receivedOn: string): { field: string; message: string }[] {
    const errors: { field: string; message: string }[] = [];
    if (!input.teamId) errors.push({ field: 'teamId', message: 'Choose the team being investigated' });
    for (const f of ['startedOn', 'respondedOn'] as const)
      if (input[f] && !isIsoDate(input[f])) errors.push({ field: f, message: 'Enter a real date' });
    if (input.startedOn && input.startedOn < receivedOn)
      errors.push({
        field: 'startedOn',
        message: `The investigation cannot start before the complaint was received (${receivedOn})`,
      });
    if (input.startedOn && input.startedOn > ctx.today())
      errors.push({ field: 'startedOn', message: 'The date cannot be in the future' });
    if (input.respondedOn && input.respondedOn > ctx.today())
      errors.push({ field: 'respondedOn', message: 'The date cannot be in the future' });
    if (input.outcome && !OUTCOMES.includes(input.outcome))
      errors.push({ field: 'outcome', message: 'Choose an outcome' });
    // An outcome needs an investigation that has started, and a response on or after its start.
    if ((input.outcome || input.respondedOn) && !input.startedOn)
      errors.push({
        field: 'startedOn',
        message: 'An investigation must have started before its outcome or response is recorded',
      });
    if (input.respondedOn && input.startedOn && input.respondedOn < input.startedOn)
      errors.push({
        field: 'respondedOn',
        message: `The response cannot be before the investigation started (${input.startedOn})`,
      });
    return errors;
  }

  async function investigatorName(tx: Tx, input: InvestigationInput): Promise<string | null> {
    if (input.investigatorName?.trim()) return input.investigatorName.trim();
    if (!input.investigatorId) return null;
    const [u] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, input.investigatorId));
    if (!u) throw new ValidationError([{ field: 'investigatorId', message: 'Choose a member of staff' }]);
    return null;
  }

  return {
    async addInvestigation(
      actor: Actor,
      caseId: string,
      stageKind: StageKind,
      input: InvestigationInput,
    ): Promise<string> {
      return ctx.change(actor, caseId, { action: 'manage_investigations', stage: stageKind }, async (tx, row) => {
        const errors = validate(input, row.receivedOn);
        if (errors.length) throw new ValidationError(errors);
        const [team] = await tx.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.id, input.teamId));
        if (team?.kind !== 'team') throw new ValidationError([{ field: 'teamId', message: 'Choose a team' }]);
        const stage = await stageOf(tx, caseId, stageKind);
        const name = await investigatorName(tx, input);
        const [inv] = await tx
          .insert(investigations)
          .values({
            stageId: stage.id,
            teamId: input.teamId,
            investigatorId: input.investigatorId || null,
            investigatorName: name,
            startedOn: input.startedOn ?? null,
            respondedOn: input.respondedOn ?? null,
            outcome: input.outcome ?? null,
            summary: input.summary ?? null,
            createdAt: ctx.clock.now(),
          })
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
      input: InvestigationInput,
    ): Promise<void> {
      await ctx.change(actor, caseId, 'manage_investigations', async (tx, row) => {
        const [before] = await tx
          .select()
          .from(investigations)
          .innerJoin(stages, eq(stages.id, investigations.stageId))
          .where(and(eq(investigations.id, investigationId), eq(stages.caseId, caseId)));
        if (!before) throw new DomainError('NOT_FOUND', 'That investigation was not found');
        const errors = validate(input, row.receivedOn);
        if (errors.length) throw new ValidationError(errors);
        const name = await investigatorName(tx, input);
        const after = {
          teamId: input.teamId,
          investigatorId: input.investigatorId || null,
          investigatorName: name,
          startedOn: input.startedOn ?? null,
          respondedOn: input.respondedOn ?? null,
          outcome: input.outcome ?? null,
          summary: input.summary ?? null,
        };
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
    async setHeads(actor: Actor, caseId: string, investigationId: string, heads: HeadInput[]): Promise<void> {
      const errors: { field: string; message: string }[] = [];
      heads.forEach((h, i) => {
        if (!h.summary.trim())
          errors.push({ field: `head-${i + 1}-summary`, message: `Head ${i + 1}: say what the complaint is` });
        if (h.outcome && !OUTCOMES.includes(h.outcome))
          errors.push({ field: `head-${i + 1}-outcome`, message: `Head ${i + 1}: choose an outcome` });
      });
      if (errors.length) throw new ValidationError(errors);
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
          await tx.insert(complaintHeads).values(
            heads.map((h, i) => ({
              investigationId,
              position: i + 1,
              summary: h.summary.trim(),
              finding: h.finding?.trim() || null,
              outcome: h.outcome ?? null,
            })),
          );
        await recordAudit(tx, ctx.clock, actor, {
          action: 'investigation.heads',
          entity: 'investigation',
          entityId: investigationId,
          caseId,
          before: { heads: before.map((h) => ({ summary: h.summary, finding: h.finding, outcome: h.outcome })) },
          after: {
            heads: heads.map((h) => ({
              summary: h.summary.trim(),
              finding: h.finding?.trim() || null,
              outcome: h.outcome ?? null,
            })),
          },
        });
      });
    },
  };
}
