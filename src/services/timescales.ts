import { stageOfClock } from '../domain/procedures/flow.ts';
import { allProcedures, isProcedureKey, maybeProcedure, procedureOrder } from '../domain/procedures/registry.ts';
import { groupBy } from '../domain/group-by.ts';
import { and, asc, eq, gte, inArray, ne, or, sql } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import { z } from 'zod';
import { addCalendarDays, formatLongDate, londonDate } from '../domain/calendar/iso-date.ts';
import type { Procedure } from '../domain/cases/vocabulary.ts';
import {
  caseClocks,
  nextClock,
  type CaseClock,
  type CaseClockFacts,
  type StageDates,
} from '../domain/timescales/case-clocks.ts';
import { STAGE_DATE_FIELDS } from '../domain/procedures/types.ts';
import { CLOCK_EVENT_KINDS, CLOCK_LABELS, CLOCK_NAMES, type ClockName } from '../domain/timescales/clock-names.ts';
import { explainClock, isProvisional } from '../domain/timescales/explain.ts';
import { policyForCase, policyInForce } from '../domain/timescales/policy-in-force.ts';
import { validatePolicy, type ClockRule, type TimescalePolicy } from '../domain/timescales/rules.ts';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import type { Database, DbOrTx } from '../db/database.ts';
import { idArray } from '../db/id-array.ts';
import { toPolicy } from '../db/timescale-policies.ts';
import { clockEvents, feedbackCases, letters, stages, timescalePolicies } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import type { CalendarChange, CalendarService } from './calendar.ts';
import { caseChanger, type CaseRow } from './case-change.ts';
import { anyNumber, oneOf, optionalIsoDate, requiredIsoDate, requiredText } from './command-fields.ts';
import { parseCommand } from './commands.ts';
import { DomainError, NotFoundError } from './errors.ts';

/**
 * Something that happened to one of a case's clocks. Whether the clock is
 * running, and whether the engine would apply it (a cap, the agreement a rule
 * needs), is judged in the change, against the case.
 */
export const ClockEventCommand = z
  .object({
    clock: oneOf(CLOCK_NAMES, 'Select the clock'),
    kind: oneOf(CLOCK_EVENT_KINDS, 'Select what happened'),
    on: requiredIsoDate('Enter the date it happened, as a real date'),
    reason: requiredText('Give the reason'),
    days: anyNumber().nullish(),
    to: optionalIsoDate('Enter the new due date as a real date'),
    complainantAgreed: z.boolean().nullish(),
    agreedOn: optionalIsoDate('Enter the date the complainant agreed as a real date'),
  })
  .superRefine((e, ctx) => {
    if (e.kind !== 'extended') return;
    if (!e.days && !e.to)
      ctx.addIssue({
        code: 'custom',
        path: ['days'],
        message: 'Enter the number of extra days, or the new due date',
      });
    if (e.days !== null && e.days !== undefined && (!Number.isInteger(e.days) || e.days < 1))
      ctx.addIssue({
        code: 'custom',
        path: ['days'],
        message: 'The extension must be a whole number of days, 1 or more',
      });
  });
export type ClockEventRequest = z.input<typeof ClockEventCommand>;

/**
 * A new version of a procedure's timescale rules. What the rules themselves
 * must be (a response in at least one day, a cap beyond the time allowed) is
 * the domain's rule check, validatePolicy; its problems are this command's
 * field errors ("stage1_response-days").
 */
export const TimescaleVersionCommand = z
  .object({
    procedure: z.string().refine(isProcedureKey, 'Choose the procedure these rules are for'),
    name: requiredText('Enter a name for these rules'),
    effectiveFrom: requiredIsoDate('Enter the date these rules apply from, as a real date'),
    dueSoonDays: anyNumber().refine(
      (n) => Number.isInteger(n) && n >= 0 && n <= 20,
      '"Due soon" must be a whole number of working days from 0 to 20',
    ),
    rules: z.custom<Partial<Record<ClockName, ClockRule>>>(),
    /** The starting timescale it was made from (a shipped preset's or a council procedure's key). */
    presetKey: z.string().nullish(),
    note: z.string().nullish(),
  })
  .superRefine((v, ctx) => {
    for (const p of validatePolicy({ rules: v.rules, dueSoonDays: v.dueSoonDays }))
      ctx.addIssue({
        code: 'custom',
        path: [`${p.clock}-${p.field}`],
        message: `${p.clock.replace(/_/g, ' ')}: ${p.message}`,
      });
  });

function extensionCode(why: string): string {
  if (/at most/.test(why)) return 'CLOCK.EXTENSION_OVER_CAP';
  if (/agreement/.test(why)) return 'CLOCK.AGREEMENT_REQUIRED';
  if (/cannot be extended/.test(why)) return 'CLOCK.NOT_EXTENDABLE';
  return 'CLOCK.BAD_EXTENSION';
}

function withCalendarErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if ((err as { code?: string }).code === 'CALENDAR.OUT_OF_RANGE')
      throw new DomainError('CALENDAR.OUT_OF_RANGE', (err as Error).message);
    throw err;
  }
}

/**
 * The columns of a case its clocks are worked out from. Lists of many cases (the dashboard's every open
 * case) read these alone: the whole row, with its description and names, cost the dashboard's count of due
 * cases most of its time in reading and mapping at 8,460 open cases.
 */
export const CLOCK_COLUMNS = {
  id: feedbackCases.id,
  status: feedbackCases.status,
  type: feedbackCases.type,
  procedure: feedbackCases.procedure,
  receivedOn: feedbackCases.receivedOn,
  acknowledgedOn: feedbackCases.acknowledgedOn,
  closedOn: feedbackCases.closedOn,
  timescalePolicyId: feedbackCases.timescalePolicyId,
};
export type ClockRow = Pick<CaseRow, keyof typeof CLOCK_COLUMNS>;

/** A stage's kind and dates: what its clocks start and stop on (the same reason as CLOCK_COLUMNS). */
const STAGE_CLOCK_COLUMNS = {
  caseId: stages.caseId,
  kind: stages.kind,
  ...(Object.fromEntries(STAGE_DATE_FIELDS.map((f) => [f, stages[f]])) as Pick<
    typeof stages,
    (typeof STAGE_DATE_FIELDS)[number]
  >),
};

/** What the clock engine needs from a case's rows: its dates, its stages' dates and its clock events. */
export function clockFacts(
  c: ClockRow,
  stageRows: StageDates[],
  events: (typeof clockEvents.$inferSelect)[],
): CaseClockFacts {
  return {
    type: c.type,
    procedure: c.procedure,
    receivedOn: c.receivedOn,
    acknowledgedOn: c.acknowledgedOn,
    closedOn: c.closedOn,
    stages: stageRows,
    events: events.map((e) => ({
      clock: e.clock,
      kind: e.kind,
      on: e.occurredOn,
      days: e.extensionDays,
      to: e.extendedTo,
      reason: e.reason,
      complainantAgreed: e.complainantAgreed,
      agreedOn: e.agreedOn,
    })),
  };
}

export interface ExplainedClock extends CaseClock {
  explanation: string[];
  /** The date counts across bank holidays computed from the rules, not yet published: it may move. */
  provisional: boolean;
}

/** Timescale rules (versioned per procedure) and the clocks they give each case. */
/** One due date that a change of the calendar would move. */
export interface MovedDueDate {
  caseId: string;
  reference: string;
  subject: string;
  clock: ClockName;
  from: string;
  to: string;
  /** The date now was in a letter to the complainant. */
  toldInLetter: boolean;
}

export function timescalesService(db: Database, clock: Clock, calendars: CalendarService) {
  const changeCase = caseChanger(db, clock);
  async function all(): Promise<TimescalePolicy[]> {
    // In the order procedures are listed (the registry's), then oldest first.
    return (await db.select().from(timescalePolicies).orderBy(asc(timescalePolicies.effectiveFrom)))
      .map(toPolicy)
      .sort((a, b) => procedureOrder(a.procedure) - procedureOrder(b.procedure));
  }

  async function get(
    id: string,
  ): Promise<TimescalePolicy & { presetKey: string | null; note: string | null; createdAt: Date }> {
    const [row] = await db.select().from(timescalePolicies).where(eq(timescalePolicies.id, id));
    if (!row) throw new NotFoundError('Those timescale rules');
    return { ...toPolicy(row), presetKey: row.presetKey, note: row.note, createdAt: row.createdAt };
  }

  /** The version to pin on a case whose procedure is decided now. */
  async function policyIdFor(tx: DbOrTx, procedure: Procedure, receivedOn: string): Promise<string | null> {
    const rows = await tx
      .select({
        id: timescalePolicies.id,
        procedure: timescalePolicies.procedure,
        effectiveFrom: timescalePolicies.effectiveFrom,
      })
      .from(timescalePolicies)
      .where(eq(timescalePolicies.procedure, procedure));
    return policyInForce(rows, procedure, receivedOn)?.id ?? null;
  }

  /** A case's dates and clock events, and the rules and calendar to judge them by. */
  // Inside a transaction every query must go through it: PGlite has one connection, and a query
  // on the outer handle would wait for the transaction to end, for ever. So the calendar is built first.
  async function loadFacts(conn: DbOrTx, caseId: string, calendar?: WorkingDayCalendar) {
    const cal = calendar ?? (await calendars.calendar());
    const [c] = await conn.select().from(feedbackCases).where(eq(feedbackCases.id, caseId));
    if (!c) throw new NotFoundError('That case');
    const policies = (await conn.select().from(timescalePolicies)).map(toPolicy);
    const policy = policyForCase(c, policies);
    const stageRows = await conn.select().from(stages).where(eq(stages.caseId, caseId));
    const events = await conn.select().from(clockEvents).where(eq(clockEvents.caseId, caseId));
    const facts = clockFacts(c, stageRows, events);
    return { policy, facts, today: londonDate(clock.now()), calendar: cal };
  }

  /**
   * What the clock engine needs for each of many cases (the rules each runs
   * under and its dates and clock events), in three queries however many.
   */
  async function clockInputsOf<R extends ClockRow>(rows: R[]) {
    const ids = rows.map((c) => c.id);
    const [policies, stageRows, eventRows] = await Promise.all([
      all(),
      ids.length
        ? db
            .select(STAGE_CLOCK_COLUMNS)
            .from(stages)
            .where(sql`${stages.caseId} = any(${idArray(ids)})`)
        : [],
      ids.length
        ? db
            .select()
            .from(clockEvents)
            .where(sql`${clockEvents.caseId} = any(${idArray(ids)})`)
        : [],
    ]);
    // Grouped once: filtering every case's stages out of all of them was quadratic for a dashboard of open cases.
    const stagesOf = groupBy(stageRows, (st) => st.caseId);
    const eventsOf = groupBy(eventRows, (e) => e.caseId);
    return rows.map((c) => ({
      row: c,
      policy: policyForCase(c, policies),
      facts: clockFacts(c, stagesOf.get(c.id) ?? [], eventsOf.get(c.id) ?? []),
    }));
  }

  async function clocksOfCases(caseIds: string[]): Promise<Map<string, CaseClock[] | null>> {
    if (caseIds.length === 0) return new Map();
    return clocksOfRows(await db.select(CLOCK_COLUMNS).from(feedbackCases).where(inArray(feedbackCases.id, caseIds)));
  }

  /** The same, for case rows already read (the dashboard reads every open case once, not twice). */
  async function clocksOfRows(rows: ClockRow[]): Promise<Map<string, CaseClock[] | null>> {
    const out = new Map<string, CaseClock[] | null>();
    if (rows.length === 0) return out;
    const calendar = await calendars.calendar();
    const today = londonDate(clock.now());
    for (const { row: c, policy, facts } of await clockInputsOf(rows)) {
      try {
        out.set(c.id, c.status === 'closed' ? null : caseClocks(facts, policy, calendar, today));
      } catch {
        out.set(c.id, null); // a date outside the calendar's years: shown without a clock rather than failing the list
      }
    }
    return out;
  }

  return {
    all,
    get,
    policyIdFor,

    /** A new Heard starts with the shipped presets; a procedure that already has rules is left alone. */
    async ensureDefaults(): Promise<number> {
      const existing = new Set(
        (await db.select({ procedure: timescalePolicies.procedure }).from(timescalePolicies)).map((r) => r.procedure),
      );
      const missing = allProcedures().filter((d) => !existing.has(d.key));
      const presets = missing.flatMap((d) => d.timescales.map((p) => ({ procedure: d.key, p })));
      for (const { procedure, p } of presets) {
        await db.insert(timescalePolicies).values({
          procedure,
          name: p.name,
          presetKey: p.key,
          effectiveFrom: p.effectiveFrom,
          dueSoonDays: p.dueSoonDays,
          complaintTimeLimitMonths: p.complaintTimeLimitMonths,
          rules: p.rules,
          note: 'Shipped with Heard',
        });
      }
      return presets.length;
    },

    /**
     * Adds a version of the rules for a procedure, from a date. Old versions
     * are never changed; cases already pinned keep theirs.
     */
    async createVersion(actor: Actor, raw: z.input<typeof TimescaleVersionCommand>): Promise<string> {
      const input = parseCommand(TimescaleVersionCommand, raw);
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(timescalePolicies)
          .values({
            procedure: input.procedure,
            name: input.name,
            presetKey: input.presetKey ?? null,
            effectiveFrom: input.effectiveFrom,
            dueSoonDays: input.dueSoonDays,
            complaintTimeLimitMonths: 12,
            rules: input.rules,
            note: input.note ?? null,
            createdBy: actor.userId,
            createdAt: clock.now(),
          })
          .returning({ id: timescalePolicies.id });
        await recordAudit(tx, clock, actor, {
          action: 'timescales.create_version',
          entity: 'timescale_policy',
          entityId: row!.id,
          after: {
            procedure: input.procedure,
            name: input.name,
            effectiveFrom: input.effectiveFrom,
            dueSoonDays: input.dueSoonDays,
            rules: input.rules as never,
          },
        });
        return row!.id;
      });
    },

    /** Every clock of one case, explained. Uses the version pinned on the case, or the one in force when it arrived. */
    async clocksForCase(
      caseId: string,
    ): Promise<{ policy: TimescalePolicy | null; clocks: ExplainedClock[]; today: string }> {
      const { policy, facts, today, calendar } = await loadFacts(db, caseId);
      const clocks = withCalendarErrors(() => caseClocks(facts, policy, calendar, today));
      return {
        policy,
        today,
        clocks: clocks.map((k) => ({
          ...k,
          explanation: explainClock(k.rule, k.startEvent, k.result, calendar),
          provisional: isProvisional(k.rule, k.result, calendar),
        })),
      };
    },

    /**
     * A reader of the clocks cases not yet stored would run, under the rules
     * in force when each arrived (an import checks the extensions and pauses
     * it brings as the casework would). Rules and calendar are read once.
     */
    async clocksOfNewCases(): Promise<(facts: CaseClockFacts) => CaseClock[]> {
      const policies = await all();
      const calendar = await calendars.calendar();
      const today = londonDate(clock.now());
      return (facts) =>
        caseClocks(facts, policyForCase({ timescalePolicyId: null, ...facts }, policies), calendar, today);
    },

    /**
     * The clock that matters next on each of many cases, in a handful of
     * queries (for case lists and queues): the open response clock due soonest.
     */
    async nextClocks(caseIds: string[]): Promise<Map<string, CaseClock | null>> {
      const all = await clocksOfCases(caseIds);
      return new Map([...all].map(([id, clocks]) => [id, clocks && nextClock(clocks)]));
    },

    /** Every clock of many cases (null for a closed one, or one whose dates fall outside the calendar), in a handful of queries. */
    clocksOfCases,
    clocksOfRows,

    /** The next clock of each of these case rows. */
    async nextClocksOfRows(rows: ClockRow[]): Promise<Map<string, CaseClock | null>> {
      const all = await clocksOfRows(rows);
      return new Map([...all].map(([id, clocks]) => [id, clocks && nextClock(clocks)]));
    },

    /**
     * The open cases whose due dates would move if a closure day were added or
     * removed, or a bank holidays file loaded: each clock, its due date now and after, and whether the date
     * now was already told to the complainant in a letter (so the officer can
     * tell them again). Nothing is saved.
     */
    async dueDatesMovedBy(change: CalendarChange): Promise<MovedDueDate[]> {
      const [now, after] = await Promise.all([calendars.calendar(), calendars.withChange(change)]);
      // Open cases, and those closed in the last year and a half: a closed case's window (the time to ask for
      // the next stage, or to go to the Ombudsman) still runs, and its date was in the response letter.
      const since = addCalendarDays(londonDate(clock.now()), -550);
      const open = await db
        .select()
        .from(feedbackCases)
        .where(or(ne(feedbackCases.status, 'closed'), gte(feedbackCases.closedOn, since)));
      if (open.length === 0) return [];
      const today = londonDate(clock.now());
      const moved: MovedDueDate[] = [];
      for (const { row: c, policy, facts } of await clockInputsOf(open)) {
        let before: CaseClock[];
        let later: CaseClock[];
        try {
          before = caseClocks(facts, policy, now, today);
          later = caseClocks(facts, policy, after, today);
          // On a closed case only the complainant's windows still matter; its own response clocks are done with.
          if (c.status === 'closed') before = before.filter((k) => k.rule.kind === 'window');
        } catch {
          continue; // a date outside the calendar's years: nothing to compare
        }
        for (const k of before) {
          if (k.result.completedOn || !k.result.dueOn) continue;
          const to = later.find((l) => l.clock === k.clock)?.result.dueOn;
          if (to && to !== k.result.dueOn)
            moved.push({
              caseId: c.id,
              reference: c.reference,
              subject: c.subject,
              clock: k.clock,
              from: k.result.dueOn,
              to,
              toldInLetter: false,
            });
        }
      }
      // A date already told: a letter on the case that gave it, in the words letters use.
      const told = moved.length
        ? await db
            .select({ caseId: letters.caseId, body: letters.body })
            .from(letters)
            .where(
              inArray(
                letters.caseId,
                moved.map((m) => m.caseId),
              ),
            )
        : [];
      return moved.map((m) => ({
        ...m,
        toldInLetter: told.some((l) => l.caseId === m.caseId && l.body.includes(formatLongDate(m.from))),
      }));
    },

    /**
     * Extends, pauses, resumes or restarts one clock. The engine itself judges
     * the event: one it would not apply (past the cap, without agreement the
     * rule needs, a resume when not paused) is refused with its reason, and
     * nothing is saved.
     */
    async recordClockEvent(actor: Actor, caseId: string, raw: ClockEventRequest): Promise<void> {
      const input = parseCommand(ClockEventCommand, raw);
      const workingDays = await calendars.calendar();
      await changeCase(actor, caseId, 'record_clock_event', async (tx, c) => {
        const { policy, facts, today, calendar } = await loadFacts(tx, caseId, workingDays);
        if (input.on > today) throw new DomainError('CLOCK.FUTURE_DATE', 'The date cannot be in the future', 'on');
        const current = withCalendarErrors(() => caseClocks(facts, policy, calendar, today)).find(
          (k) => k.clock === input.clock,
        );
        if (!current || !current.result.startedOn)
          throw new DomainError(
            'CLOCK.NOT_RUNNING',
            `The ${CLOCK_LABELS[input.clock].toLowerCase()} clock is not running on this case`,
            'clock',
          );
        if (current.result.completedOn)
          throw new DomainError(
            'CLOCK.ALREADY_DONE',
            `The ${CLOCK_LABELS[input.clock].toLowerCase()} clock stopped on ${current.result.completedOn}`,
            'clock',
          );
        if (input.on < (current.result.restartedOn ?? current.result.startedOn))
          throw new DomainError(
            'CLOCK.BEFORE_START',
            `The date cannot be before the clock started (${current.result.restartedOn ?? current.result.startedOn})`,
            'on',
          );
        const event = {
          clock: input.clock,
          kind: input.kind,
          on: input.on,
          days: input.days ?? null,
          to: input.to ?? null,
          reason: input.reason,
          complainantAgreed: input.complainantAgreed ?? null,
          agreedOn: input.agreedOn ?? null,
        } as CaseClockFacts['events'][number];
        const after = withCalendarErrors(() =>
          caseClocks({ ...facts, events: [...facts.events, event] }, policy, calendar, today),
        ).find((k) => k.clock === input.clock)!;
        const refusal = after.result.ignored.find(
          (i) =>
            i.on === input.on &&
            i.kind === input.kind &&
            !current.result.ignored.some((j) => j.on === i.on && j.kind === i.kind && j.why === i.why),
        );
        if (refusal) {
          const code =
            input.kind === 'extended' ? extensionCode(refusal.why) : `CLOCK.${input.kind.toUpperCase()}_REFUSED`;
          throw new DomainError(
            code,
            `This ${input.kind === 'extended' ? 'extension' : input.kind === 'paused' ? 'pause' : input.kind === 'resumed' ? 'resume' : 'restart'} was not recorded: ${refusal.why.charAt(0).toLowerCase()}${refusal.why.slice(1)}`,
            input.kind === 'extended' ? 'days' : 'kind',
          );
        }
        const stageKind = stageOfClock(maybeProcedure(c.procedure), input.clock);
        const [stage] = stageKind
          ? await tx
              .select({ id: stages.id })
              .from(stages)
              .where(and(eq(stages.caseId, caseId), eq(stages.kind, stageKind)))
          : [];
        const [row] = await tx
          .insert(clockEvents)
          .values({
            caseId,
            stageId: stage?.id ?? null,
            clock: input.clock,
            kind: input.kind,
            occurredOn: input.on,
            extensionDays: input.days ?? null,
            extendedTo: input.to ?? null,
            reason: input.reason,
            complainantAgreed: input.complainantAgreed ?? null,
            agreedOn: input.agreedOn ?? null,
            recordedBy: actor.userId,
            recordedAt: clock.now(),
          })
          .returning({ id: clockEvents.id });
        await recordAudit(tx, clock, actor, {
          action: `clock.${input.kind}`,
          entity: 'clock_event',
          entityId: row!.id,
          caseId,
          before: { dueOn: current.result.dueOn },
          after: {
            clock: input.clock,
            on: input.on,
            days: input.days ?? null,
            to: input.to ?? null,
            reason: input.reason,
            complainantAgreed: input.complainantAgreed ?? null,
            dueOn: after.result.dueOn,
          },
        });
      });
    },
  };
}
export type TimescalesService = ReturnType<typeof timescalesService>;
