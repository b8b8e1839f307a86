import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { londonDate, type IsoDate } from '../../domain/calendar/iso-date.ts';
import type { Clock } from '../../domain/clock.ts';
import { FEEDBACK_TYPES, OUTCOMES, type FeedbackType, type Outcome } from '../../domain/cases/vocabulary.ts';
import { disposalDate, retentionYears, type RetentionRule } from '../../domain/retention/schedule.ts';
import type { Database, DbOrTx } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { idArray } from '../../db/id-array.ts';
import { dataRightsRequests, feedbackCases, legalHolds, people, retentionRules, users } from '../../db/schema/index.ts';
import type { FileStore } from '../../storage/file-store.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { parseCommand } from '../commands.ts';
import { DomainError, NotFoundError } from '../errors.ts';
import { anonymiseInTx } from './anonymise.ts';

const reason = (what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(2000, `${what[0]!.toUpperCase()}${what.slice(1)} must be 2,000 characters or fewer`);

export const RetentionRuleCommand = z.object({
  caseType: z.enum(FEEDBACK_TYPES, { error: 'Choose the type of case' }),
  outcome: z
    .union([z.literal(''), z.enum(OUTCOMES)], { error: 'Choose an outcome, or any outcome' })
    .optional()
    .transform((v) => v || null),
  years: z.coerce
    .number({ error: 'Enter the years as a whole number from 1 to 100' })
    .int('Enter the years as a whole number from 1 to 100')
    .min(1, 'Keep cases for at least 1 year')
    .max(100, 'Enter 100 years or fewer'),
  reason: reason('why the council keeps these cases for this long'),
});
export const HoldCommand = z.object({ reason: reason('the reason for the legal hold') });
export const LiftCommand = z.object({ reason: reason('why the hold is lifted') });
export const RemoveRuleCommand = z.object({ reason: reason('why the rule is removed') });
export const RightsRequestCommand = z.object({
  kind: z.enum(['rectification', 'erasure'], { error: 'Choose rectification or erasure' }),
  receivedOn: z.iso.date({ error: 'Enter the date the request was received, like 2024-05-01' }),
  request: reason('what the person asked for'),
  action: reason('what was done about it'),
});

/** One closed case in the disposal preview: when it falls due, and whether a hold keeps it. */
export interface DisposalRow {
  caseId: string;
  reference: string;
  type: FeedbackType;
  outcome: Outcome | null;
  closedOn: IsoDate;
  years: number;
  disposeOn: IsoDate;
  /** Due on or before today and not held: anonymised by the next confirmed run. */
  due: boolean;
  heldBy: string[];
}

export interface HoldView {
  id: string;
  caseId: string | null;
  personId: string | null;
  /** For a hold on a person: their name. */
  personName: string | null;
  reason: string;
  setBy: string | null;
  setAt: Date;
}

/**
 * Retention (Administration → Retention and disposal): the schedule, legal
 * holds, the disposal preview and run, and erasure. Who may use each is
 * decided by the routes (README "Who can do what"); every change is audited.
 */
export function retentionService(db: Database, clock: Clock, files: FileStore) {
  const today = () => londonDate(clock.now());

  async function rules(
    q: DbOrTx = db,
  ): Promise<(RetentionRule & { id: string; reason: string; changedAt: Date; changedBy: string | null })[]> {
    return q
      .select({
        id: retentionRules.id,
        caseType: retentionRules.caseType,
        outcome: retentionRules.outcome,
        years: retentionRules.years,
        reason: retentionRules.reason,
        changedAt: retentionRules.changedAt,
        changedBy: users.displayName,
      })
      .from(retentionRules)
      .leftJoin(users, eq(users.id, retentionRules.changedBy))
      .orderBy(asc(retentionRules.caseType), asc(retentionRules.outcome));
  }

  /** Every closed case not yet anonymised, with the day it falls due, up to `until`. */
  async function schedule(q: DbOrTx, until: IsoDate): Promise<DisposalRow[]> {
    const ruleList = await rules(q);
    const rows = rowsOf<{
      id: string;
      reference: string;
      type: FeedbackType;
      outcome: Outcome | null;
      closed_on: IsoDate;
      held_by: string[] | null;
    }>(
      await q.execute(sql`select f.id, f.reference, f.type, f.outcome, f.closed_on,
          (select array_agg(h.reason order by h.set_at) from legal_holds h where h.lifted_at is null
             and (h.case_id = f.id or h.person_id in (select person_id from case_parties where case_id = f.id))) as held_by
        from feedback_cases f where f.closed_on is not null and f.status = 'closed' and f.anonymised_at is null
        order by f.closed_on, f.reference`),
    );
    const now = today();
    return rows
      .map((r) => {
        const years = retentionYears(ruleList, r.type, r.outcome);
        const disposeOn = disposalDate(r.closed_on, years);
        const heldBy = r.held_by ?? [];
        return {
          caseId: r.id,
          reference: r.reference,
          type: r.type,
          outcome: r.outcome,
          closedOn: r.closed_on,
          years,
          disposeOn,
          heldBy,
          due: disposeOn <= now && heldBy.length === 0,
        };
      })
      .filter((r) => r.disposeOn <= until)
      .sort((a, b) =>
        a.disposeOn < b.disposeOn ? -1 : a.disposeOn > b.disposeOn ? 1 : a.reference.localeCompare(b.reference),
      );
  }

  async function deleteFiles(keys: string[]): Promise<number> {
    let failed = 0;
    for (const key of keys) {
      try {
        await files.delete(key);
      } catch {
        failed += 1;
      }
    }
    return failed;
  }

  return {
    rules: () => rules(),

    async setRule(actor: Actor, input: unknown): Promise<void> {
      const v = parseCommand(RetentionRuleCommand, input);
      await db.transaction(async (tx) => {
        const same = and(
          eq(retentionRules.caseType, v.caseType),
          v.outcome ? eq(retentionRules.outcome, v.outcome) : isNull(retentionRules.outcome),
        );
        const [before] = await tx.select().from(retentionRules).where(same).for('update');
        const values = { years: v.years, reason: v.reason, changedBy: actor.userId, changedAt: clock.now() };
        if (before) await tx.update(retentionRules).set(values).where(eq(retentionRules.id, before.id));
        else await tx.insert(retentionRules).values({ caseType: v.caseType, outcome: v.outcome, ...values });
        await recordAudit(tx, clock, actor, {
          action: 'retention.rule',
          entity: 'retention_rule',
          entityId: `${v.caseType}:${v.outcome ?? 'any'}`,
          before: before ? { years: before.years, reason: before.reason } : { years: null, reason: null },
          after: { caseType: v.caseType, outcome: v.outcome, years: v.years, reason: v.reason },
        });
      });
    },

    async removeRule(actor: Actor, id: string, input: unknown): Promise<void> {
      const v = parseCommand(RemoveRuleCommand, input);
      await db.transaction(async (tx) => {
        const [before] = await tx.select().from(retentionRules).where(eq(retentionRules.id, id)).for('update');
        if (!before) throw new NotFoundError('That retention rule');
        await tx.delete(retentionRules).where(eq(retentionRules.id, id));
        await recordAudit(tx, clock, actor, {
          action: 'retention.rule_removed',
          entity: 'retention_rule',
          entityId: `${before.caseType}:${before.outcome ?? 'any'}`,
          before: { years: before.years, reason: before.reason },
          after: { years: null, reason: v.reason },
        });
      });
    },

    /** The closed cases that fall due up to `until` (default: a year from today), held ones marked. */
    preview: (until?: IsoDate) => schedule(db, until ?? disposalDate(today(), 1)),

    /**
     * Anonymises every case due today and not held, checked again inside the
     * run's transaction (a hold set since the preview wins). With `expected`,
     * only those of the cases the administrator saw in the preview.
     */
    async dispose(
      actor: Actor,
      expected?: readonly string[],
    ): Promise<{ cases: string[]; people: string[]; filesNotDeleted: number }> {
      const done = await db.transaction(async (tx) => {
        // One run at a time: a second waits, then finds the cases already done.
        await tx.execute(sql`select pg_advisory_xact_lock(7305070)`);
        const due = (await schedule(tx, today())).filter((r) => r.due);
        const wanted = expected ? new Set(expected) : null;
        const chosen = due.filter((r) => !wanted || wanted.has(r.caseId)).map((r) => r.caseId);
        const result = await anonymiseInTx(tx, clock, actor, chosen, 'retention schedule');
        await recordAudit(tx, clock, actor, {
          action: 'retention.disposal_run',
          entity: 'retention',
          after: {
            on: today(),
            cases: result.caseIds.length,
            people: result.personIds.length,
            attachments: result.fileKeys.length,
          },
        });
        return result;
      });
      const filesNotDeleted = await deleteFiles(done.fileKeys);
      return { cases: done.caseIds, people: done.personIds, filesNotDeleted };
    },

    /** An erasure request granted: the person's cases anonymised now, whatever the schedule says, unless a hold keeps any. */
    async erasePerson(actor: Actor, personId: string): Promise<{ cases: string[]; filesNotDeleted: number }> {
      const done = await db.transaction(async (tx) => {
        const [person] = await tx.select({ id: people.id }).from(people).where(eq(people.id, personId)).for('update');
        if (!person) throw new NotFoundError('That person');
        const caseIds = rowsOf<{ case_id: string }>(
          await tx.execute(sql`select distinct case_id from case_parties where person_id = ${personId}`),
        ).map((r) => r.case_id);
        const held = rowsOf<{ n: number }>(
          await tx.execute(sql`select count(*)::int as n from legal_holds h where h.lifted_at is null and (h.person_id = ${personId}
            or h.case_id = any(${idArray(caseIds)}))`),
        )[0]!.n;
        if (held > 0)
          throw new DomainError(
            'RETENTION.HELD',
            'This person or one of their cases is on legal hold: nothing can be erased until the hold is lifted.',
          );
        return anonymiseInTx(tx, clock, actor, caseIds, 'erasure request');
      });
      return { cases: done.caseIds, filesNotDeleted: await deleteFiles(done.fileKeys) };
    },

    /**
     * Records a rectification or erasure request against the person: what was
     * asked, when, what was done and by whom. An erasure is carried out here,
     * with the same anonymisation as disposal; if a legal hold stands it is
     * refused, and the refusal and its reason are what is recorded.
     */
    async recordRightsRequest(
      actor: Actor,
      personId: string,
      input: unknown,
    ): Promise<{ outcome: 'done' | 'refused'; message: string }> {
      const v = parseCommand(RightsRequestCommand, input);
      const [person] = await db.select({ id: people.id }).from(people).where(eq(people.id, personId));
      if (!person) throw new NotFoundError('That person');
      let outcome: 'done' | 'refused' = 'done';
      let action = v.action;
      if (v.kind === 'erasure') {
        try {
          await this.erasePerson(actor, personId);
        } catch (err) {
          if (!(err instanceof DomainError) || err.code !== 'RETENTION.HELD') throw err;
          outcome = 'refused';
          action = `Refused: ${err.message}`;
        }
      }
      await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(dataRightsRequests)
          .values({
            personId,
            kind: v.kind,
            receivedOn: v.receivedOn,
            request: v.request,
            action,
            outcome,
            recordedBy: actor.userId,
            recordedAt: clock.now(),
          })
          .returning({ id: dataRightsRequests.id });
        await recordAudit(tx, clock, actor, {
          action: `rights.${v.kind}`,
          entity: 'data_rights_request',
          entityId: row!.id,
          // An erasure's words are not repeated in the audit trail: they may name the person just erased.
          after:
            v.kind === 'erasure'
              ? { personId, receivedOn: v.receivedOn, outcome }
              : { personId, receivedOn: v.receivedOn, request: v.request, action, outcome },
        });
      });
      return { outcome, message: outcome === 'done' ? 'Recorded.' : action };
    },

    /** The requests recorded, newest first, with the person's name as it is now. */
    async rightsRequests(limit = 50) {
      return rowsOf<{
        kind: string;
        received_on: string;
        request: string;
        action: string;
        outcome: string;
        person: string;
        recorded_by: string | null;
      }>(
        await db.execute(sql`select r.kind, r.received_on::text as received_on, r.request, r.action, r.outcome,
            trim(p.given_name || ' ' || p.family_name) as person, u.display_name as recorded_by
          from data_rights_requests r join people p on p.id = r.person_id left join users u on u.id = r.recorded_by
          order by r.recorded_at desc limit ${limit}`),
      );
    },

    /** The holds standing on a case (and on the people on it), or on a person; or every hold on a person (no subject). */
    async holdsFor(subject: { caseId?: string; personId?: string } = {}): Promise<HoldView[]> {
      const where = subject.caseId
        ? sql`(h.case_id = ${subject.caseId} or h.person_id in (select person_id from case_parties where case_id = ${subject.caseId}))`
        : subject.personId
          ? sql`h.person_id = ${subject.personId}`
          : sql`h.person_id is not null`;
      const rows = rowsOf<{
        id: string;
        case_id: string | null;
        person_id: string | null;
        reason: string;
        set_by: string | null;
        set_at: string | Date;
        person_name: string | null;
      }>(
        await db.execute(sql`select h.id, h.case_id, h.person_id, h.reason, u.display_name as set_by, h.set_at,
            trim(p.given_name || ' ' || p.family_name) as person_name
          from legal_holds h left join users u on u.id = h.set_by left join people p on p.id = h.person_id
          where h.lifted_at is null and ${where} order by h.set_at`),
      );
      return rows.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        personId: r.person_id,
        personName: r.person_name,
        reason: r.reason,
        setBy: r.set_by,
        setAt: new Date(r.set_at),
      }));
    },

    async setHold(actor: Actor, subject: { caseId: string } | { personId: string }, input: unknown): Promise<string> {
      const v = parseCommand(HoldCommand, input);
      return db.transaction(async (tx) => {
        const caseId = 'caseId' in subject ? subject.caseId : null;
        const personId = 'personId' in subject ? subject.personId : null;
        if (personId) {
          const [p] = await tx.select({ a: people.anonymisedAt }).from(people).where(eq(people.id, personId));
          if (!p) throw new NotFoundError('That person');
          if (p.a)
            throw new DomainError(
              'RETENTION.GONE',
              'This person has already been anonymised: there is nothing left to hold.',
            );
        }
        if (caseId) {
          const [c] = await tx
            .select({ a: feedbackCases.anonymisedAt })
            .from(feedbackCases)
            .where(eq(feedbackCases.id, caseId));
          if (!c) throw new NotFoundError('That case');
          if (c.a)
            throw new DomainError(
              'RETENTION.GONE',
              'This case has already been anonymised: there is nothing left to hold.',
            );
        }
        const [row] = await tx
          .insert(legalHolds)
          .values({ caseId, personId, reason: v.reason, setBy: actor.userId, setAt: clock.now() })
          .returning({ id: legalHolds.id });
        await recordAudit(tx, clock, actor, {
          action: 'retention.hold',
          entity: 'legal_hold',
          entityId: row!.id,
          caseId,
          after: { personId, reason: v.reason },
        });
        return row!.id;
      });
    },

    async liftHold(actor: Actor, holdId: string, input: unknown): Promise<void> {
      const v = parseCommand(LiftCommand, input);
      await db.transaction(async (tx) => {
        const [hold] = await tx.select().from(legalHolds).where(eq(legalHolds.id, holdId)).for('update');
        if (!hold || hold.liftedAt) throw new NotFoundError('That legal hold');
        await tx
          .update(legalHolds)
          .set({ liftedBy: actor.userId, liftedAt: clock.now(), liftReason: v.reason })
          .where(eq(legalHolds.id, holdId));
        await recordAudit(tx, clock, actor, {
          action: 'retention.hold_lifted',
          entity: 'legal_hold',
          entityId: holdId,
          caseId: hold.caseId,
          before: { reason: hold.reason },
          after: { personId: hold.personId, liftReason: v.reason },
        });
      });
    },
  };
}
export type RetentionService = ReturnType<typeof retentionService>;
