import { isProcedureKey } from '../domain/procedures/registry.ts';
import { and, asc, desc, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { isIsoDate, londonDate } from '../domain/calendar/iso-date.ts';
import { FIELD_LIMITS, tooLong } from '../domain/cases/field-limits.ts';
import { formatCaseReference } from '../domain/cases/reference-number.ts';
import { FEEDBACK_TYPES, type FeedbackType, type Procedure, type StageKind } from '../domain/cases/vocabulary.ts';
import type { Database, DbOrTx } from '../db/database.ts';
import {
  caseParties,
  caseProcedureChanges,
  caseThemes,
  caseTypeChanges,
  feedbackCases,
  orgUnitNames,
  people,
  referenceItems,
  users,
} from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { assertCaseAccess, caseAccessFacts, visibleCasesCondition } from './case-access.ts';
import { caseChanger, type CaseRow } from './case-change.ts';
import { parseCommand } from './commands.ts';
import { canWriteCase } from '../domain/access/roles.ts';
import { DomainError, ValidationError } from './errors.ts';
import { caseRecord } from './case-record.ts';
import type { TimescalesService } from './timescales.ts';

const isoDate = z.string().refine(isIsoDate, 'Enter a real date');
const L = FIELD_LIMITS;
/** Optional text up to its limit (from the one definition the forms use too), with a message a person can act on. */
const text = (label: string, max: number) => z.string().trim().max(max, tooLong(label, max));
/** A person's details; `whose` names them in errors ("The child’s first name must be..."), or nothing for the complainant. */
const personInput = (whose?: string) => {
  const label = (field: string) => (whose ? `${whose}’s ${field}` : field.charAt(0).toUpperCase() + field.slice(1));
  return z.object({
    givenName: text(label('first name'), L.givenName).default(''),
    familyName: text(label('last name'), L.familyName).default(''),
    email: text(label('email address'), L.email).optional(),
    phone: text(label('phone number'), L.phone).optional(),
    dateOfBirth: isoDate.optional(),
    addressLine1: text(label('address line 1'), L.addressLine).optional(),
    addressLine2: text(label('address line 2'), L.addressLine).optional(),
    town: text(label('town'), L.town).optional(),
    postcode: text(label('postcode'), L.postcode).optional(),
    ethnicityId: z.uuid().optional(),
  });
};

export const NewCaseInput = z.object({
  type: z.enum(FEEDBACK_TYPES, { error: 'Select the type of feedback' }),
  receivedOn: isoDate,
  channelId: z.uuid().optional(),
  subject: z.string().trim().min(1, 'Enter a short subject').max(L.subject, tooLong('The subject', L.subject)),
  description: text('What they told us', L.description).default(''),
  procedure: z.string().refine(isProcedureKey, 'Choose the procedure this complaint follows').optional(),
  procedureReason: text('The reason for the procedure', L.procedureReason).optional(),
  teamId: z.uuid().optional(),
  mainCategoryId: z.uuid().optional(),
  themeIds: z.array(z.uuid()).default([]),
  eventsOn: isoDate.optional(),
  outcomeWanted: text('The outcome they want', L.outcomeWanted).optional(),
  /** Who is recorded as creating it, in the audit trail's "how": "public form", "telephone"... */
  source: z.string().max(50).optional(),
  complainant: personInput()
    .extend({ existingPersonId: z.uuid().optional(), relationshipId: z.uuid().optional() })
    .optional(),
  child: personInput('The child')
    .extend({
      existingPersonId: z.uuid().optional(),
      serviceUserGroupId: z.uuid().optional(),
      lookedAfter: z.boolean().optional(),
    })
    .optional(),
  /** Someone (an advocate, a trusted adult) acting for the complainant. */
  representative: personInput('The representative')
    .extend({
      existingPersonId: z.uuid().optional(),
      role: z.enum(['advocate', 'representative']).default('representative'),
    })
    .optional(),
  advocacyResponse: text('The advocacy response', L.advocacyResponse).optional(),
  consentNote: text('The consent note', L.consentNote).optional(),
});
export type NewCaseInput = z.input<typeof NewCaseInput>;

/** "sy1 1ab" and "SY11AB" are the same postcode: stored as "SY1 1AB". */
export function normalisePostcode(postcode: string): string {
  const compact = postcode.toUpperCase().replace(/\s+/g, '');
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

export interface CaseListFilters {
  status?: 'open' | 'closed' | 'all';
  procedure?: Procedure | null;
  /** The furthest stage reached. */
  stage?: StageKind | 'none' | null;
  teamId?: string | null;
  themeId?: string | null;
  receivedFrom?: string | null;
  receivedTo?: string | null;
  /** Words to find in the reference, subject, description or people's names. */
  q?: string | null;
  /** Only cases allocated to this user (the "my cases" queue). */
  allocatedTo?: string | null;
  page?: number;
  pageSize?: number;
}

export interface CaseListRow {
  id: string;
  reference: string;
  type: FeedbackType;
  status: string;
  procedure: Procedure | null;
  receivedOn: string;
  subject: string;
  teamName: string | null;
  stage: string | null;
}

export function casesService(
  db: Database,
  clock: Clock,
  opts: { referencePrefix: string },
  timescales: Pick<TimescalesService, 'policyIdFor'>,
) {
  async function nextReference(tx: DbOrTx, receivedOn: string): Promise<string> {
    const result = await tx.execute<{ n: string | number }>(sql`select nextval('case_reference_seq') as n`);
    const n = Number((result as unknown as { rows: { n: string | number }[] }).rows[0]!.n);
    return formatCaseReference(opts.referencePrefix, receivedOn, n);
  }

  const change = caseChanger(db, clock);

  /** The type change itself, in the caller's transaction, on a case row it has locked. */
  async function correctTypeInTx(
    tx: DbOrTx,
    actor: Actor,
    before: CaseRow,
    input: { type: FeedbackType; reason: string },
  ): Promise<void> {
    if (!FEEDBACK_TYPES.includes(input.type))
      throw new ValidationError([{ field: 'type', message: 'Select the type of feedback' }]);
    if (!input.reason.trim())
      throw new ValidationError([{ field: 'reason', message: 'Give the reason for the correction' }]);
    if (before.type === input.type)
      throw new DomainError('CASE.TYPE_UNCHANGED', 'The case already has that type', 'type');
    await tx.update(feedbackCases).set({ type: input.type }).where(eq(feedbackCases.id, before.id));
    await tx.insert(caseTypeChanges).values({
      caseId: before.id,
      fromType: before.type,
      toType: input.type,
      reason: input.reason.trim(),
      changedBy: actor.userId,
      changedAt: clock.now(),
    });
    await recordAudit(tx, clock, actor, {
      action: 'case.correct_type',
      entity: 'feedback_case',
      entityId: before.id,
      caseId: before.id,
      before: { type: before.type },
      after: { type: input.type, reason: input.reason.trim() },
    });
  }

  /** The procedure decision itself, pinning the timescale rules in force when the case arrived. */
  async function setProcedureInTx(
    tx: DbOrTx,
    actor: Actor,
    before: CaseRow,
    input: { procedure: Procedure; reason: string },
  ): Promise<void> {
    if (!isProcedureKey(input.procedure))
      throw new ValidationError([{ field: 'procedure', message: 'Select a procedure' }]);
    if (!input.reason.trim())
      throw new ValidationError([{ field: 'reason', message: 'Give the reason for the procedure' }]);
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
      reason: input.reason.trim(),
      changedBy: actor.userId,
      changedAt: clock.now(),
    });
    await recordAudit(tx, clock, actor, {
      action: 'case.set_procedure',
      entity: 'feedback_case',
      entityId: before.id,
      caseId: before.id,
      before: { procedure: before.procedure },
      after: { procedure: input.procedure, reason: input.reason.trim() },
    });
  }

  /** Creates a case inside the caller's transaction, so intake can add files and messages atomically. */
  async function createInTx(tx: DbOrTx, actor: Actor, raw: NewCaseInput): Promise<{ id: string; reference: string }> {
    const input = parseCommand(NewCaseInput, raw);
    const today = londonDate(clock.now());
    if (input.receivedOn > today)
      throw new ValidationError([{ field: 'receivedOn', message: 'The date received must be today or in the past' }]);
    if (input.eventsOn && input.eventsOn > input.receivedOn)
      throw new ValidationError([
        { field: 'eventsOn', message: 'When it happened must be on or before the date received' },
      ]);
    if (input.procedure && !input.procedureReason)
      throw new ValidationError([{ field: 'procedureReason', message: 'Give the reason for the procedure' }]);
    const reference = await nextReference(tx, input.receivedOn);
    const [row] = await tx
      .insert(feedbackCases)
      .values({
        reference,
        type: input.type,
        status: 'new',
        procedure: input.procedure ?? null,
        timescalePolicyId: input.procedure ? await timescales.policyIdFor(tx, input.procedure, input.receivedOn) : null,
        channelId: input.channelId ?? null,
        receivedOn: input.receivedOn,
        eventsOn: input.eventsOn ?? null,
        subject: input.subject,
        description: input.description,
        outcomeWanted: input.outcomeWanted || null,
        teamId: input.teamId ?? null,
        mainCategoryId: input.mainCategoryId ?? null,
        advocacyResponse: input.advocacyResponse || null,
        consentNote: input.consentNote || null,
        createdBy: actor.userId,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      })
      .returning();
    const caseId = row!.id;
    await tx.insert(caseTypeChanges).values({
      caseId,
      fromType: null,
      toType: input.type,
      reason: input.source ? `Recorded (${input.source})` : 'Recorded',
      changedBy: actor.userId,
      changedAt: clock.now(),
    });
    if (input.procedure) {
      await tx.insert(caseProcedureChanges).values({
        caseId,
        fromProcedure: null,
        toProcedure: input.procedure,
        reason: input.procedureReason!,
        changedBy: actor.userId,
        changedAt: clock.now(),
      });
    }
    if (input.themeIds.length)
      await tx.insert(caseThemes).values([...new Set(input.themeIds)].map((themeId) => ({ caseId, themeId })));
    const personIds: Partial<Record<'complainant' | 'child' | 'representative', string>> = {};
    for (const [role, p] of [
      ['complainant', input.complainant],
      ['child', input.child],
      ['representative', input.representative],
    ] as const) {
      if (!p) continue;
      let personId = p.existingPersonId;
      if (!personId) {
        const [person] = await tx
          .insert(people)
          .values({
            givenName: p.givenName,
            familyName: p.familyName,
            email: p.email || null,
            phone: p.phone || null,
            dateOfBirth: p.dateOfBirth ?? null,
            addressLine1: p.addressLine1 || null,
            addressLine2: p.addressLine2 || null,
            town: p.town || null,
            postcode: p.postcode ? normalisePostcode(p.postcode) : null,
            ethnicityId: p.ethnicityId ?? null,
            createdBy: actor.userId,
            createdAt: clock.now(),
            updatedAt: clock.now(),
          })
          .returning({ id: people.id });
        personId = person!.id;
      }
      personIds[role] = personId;
      await tx
        .insert(caseParties)
        .values({
          caseId,
          personId,
          role: role === 'representative' ? (input.representative?.role ?? 'representative') : role,
          relationshipId: role === 'complainant' ? (input.complainant?.relationshipId ?? null) : null,
          serviceUserGroupId: role === 'child' ? (input.child?.serviceUserGroupId ?? null) : null,
          lookedAfter: role === 'child' ? (input.child?.lookedAfter ?? null) : null,
        })
        .onConflictDoNothing();
    }
    await recordAudit(tx, clock, actor, {
      action: 'case.create',
      entity: 'feedback_case',
      entityId: caseId,
      caseId,
      after: {
        reference,
        type: input.type,
        receivedOn: input.receivedOn,
        subject: input.subject,
        procedure: input.procedure ?? null,
        teamId: input.teamId ?? null,
        source: input.source ?? null,
      },
    });
    return { id: caseId, reference };
  }

  return {
    createInTx,

    async create(actor: Actor, raw: NewCaseInput): Promise<{ id: string; reference: string }> {
      return db.transaction((tx) => createInTx(tx, actor, raw));
    },

    /** Open cases (or closed, or all) that the actor may see, oldest first: the oldest are the most urgent. */
    async list(
      actor: Actor,
      filters: CaseListFilters = {},
    ): Promise<{ rows: CaseListRow[]; total: number; page: number; pageSize: number }> {
      const pageSize = Math.min(Math.max(filters.pageSize ?? 50, 1), 200);
      const page = Math.max(filters.page ?? 1, 1);
      const visible = visibleCasesCondition(actor);
      if (visible === 'none') return { rows: [], total: 0, page, pageSize };
      const conditions: SQL[] = [];
      if (visible) conditions.push(visible);
      const status = filters.status ?? 'open';
      if (status === 'open') conditions.push(ne(feedbackCases.status, 'closed'));
      if (status === 'closed') conditions.push(eq(feedbackCases.status, 'closed'));
      conditions.push(sql`${feedbackCases.mergedIntoId} is null`);
      if (filters.procedure) conditions.push(eq(feedbackCases.procedure, filters.procedure));
      if (filters.teamId) conditions.push(eq(feedbackCases.teamId, filters.teamId));
      if (filters.receivedFrom && isIsoDate(filters.receivedFrom))
        conditions.push(sql`${feedbackCases.receivedOn} >= ${filters.receivedFrom}`);
      if (filters.receivedTo && isIsoDate(filters.receivedTo))
        conditions.push(sql`${feedbackCases.receivedOn} <= ${filters.receivedTo}`);
      if (filters.themeId)
        conditions.push(
          sql`exists (select 1 from case_themes t where t.case_id = feedback_cases.id and t.theme_id = ${filters.themeId})`,
        );
      if (filters.stage === 'none')
        conditions.push(sql`not exists (select 1 from stages s where s.case_id = feedback_cases.id)`);
      else if (filters.stage)
        conditions.push(sql`(select max(s.kind) from stages s where s.case_id = feedback_cases.id) = ${filters.stage}`);
      if (filters.allocatedTo) conditions.push(eq(feedbackCases.investigatingManagerId, filters.allocatedTo));
      const q = filters.q?.trim();
      if (q) {
        // Words, each found somewhere: in the reference, subject, description or a person's name.
        for (const word of q.split(/\s+/).slice(0, 5)) {
          const like = `%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
          conditions.push(
            or(
              ilike(feedbackCases.reference, like),
              ilike(feedbackCases.subject, like),
              ilike(feedbackCases.description, like),
              sql`exists (select 1 from case_parties cp join people p on p.id = cp.person_id where cp.case_id = feedback_cases.id and (p.given_name ilike ${like} or p.family_name ilike ${like} or p.email ilike ${like}))`,
            )!,
          );
        }
      }
      const where = and(...conditions);
      const [count] = await db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(feedbackCases)
        .where(where);
      const rows = await db
        .select({
          id: feedbackCases.id,
          reference: feedbackCases.reference,
          type: feedbackCases.type,
          status: feedbackCases.status,
          procedure: feedbackCases.procedure,
          receivedOn: feedbackCases.receivedOn,
          subject: feedbackCases.subject,
          // The team's name as it was when the case arrived.
          // Qualified by hand: drizzle leaves select-list columns unqualified, and inside a subquery "id" would mean the subquery's own.
          teamName: sql<
            string | null
          >`(select n.name from ${orgUnitNames} n where n.org_unit_id = feedback_cases.team_id and n.valid_from <= feedback_cases.received_on order by n.valid_from desc limit 1)`,
          stage: sql<string | null>`(select max(s.kind)::text from stages s where s.case_id = feedback_cases.id)`,
        })
        .from(feedbackCases)
        .where(where)
        .orderBy(
          status === 'closed' ? desc(feedbackCases.receivedOn) : asc(feedbackCases.receivedOn),
          asc(feedbackCases.reference),
        )
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      return { rows, total: count?.n ?? 0, page, pageSize };
    },

    async idForReference(reference: string): Promise<string | null> {
      // Without regard to case (an imported legacy reference may be in lower case, and people type either);
      // should two differ only in case, the exact one wins.
      const rows = await db
        .select({ id: feedbackCases.id, reference: feedbackCases.reference })
        .from(feedbackCases)
        .where(sql`lower(${feedbackCases.reference}) = lower(${reference})`)
        .limit(5);
      return (rows.find((r) => r.reference === reference) ?? rows[0])?.id ?? null;
    },

    /** Whether the actor may change the case (pages show forms only to those who may use them). */
    async canWrite(actor: Actor, caseId: string): Promise<boolean> {
      if (!actor.role || !actor.userId) return false;
      const facts = await caseAccessFacts(db, caseId);
      return facts.exists && canWriteCase(actor.role, actor.userId, facts);
    },

    async record(actor: Actor, caseId: string) {
      await assertCaseAccess(db, actor, caseId, 'read');
      return caseRecord(db, caseId);
    },

    /** Corrects the feedback type; the history keeps every earlier type and reports use the corrected one. */
    async correctType(
      actor: Actor,
      caseId: string,
      input: { type: FeedbackType; reason: string; expectedVersion?: number },
    ): Promise<void> {
      await change(actor, caseId, 'correct_type', (tx, before) => correctTypeInTx(tx, actor, before, input), {
        expectedVersion: input.expectedVersion,
      });
    },

    /** Decides or changes the procedure, with a reason kept in the history. */
    async setProcedure(
      actor: Actor,
      caseId: string,
      input: { procedure: Procedure; reason: string; expectedVersion?: number },
    ): Promise<void> {
      await change(actor, caseId, 'set_procedure', (tx, before) => setProcedureInTx(tx, actor, before, input), {
        expectedVersion: input.expectedVersion,
      });
    },

    correctTypeInTx,
    setProcedureInTx,

    /**
     * Records that the complainant was acknowledged (the acknowledgement clock
     * stops). The first acknowledgement counts; a later one changes nothing.
     */
    async acknowledge(actor: Actor, caseId: string, input: { on: string; how: string }): Promise<boolean> {
      if (!isIsoDate(input.on))
        throw new ValidationError([
          { field: 'acknowledgedOn', message: 'Enter the date of the acknowledgement, as a real date' },
        ]);
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
            if (!manager || !manager.active)
              throw new DomainError(
                'CASE.UNKNOWN_MANAGER',
                'Select an active member of staff as investigating manager',
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

    /** Headline counts by corrected type for a period: what a report viewer sees first. */
    async countsByType(actor: Actor, from: string, to: string): Promise<Record<FeedbackType, number>> {
      const out = Object.fromEntries(FEEDBACK_TYPES.map((t) => [t, 0])) as Record<FeedbackType, number>;
      if (!actor.role) return out;
      const rows = await db
        .select({ type: feedbackCases.type, n: sql<number>`count(*)`.mapWith(Number) })
        .from(feedbackCases)
        .where(
          and(sql`${feedbackCases.receivedOn} between ${from} and ${to}`, sql`${feedbackCases.mergedIntoId} is null`),
        )
        .groupBy(feedbackCases.type);
      for (const r of rows) out[r.type] = r.n;
      return out;
    },

    async themeLabels(caseIds: string[]): Promise<Map<string, string[]>> {
      if (caseIds.length === 0) return new Map();
      const rows = await db
        .select({ caseId: caseThemes.caseId, label: referenceItems.label })
        .from(caseThemes)
        .innerJoin(referenceItems, eq(referenceItems.id, caseThemes.themeId))
        .where(inArray(caseThemes.caseId, caseIds));
      const out = new Map<string, string[]>();
      for (const r of rows) out.set(r.caseId, [...(out.get(r.caseId) ?? []), r.label]);
      return out;
    },
  };
}
export type CasesService = ReturnType<typeof casesService>;
