import { mayManageCases } from '../../domain/access/roles.ts';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.ts';
import { isIsoDate, londonDate } from '../../domain/calendar/iso-date.ts';
import { FEEDBACK_TYPES } from '../../domain/cases/vocabulary.ts';
import { isProcedureKey } from '../../domain/procedures/registry.ts';
import type { Database, DbOrTx } from '../../db/database.ts';
import { caseProcedureChanges, caseTypeChanges, feedbackCases, users } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { caseChanger, type CaseRow } from '../case-change.ts';
import { parseCommand } from '../commands.ts';
import { DomainError } from '../errors.ts';
import type { TimescalesService } from '../timescales.ts';

export const CorrectTypeCommand = z.object({
  type: z.enum(FEEDBACK_TYPES, { error: 'Select the type of feedback' }),
  reason: z.string().trim().min(1, 'Give the reason for the correction'),
});
export type CorrectTypeCommand = z.input<typeof CorrectTypeCommand>;

export const SetProcedureCommand = z.object({
  procedure: z.string().refine(isProcedureKey, 'Select a procedure'),
  reason: z.string().trim().min(1, 'Give the reason for the procedure'),
});
export type SetProcedureCommand = z.input<typeof SetProcedureCommand>;

export const AcknowledgeCommand = z.object({
  on: z.string().refine(isIsoDate, 'Enter the date of the acknowledgement, as a real date'),
  /** How: "letter", "acknowledgement email sent"… kept in the audit trail. */
  how: z.string(),
});
export type AcknowledgeCommand = z.input<typeof AcknowledgeCommand>;

/** What a case is and who has it: its type, its procedure, its acknowledgement and its allocation. */
export function caseDetails(db: Database, clock: Clock, timescales: Pick<TimescalesService, 'policyIdFor'>) {
  const change = caseChanger(db, clock);

  /** The type change itself, in the caller's transaction, on a case row it has locked. */
  async function correctTypeInTx(tx: DbOrTx, actor: Actor, before: CaseRow, raw: CorrectTypeCommand): Promise<void> {
    const input = parseCommand(CorrectTypeCommand, raw);
    if (before.type === input.type)
      throw new DomainError('CASE.TYPE_UNCHANGED', 'The case already has that type', 'type');
    await tx.update(feedbackCases).set({ type: input.type }).where(eq(feedbackCases.id, before.id));
    await tx.insert(caseTypeChanges).values({
      caseId: before.id,
      fromType: before.type,
      toType: input.type,
      reason: input.reason,
      changedBy: actor.userId,
      changedAt: clock.now(),
    });
    await recordAudit(tx, clock, actor, {
      action: 'case.correct_type',
      entity: 'feedback_case',
      entityId: before.id,
      caseId: before.id,
      before: { type: before.type },
      after: { type: input.type, reason: input.reason },
    });
  }

  /** The procedure decision itself, pinning the timescale rules in force when the case arrived. */
  async function setProcedureInTx(tx: DbOrTx, actor: Actor, before: CaseRow, raw: SetProcedureCommand): Promise<void> {
    const input = parseCommand(SetProcedureCommand, raw);
    if (before.procedure === input.procedure)
      throw new DomainError('CASE.PROCEDURE_UNCHANGED', 'The case already follows that procedure', 'procedure');
    // The rules in force when the case arrived, pinned so later rule changes never move its deadlines.
    const timescalePolicyId = await timescales.policyIdFor(tx, input.procedure, before.receivedOn);
    await tx
      .update(feedbackCases)
      .set({
        procedure: input.procedure,
        timescalePolicyId,
      })
      .where(eq(feedbackCases.id, before.id));
    await tx.insert(caseProcedureChanges).values({
      caseId: before.id,
      fromProcedure: before.procedure,
      toProcedure: input.procedure,
      reason: input.reason,
      changedBy: actor.userId,
      changedAt: clock.now(),
    });
    await recordAudit(tx, clock, actor, {
      action: 'case.set_procedure',
      entity: 'feedback_case',
      entityId: before.id,
      caseId: before.id,
      before: { procedure: before.procedure },
      after: { procedure: input.procedure, reason: input.reason },
    });
  }

  return {
    correctTypeInTx,
    setProcedureInTx,

    /** Corrects the feedback type; the history keeps every earlier type and reports use the corrected one. */
    async correctType(
      actor: Actor,
      caseId: string,
      input: CorrectTypeCommand & { expectedVersion?: number },
    ): Promise<void> {
      await change(actor, caseId, 'correct_type', (tx, before) => correctTypeInTx(tx, actor, before, input), {
        expectedVersion: input.expectedVersion,
      });
    },

    /** Decides or changes the procedure, with a reason kept in the history. */
    async setProcedure(
      actor: Actor,
      caseId: string,
      input: SetProcedureCommand & { expectedVersion?: number },
    ): Promise<void> {
      await change(actor, caseId, 'set_procedure', (tx, before) => setProcedureInTx(tx, actor, before, input), {
        expectedVersion: input.expectedVersion,
      });
    },

    /**
     * Records that the complainant was acknowledged (the acknowledgement clock
     * stops). The first acknowledgement counts; a later one changes nothing.
     */
    async acknowledge(actor: Actor, caseId: string, raw: AcknowledgeCommand): Promise<boolean> {
      const input = parseCommand(AcknowledgeCommand, raw, { on: 'acknowledgedOn' });
      return change(
        actor,
        caseId,
        'acknowledge',
        async (tx, before) => {
          if (before.acknowledgedOn) return false;
          if (input.on < before.receivedOn)
            throw new DomainError(
              'CASE.DATES_BACKWARDS',
              'The acknowledgement cannot be before the case was received',
              'acknowledgedOn',
            );
          if (input.on > londonDate(clock.now()))
            throw new DomainError(
              'CASE.FUTURE_DATE',
              'The acknowledgement date cannot be in the future',
              'acknowledgedOn',
            );
          await tx.update(feedbackCases).set({ acknowledgedOn: input.on }).where(eq(feedbackCases.id, caseId));
          await recordAudit(tx, clock, actor, {
            action: 'case.acknowledge',
            entity: 'feedback_case',
            entityId: caseId,
            caseId,
            before: { acknowledgedOn: null },
            after: { acknowledgedOn: input.on, how: input.how },
          });
          return true;
        },
        { unchanged: (changed) => !changed },
      );
    },

    /** Allocates (or reallocates) the lead team and investigating manager. */
    async allocate(
      actor: Actor,
      caseId: string,
      input: { teamId: string | null; investigatingManagerId: string | null; expectedVersion?: number },
    ): Promise<void> {
      await change(
        actor,
        caseId,
        'allocate',
        async (tx, before) => {
          if (input.investigatingManagerId) {
            const [manager] = await tx
              .select({ role: users.role, active: users.active })
              .from(users)
              .where(eq(users.id, input.investigatingManagerId));
            if (!manager || !manager.active || !mayManageCases(manager.role))
              throw new DomainError(
                'CASE.UNKNOWN_MANAGER',
                'Select an active member of staff who works cases as investigating manager',
                'investigatingManagerId',
              );
          }
          await tx
            .update(feedbackCases)
            .set({
              teamId: input.teamId,
              investigatingManagerId: input.investigatingManagerId,
            })
            .where(eq(feedbackCases.id, caseId));
          await recordAudit(tx, clock, actor, {
            action: 'case.allocate',
            entity: 'feedback_case',
            entityId: caseId,
            caseId,
            before: { teamId: before.teamId, investigatingManagerId: before.investigatingManagerId },
            after: { teamId: input.teamId, investigatingManagerId: input.investigatingManagerId },
          });
        },
        { expectedVersion: input.expectedVersion },
      );
    },
  };
}
