import { asc, eq } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import { isIsoDate, londonDate } from '../domain/calendar/iso-date.ts';
import type { Procedure } from '../domain/cases/vocabulary.ts';
import { caseClocks, type CaseClock, type CaseClockFacts } from '../domain/timescales/case-clocks.ts';
import type { ClockName } from '../domain/timescales/clock-names.ts';
import { explainClock } from '../domain/timescales/explain.ts';
import { DEFAULT_POLICY_SCHEDULE, policyInForce, PRESETS, type PresetKey } from '../domain/timescales/presets.ts';
import { validatePolicy, type ClockRule, type TimescalePolicy } from '../domain/timescales/rules.ts';
import type { Database, DbOrTx } from '../db/database.ts';
import { clockEvents, feedbackCases, stages, timescalePolicies } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import type { CalendarService } from './calendar.ts';
import { DomainError, NotFoundError, ValidationError } from './errors.ts';

type PolicyRow = typeof timescalePolicies.$inferSelect;

export function toPolicy(row: PolicyRow): TimescalePolicy {
  return { id: row.id, procedure: row.procedure, name: row.name, effectiveFrom: row.effectiveFrom, dueSoonDays: row.dueSoonDays, rules: row.rules, complaintTimeLimitMonths: row.complaintTimeLimitMonths };
}

export interface ExplainedClock extends CaseClock {
  explanation: string[];
}

/** Timescale rules (versioned per procedure) and the clocks they give each case. */
export function timescalesService(db: Database, clock: Clock, calendars: CalendarService) {
  async function all(): Promise<TimescalePolicy[]> {
    return (await db.select().from(timescalePolicies).orderBy(asc(timescalePolicies.procedure), asc(timescalePolicies.effectiveFrom))).map(toPolicy);
  }

  async function get(id: string): Promise<TimescalePolicy & { presetKey: string | null; note: string | null; createdAt: Date }> {
    const [row] = await db.select().from(timescalePolicies).where(eq(timescalePolicies.id, id));
    if (!row) throw new NotFoundError('Those timescale rules');
    return { ...toPolicy(row), presetKey: row.presetKey, note: row.note, createdAt: row.createdAt };
  }

  /** The version to pin on a case whose procedure is decided now. */
  async function policyIdFor(tx: DbOrTx, procedure: Procedure, receivedOn: string): Promise<string | null> {
    const rows = await tx.select({ id: timescalePolicies.id, procedure: timescalePolicies.procedure, effectiveFrom: timescalePolicies.effectiveFrom }).from(timescalePolicies).where(eq(timescalePolicies.procedure, procedure));
    return policyInForce(rows, procedure, receivedOn)?.id ?? null;
  }

  return {
    all,
    get,
    policyIdFor,

    /** A new Heard starts with the shipped presets; a procedure that already has rules is left alone. */
    async ensureDefaults(): Promise<number> {
      const existing = new Set((await db.select({ procedure: timescalePolicies.procedure }).from(timescalePolicies)).map((r) => r.procedure));
      const missing = DEFAULT_POLICY_SCHEDULE.filter((d) => !existing.has(d.procedure));
      for (const d of missing) {
        const p = PRESETS[d.preset];
        await db.insert(timescalePolicies).values({ procedure: p.procedure, name: p.name, presetKey: p.key, effectiveFrom: p.effectiveFrom, dueSoonDays: p.dueSoonDays, complaintTimeLimitMonths: p.complaintTimeLimitMonths, rules: p.rules, note: 'Shipped with Heard' });
      }
      return missing.length;
    },

    /**
     * Adds a version of the rules for a procedure, from a date. Old versions
     * are never changed; cases already pinned keep theirs.
     */
    async createVersion(actor: Actor, input: { procedure: Procedure; name: string; effectiveFrom: string | null; dueSoonDays: number; rules: Partial<Record<ClockName, ClockRule>>; presetKey?: PresetKey | null; note?: string | null }): Promise<string> {
      const errors: { field: string; message: string }[] = [];
      if (!input.name.trim()) errors.push({ field: 'name', message: 'Enter a name for these rules' });
      if (!input.effectiveFrom || !isIsoDate(input.effectiveFrom)) errors.push({ field: 'effectiveFrom', message: 'Enter the date these rules apply from, as a real date' });
      if (!Number.isInteger(input.dueSoonDays) || input.dueSoonDays < 0 || input.dueSoonDays > 20) errors.push({ field: 'dueSoonDays', message: '"Due soon" must be a whole number of working days from 0 to 20' });
      for (const p of validatePolicy({ rules: input.rules, dueSoonDays: input.dueSoonDays })) errors.push({ field: `${p.clock}-${p.field}`, message: `${p.clock.replace(/_/g, ' ')}: ${p.message}` });
      if (errors.length) throw new ValidationError(errors);
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(timescalePolicies)
          .values({ procedure: input.procedure, name: input.name.trim(), presetKey: input.presetKey ?? null, effectiveFrom: input.effectiveFrom!, dueSoonDays: input.dueSoonDays, complaintTimeLimitMonths: 12, rules: input.rules, note: input.note ?? null, createdBy: actor.userId, createdAt: clock.now() })
          .returning({ id: timescalePolicies.id });
        await recordAudit(tx, clock, actor, { action: 'timescales.create_version', entity: 'timescale_policy', entityId: row!.id, after: { procedure: input.procedure, name: input.name.trim(), effectiveFrom: input.effectiveFrom, dueSoonDays: input.dueSoonDays, rules: input.rules as never } });
        return row!.id;
      });
    },

    /** Every clock of one case, explained. Uses the version pinned on the case, or the one in force when it arrived. */
    async clocksForCase(caseId: string): Promise<{ policy: TimescalePolicy | null; clocks: ExplainedClock[]; today: string }> {
      const [c] = await db.select().from(feedbackCases).where(eq(feedbackCases.id, caseId));
      if (!c) throw new NotFoundError('That case');
      const policies = await all();
      const policy = (c.timescalePolicyId ? policies.find((p) => p.id === c.timescalePolicyId) : null) ?? (c.procedure ? policyInForce(policies, c.procedure, c.receivedOn) : null) ?? (c.type === 'complaint' ? policyInForce(policies, 'childrens_statutory', c.receivedOn) : null);
      const stageRows = await db.select().from(stages).where(eq(stages.caseId, caseId));
      const events = await db.select().from(clockEvents).where(eq(clockEvents.caseId, caseId));
      const facts: CaseClockFacts = {
        type: c.type,
        procedure: c.procedure,
        receivedOn: c.receivedOn,
        acknowledgedOn: c.acknowledgedOn,
        closedOn: c.closedOn,
        stages: stageRows,
        events: events.map((e) => ({ clock: e.clock, kind: e.kind, on: e.occurredOn, days: e.extensionDays, to: e.extendedTo, reason: e.reason, complainantAgreed: e.complainantAgreed, agreedOn: e.agreedOn })),
      };
      const today = londonDate(clock.now());
      const calendar = await calendars.calendar();
      try {
        const clocks = caseClocks(facts, policy, calendar, today);
        return { policy, today, clocks: clocks.map((k) => ({ ...k, explanation: explainClock(k.rule, k.startEvent, k.result, calendar) })) };
      } catch (err) {
        if ((err as { code?: string }).code === 'CALENDAR.OUT_OF_RANGE') throw new DomainError('CALENDAR.OUT_OF_RANGE', `${(err as Error).message}`);
        throw err;
      }
    },
  };
}
export type TimescalesService = ReturnType<typeof timescalesService>;
