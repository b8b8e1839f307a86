import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import {
  checkEscalation,
  checkIndependence,
  checkStageDates,
  checkOmbudsmanDecision,
  checkStageFields,
  checkStageRole,
  type Person,
} from '../../domain/cases/stage-rules.ts';
import { previousStage, requestWindow } from '../../domain/procedures/flow.ts';
import { definitionOfStage, maybeProcedure, stageDefinition } from '../../domain/procedures/registry.ts';
import { outcomeOfLgscoDecision, type StageKind, type StageRole } from '../../domain/cases/vocabulary.ts';
import type { Tx } from '../../db/database.ts';
import { investigations, referenceItems, remedies, stagePeople, stages, users } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { parseCommand } from '../commands.ts';
import { DomainError, ValidationError } from '../errors.ts';
import type { TimescalesService } from '../timescales.ts';
import {
  completeRemedyCommand,
  EscalateCommand,
  remedyCommand,
  StagePersonCommand,
  StageUpdateCommand,
  type CompleteRemedyInput,
  type RemedyInput,
  type StageUpdate,
} from './commands.ts';
import type { CaseworkContext } from './guard.ts';
import { rollUp, stageOf } from './investigations.ts';

export type { StageUpdate } from './commands.ts';

export function stageOperations(ctx: CaseworkContext, deps: { timescales: TimescalesService }) {
  async function stagePersons(tx: Tx, caseId: string, kind: StageKind, roles: StageRole[]): Promise<Person[]> {
    const rows = await tx
      .select({ userId: stagePeople.userId, name: stagePeople.name, role: stagePeople.role })
      .from(stagePeople)
      .innerJoin(stages, eq(stages.id, stagePeople.stageId))
      .where(and(eq(stages.caseId, caseId), eq(stages.kind, kind)));
    return rows.filter((r) => roles.includes(r.role)).map((r) => ({ userId: r.userId, name: r.name }));
  }

  async function investigatorsAt(tx: Tx, caseId: string, kind: StageKind): Promise<Person[]> {
    const invs = await tx
      .select({
        userId: investigations.investigatorId,
        name: investigations.investigatorName,
        userName: users.displayName,
      })
      .from(investigations)
      .innerJoin(stages, eq(stages.id, investigations.stageId))
      .leftJoin(users, eq(users.id, investigations.investigatorId))
      .where(and(eq(stages.caseId, caseId), eq(stages.kind, kind)));
    return invs.map((i) => ({ userId: i.userId, name: i.name ?? i.userName ?? '' }));
  }

  return {
    /** Moves a complaint to its next stage: Stage 2, Stage 3 or the Ombudsman, under the procedure's rules. */
    async escalate(actor: Actor, caseId: string, raw: z.input<typeof EscalateCommand>): Promise<void> {
      const input = parseCommand(EscalateCommand, raw);
      const { clocks } = await deps.timescales.clocksForCase(caseId);
      await ctx.change(actor, caseId, { action: 'escalate', stage: input.to }, async (tx, row) => {
        const existing = await tx.select().from(stages).where(eq(stages.caseId, caseId));
        const reached = existing.map((s) => s.kind);
        const procedure = maybeProcedure(row.procedure);
        const target = procedure && stageDefinition(procedure, input.to);
        const previousDef = procedure && previousStage(procedure, input.to, reached);
        const previous = existing.find((s) => s.kind === previousDef?.kind);
        const previousClock = previousDef && clocks.find((k) => k.clock === previousDef.responseClock);
        const windowClock = target && requestWindow(target);
        const window = windowClock && clocks.find((k) => k.clock === windowClock.clock);
        const error = checkEscalation(
          input.to,
          {
            procedure,
            reached,
            previousRespondedOn: previous?.respondedOn ?? null,
            previousOverdue: previousClock?.result.status === 'overdue',
            requestWithinWindow: window?.result.dueOn ? input.requestedOn <= window.result.dueOn : null,
          },
          { requestedOn: input.requestedOn, lateReason: input.lateReason, today: ctx.today() },
        );
        if (error) throw new DomainError(error.code, error.message, error.field ?? 'to');
        const lgsco = input.to === 'lgsco';
        const [stage] = await tx
          .insert(stages)
          .values({
            caseId,
            kind: input.to,
            procedure: row.procedure,
            requestedOn: input.requestedOn,
            startedOn: input.requestedOn,
            lateRequestReason: input.lateReason?.trim() || null,
            lgscoReference: lgsco ? input.lgscoReference?.trim() || null : null,
            lgscoEnquiryReceivedOn: lgsco ? input.requestedOn : null,
            createdAt: ctx.clock.now(),
            updatedAt: ctx.clock.now(),
          })
          .returning({ id: stages.id });
        await recordAudit(tx, ctx.clock, actor, {
          action: `stage.escalate`,
          entity: 'stage',
          entityId: stage!.id,
          caseId,
          after: {
            to: input.to,
            requestedOn: input.requestedOn,
            lateReason: input.lateReason?.trim() || null,
            lgscoReference: input.lgscoReference?.trim() || null,
          },
        });
      });
    },

    async updateStage(actor: Actor, caseId: string, kind: StageKind, raw: StageUpdate): Promise<void> {
      const input = parseCommand(StageUpdateCommand, raw);
      await ctx.change(actor, caseId, { action: 'update_stage', stage: kind }, async (tx, row) => {
        const before = await stageOf(tx, caseId, kind);
        const definition = definitionOfStage(before.procedure ?? row.procedure, kind);
        const merged = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
        const dateErrors = [
          ...checkStageFields(definition, input),
          ...checkStageDates(definition, { receivedOn: row.receivedOn, ...merged }, ctx.today()),
          ...(definition.ombudsman ? checkOmbudsmanDecision(merged) : []),
        ];
        if (dateErrors.length)
          throw new ValidationError(dateErrors.map((e) => ({ field: e.field ?? 'respondedOn', message: e.message })));
        if (merged.respondedOn) {
          // An outcome needs investigations that started: no finding before the work began.
          const invs = await tx
            .select({ startedOn: investigations.startedOn })
            .from(investigations)
            .where(eq(investigations.stageId, before.id));
          if (invs.some((i) => i.startedOn && merged.respondedOn! < i.startedOn))
            throw new DomainError(
              'STAGE.DATES_BACKWARDS',
              'The response cannot be before an investigation started',
              'respondedOn',
            );
        }
        const set: Record<string, unknown> = {
          ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
          closedOn: merged.respondedOn ?? null,
          updatedAt: ctx.clock.now(),
        };
        if (kind === 'lgsco' && input.lgscoDecision !== undefined)
          set.outcome = outcomeOfLgscoDecision(input.lgscoDecision);
        await tx.update(stages).set(set).where(eq(stages.id, before.id));
        if (!input.outcome && kind !== 'lgsco') await rollUp(tx, caseId, before.id);
        const keys = Object.keys(set).filter((k) => k !== 'updatedAt');
        await recordAudit(tx, ctx.clock, actor, {
          action: 'stage.update',
          entity: 'stage',
          entityId: before.id,
          caseId,
          before: Object.fromEntries(keys.map((k) => [k, (before as Record<string, unknown>)[k] ?? null])) as never,
          after: Object.fromEntries(keys.map((k) => [k, set[k] ?? null])) as never,
        });
      });
    },

    /**
     * Names someone on a stage. Refuses a Stage 2 investigating officer or
     * independent person who investigated at Stage 1, and a panel member who
     * was the Stage 2 independent person.
     */
    async addStagePerson(
      actor: Actor,
      caseId: string,
      kind: StageKind,
      raw: z.input<typeof StagePersonCommand>,
    ): Promise<void> {
      const input = parseCommand(StagePersonCommand, raw);
      await ctx.change(actor, caseId, { action: 'update_stage', stage: kind }, async (tx, caseRow) => {
        const stage = await stageOf(tx, caseId, kind);
        const definition = definitionOfStage(stage.procedure ?? caseRow.procedure, kind);
        const wrongRole = checkStageRole(definition, input.role);
        if (wrongRole) throw new ValidationError([{ field: 'role', message: wrongRole.message }]);
        let name = input.name?.trim() ?? '';
        if (input.userId) {
          const [u] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, input.userId));
          if (!u) throw new ValidationError([{ field: 'userId', message: 'Choose a member of staff' }]);
          name = u.name;
        }
        const person: Person = { userId: input.userId ?? null, name };
        const rules = definition.independence.filter((r) => r.roles.includes(input.role));
        for (const rule of rules) {
          const earlier = await stagePersons(tx, caseId, rule.notEarlier.stage, [...rule.notEarlier.roles]);
          if (rule.notEarlier.asInvestigator)
            earlier.push(...(await investigatorsAt(tx, caseId, rule.notEarlier.stage)));
          const err = checkIndependence(rule, person, earlier);
          if (err) throw new DomainError(err.code, err.message, input.userId ? 'userId' : 'name');
        }
        const [row] = await tx
          .insert(stagePeople)
          .values({
            stageId: stage.id,
            role: input.role,
            userId: input.userId ?? null,
            name,
            organisation: input.organisation?.trim() || null,
            appointedOn: input.appointedOn ?? ctx.today(),
          })
          .returning({ id: stagePeople.id });
        await recordAudit(tx, ctx.clock, actor, {
          action: 'stage.add_person',
          entity: 'stage_person',
          entityId: row!.id,
          caseId,
          after: {
            stage: kind,
            role: input.role,
            userId: input.userId ?? null,
            name,
            organisation: input.organisation?.trim() || null,
          },
        });
      });
    },

    async addRemedy(actor: Actor, caseId: string, kind: StageKind, raw: RemedyInput): Promise<void> {
      const input = parseCommand(remedyCommand(ctx.today()), raw);
      await ctx.change(actor, caseId, { action: 'update_stage', stage: kind }, async (tx) => {
        const stage = await stageOf(tx, caseId, kind);
        const [type] = await tx.select().from(referenceItems).where(eq(referenceItems.id, input.remedyTypeId));
        if (!type || type.kind !== 'remedy_type')
          throw new ValidationError([{ field: 'remedyTypeId', message: 'Choose the remedy' }]);
        if (type.financial && !input.amountPence)
          throw new ValidationError([{ field: 'amount', message: 'Enter the amount paid, in pounds' }]);
        const [row] = await tx
          .insert(remedies)
          .values({
            stageId: stage.id,
            remedyTypeId: input.remedyTypeId,
            amountPence: type.financial ? (input.amountPence ?? null) : null,
            paidTo: type.financial ? input.paidTo?.trim() || null : null,
            description: input.description?.trim() || null,
            dueOn: input.dueOn ?? null,
            completedOn: input.completedOn ?? null,
            complianceEvidence: input.complianceEvidence?.trim() || null,
            createdAt: ctx.clock.now(),
          })
          .returning({ id: remedies.id });
        await recordAudit(tx, ctx.clock, actor, {
          action: 'remedy.add',
          entity: 'remedy',
          entityId: row!.id,
          caseId,
          after: {
            stage: kind,
            type: type.label,
            amountPence: type.financial ? (input.amountPence ?? null) : null,
            paidTo: type.financial ? input.paidTo?.trim() || null : null,
            dueOn: input.dueOn ?? null,
            completedOn: input.completedOn ?? null,
          },
        });
      });
    },

    async completeRemedy(actor: Actor, caseId: string, remedyId: string, raw: CompleteRemedyInput): Promise<void> {
      const input = parseCommand(completeRemedyCommand(ctx.today()), raw);
      await ctx.change(actor, caseId, 'update_stage', async (tx) => {
        const [r] = await tx
          .select({ remedy: remedies })
          .from(remedies)
          .innerJoin(stages, eq(stages.id, remedies.stageId))
          .where(and(eq(remedies.id, remedyId), eq(stages.caseId, caseId)));
        if (!r) throw new DomainError('NOT_FOUND', 'That remedy was not found');
        await tx
          .update(remedies)
          .set({
            completedOn: input.completedOn,
            complianceEvidence: input.complianceEvidence?.trim() || r.remedy.complianceEvidence,
          })
          .where(eq(remedies.id, remedyId));
        await recordAudit(tx, ctx.clock, actor, {
          action: 'remedy.complete',
          entity: 'remedy',
          entityId: remedyId,
          caseId,
          before: { completedOn: r.remedy.completedOn, complianceEvidence: r.remedy.complianceEvidence },
          after: {
            completedOn: input.completedOn,
            complianceEvidence: input.complianceEvidence?.trim() || r.remedy.complianceEvidence,
          },
        });
      });
    },
  };
}
