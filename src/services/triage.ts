import { mayManageCases } from '../domain/access/roles.ts';
import { DEFAULT_PROCEDURE, maybeProcedure, SIGNPOSTING_PROCEDURE } from '../domain/procedures/registry.ts';
import { and, asc, eq } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import { londonDate } from '../domain/calendar/iso-date.ts';
import { suggestProcedure, type Suggestion } from '../domain/intake/procedure-suggestion.ts';
import { validateTriage, type TriageInput } from '../domain/intake/triage.ts';
import { checkTimeLimit } from '../domain/timescales/time-limit.ts';
import { policyInForce } from '../domain/timescales/policy-in-force.ts';
import type { Database, Tx } from '../db/database.ts';
import {
  caseParties,
  compliments,
  feedbackCases,
  orgUnits,
  referenceItems,
  stagePeople,
  stages,
  users,
} from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { caseChanger } from './case-change.ts';
import { writeCaseDetails } from './casework/details.ts';
import type { CasesService } from './cases/index.ts';
import { DomainError, ValidationError } from './errors.ts';
import type { OrganisationService } from './organisation.ts';
import type { TimescalesService } from './timescales.ts';

export interface TriageView {
  suggestion: Suggestion | null;
  childComplainant: boolean;
  onBehalfOfChild: boolean;
  timeLimit: { late: boolean; limitOn: string } | null;
  timeLimitMonths: number | null;
}

/** Deciding what a new case is and what happens to it: the complaints officer's first look. */
export function triageService(
  db: Database,
  clock: Clock,
  deps: { cases: CasesService; timescales: TimescalesService; organisation: OrganisationService },
) {
  const change = caseChanger(db, clock);
  /** The case row again, after a helper changed it in this transaction (the guard holds its lock). */
  async function reread(tx: Tx, caseId: string) {
    const [row] = await tx.select().from(feedbackCases).where(eq(feedbackCases.id, caseId));
    return row!;
  }

  async function facts(caseId: string) {
    const [c] = await db.select().from(feedbackCases).where(eq(feedbackCases.id, caseId));
    if (!c) throw new DomainError('NOT_FOUND', 'That case was not found');
    const parties = await db
      .select({
        role: caseParties.role,
        relationshipCode: referenceItems.code,
        isChild: referenceItems.isChild,
        serviceUserGroupId: caseParties.serviceUserGroupId,
        lookedAfter: caseParties.lookedAfter,
      })
      .from(caseParties)
      .leftJoin(referenceItems, eq(referenceItems.id, caseParties.relationshipId))
      .where(eq(caseParties.caseId, caseId));
    const complainant = parties.find((p) => p.role === 'complainant');
    const child = parties.find((p) => p.role === 'child');
    const childComplainant = !!complainant?.isChild;
    const onBehalfOfChild = !childComplainant && !!child;
    const [group] = child?.serviceUserGroupId
      ? await db
          .select({ code: referenceItems.code })
          .from(referenceItems)
          .where(eq(referenceItems.id, child.serviceUserGroupId))
      : [];
    let teamDefault = null;
    let teamName = null;
    if (c.teamId) {
      const units = await db.select().from(orgUnits);
      let unit = units.find((u) => u.id === c.teamId);
      teamName = (await deps.organisation.get(c.teamId)).name;
      // A team without its own default takes its service's, then its directorate's.
      while (unit && !unit.defaultProcedure && unit.parentId) unit = units.find((u) => u.id === unit!.parentId);
      teamDefault = unit?.defaultProcedure ?? null;
    }
    const policies = await deps.timescales.all();
    const months =
      policyInForce(policies, c.procedure ?? DEFAULT_PROCEDURE, c.receivedOn)?.complaintTimeLimitMonths ?? 12;
    const view: TriageView = {
      suggestion: suggestProcedure({
        type: c.type,
        teamDefault,
        teamName,
        childGroupCode: group?.code ?? null,
        lookedAfter: child?.lookedAfter ?? null,
        text: `${c.subject}\n${c.description}`,
      }),
      childComplainant,
      onBehalfOfChild,
      timeLimit: c.eventsOn ? checkTimeLimit(c.eventsOn, c.receivedOn, months) : null,
      timeLimitMonths: months,
    };
    return { row: c, view };
  }

  return {
    facts,

    /** New cases, oldest first, with their acknowledgement clock. */
    async queue(actor: Actor) {
      const rows = await db
        .select()
        .from(feedbackCases)
        .where(eq(feedbackCases.status, 'new'))
        .orderBy(asc(feedbackCases.receivedOn), asc(feedbackCases.reference))
        .limit(500);
      const out = [];
      // Every case's clocks in a few queries, not a round of queries per case.
      const clocksOf = await deps.timescales.clocksOfCases(rows.map((c) => c.id));
      for (const c of rows) {
        const clocks = clocksOf.get(c.id) ?? [];
        out.push({
          id: c.id,
          reference: c.reference,
          type: c.type,
          subject: c.subject,
          receivedOn: c.receivedOn,
          acknowledgement:
            clocks.find((k) => k.clock === 'acknowledgement' || k.clock === 'concern_resolution') ?? null,
        });
      }
      void actor;
      return out;
    },

    /**
     * Triage, with the case's classification when the form had it (main
     * category and themes), written in the same change and audited apart.
     */
    async apply(
      actor: Actor,
      caseId: string,
      input: TriageInput & {
        expectedVersion?: number;
        classification?: { mainCategoryId: string | null; themeIds: string[] };
      },
    ): Promise<void> {
      const { view } = await facts(caseId);
      await change(
        actor,
        caseId,
        'triage',
        async (tx, locked) => {
          let row = locked;
          const today = londonDate(clock.now());
          const problems = validateTriage(input, {
            currentType: row.type,
            currentProcedure: row.procedure,
            receivedOn: row.receivedOn,
            today,
            childComplainant: view.childComplainant,
            onBehalfOfChild: view.onBehalfOfChild,
            timeLimitMonths: view.timeLimitMonths,
            alreadyAcknowledged: !!row.acknowledgedOn,
          });
          if (problems.length) throw new ValidationError(problems);
          if (input.classification) await writeCaseDetails(tx, clock, actor, row, input.classification);
          if (input.decision === 'stage1') {
            const [manager] = await tx
              .select({ id: users.id, role: users.role, active: users.active })
              .from(users)
              .where(eq(users.id, input.investigatingManagerId!));
            if (!manager?.active || !mayManageCases(manager.role))
              throw new ValidationError([
                { field: 'investigatingManagerId', message: 'Choose an active member of staff who works cases' },
              ]);
          }

          const targetType = input.decision === 'concern' ? 'concern' : input.type;
          if (targetType !== row.type) {
            await deps.cases.correctTypeInTx(tx, actor, row, {
              type: targetType,
              reason:
                input.decision === 'concern' && input.type === 'complaint'
                  ? 'Resolved informally as a concern at triage'
                  : (input.typeReason ?? 'Corrected at triage'),
            });
            row = await reread(tx, caseId);
          }
          const procedure =
            input.decision === 'signpost' && targetType === 'complaint'
              ? SIGNPOSTING_PROCEDURE
              : targetType === 'complaint'
                ? (input.procedure ?? null)
                : null;
          if (procedure && procedure !== row.procedure) {
            await deps.cases.setProcedureInTx(tx, actor, row, {
              procedure,
              reason:
                input.procedureReason?.trim() ||
                (maybeProcedure(procedure)?.signpostsOnly ? 'Out of scope: signposted' : 'Decided at triage'),
            });
            row = await reread(tx, caseId);
          }
          const closes = input.decision === 'record' || input.decision === 'signpost';
          const changes = {
            status: closes ? ('closed' as const) : ('open' as const),
            closedOn: closes ? today : null,
            eventsOn: input.eventsOn ?? row.eventsOn,
            lateAcceptanceReason: input.lateAcceptanceReason?.trim() || row.lateAcceptanceReason,
            advocacyOfferedOn: input.advocacyOfferedOn ?? row.advocacyOfferedOn,
            advocacyResponse: input.advocacyResponse?.trim() || row.advocacyResponse,
            consentObtainedOn: input.consentObtainedOn ?? row.consentObtainedOn,
            consentNote: input.consentNote?.trim() || row.consentNote,
            signposting: input.decision === 'signpost' ? input.signposting!.trim() : row.signposting,
            acknowledgedOn: row.acknowledgedOn ?? input.acknowledgedOn ?? null,
            teamId: input.teamId || row.teamId,
            investigatingManagerId:
              input.decision === 'stage1' ? input.investigatingManagerId! : row.investigatingManagerId,
          };
          await tx.update(feedbackCases).set(changes).where(eq(feedbackCases.id, caseId));
          if (input.decision === 'stage1') {
            // Accepted: the complaint starts at its procedure's first stage.
            const first = procedure ? (maybeProcedure(procedure)?.stages[0]?.kind ?? 'stage1') : 'stage1';
            const [existing] = await tx
              .select({ id: stages.id })
              .from(stages)
              .where(and(eq(stages.caseId, caseId), eq(stages.kind, first)));
            const stageId =
              existing?.id ??
              (
                await tx
                  .insert(stages)
                  .values({
                    caseId,
                    kind: first,
                    procedure,
                    requestedOn: row.receivedOn,
                    startedOn: row.receivedOn,
                    createdAt: clock.now(),
                    updatedAt: clock.now(),
                  })
                  .returning({ id: stages.id })
              )[0]!.id;
            const [manager] = await tx
              .select({ displayName: users.displayName })
              .from(users)
              .where(eq(users.id, input.investigatingManagerId!));
            await tx.insert(stagePeople).values({
              stageId,
              role: 'investigating_manager',
              userId: input.investigatingManagerId!,
              name: manager!.displayName,
              appointedOn: today,
            });
          }
          if (input.decision === 'record' && targetType === 'compliment') {
            await tx
              .insert(compliments)
              .values({ caseId, teamId: changes.teamId ?? null })
              .onConflictDoUpdate({ target: compliments.caseId, set: { teamId: changes.teamId ?? null } });
          }
          const { status: _s, ...fields } = changes;
          const beforeFields = Object.fromEntries(
            Object.keys(fields).map((k) => [k, (row as Record<string, unknown>)[k] ?? null]),
          );
          await recordAudit(tx, clock, actor, {
            action: `case.triage.${input.decision}`,
            entity: 'feedback_case',
            entityId: caseId,
            caseId,
            before: { status: row.status, ...beforeFields } as never,
            after: { status: changes.status, ...fields } as never,
          });
        },
        { expectedVersion: input.expectedVersion },
      );
    },
  };
}
export type TriageService = ReturnType<typeof triageService>;
