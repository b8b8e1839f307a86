import { and, desc, eq, gte, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { addsNothing, refreshRefusal } from '../domain/calendar/holiday-years.ts';
import { londonDate } from '../domain/calendar/iso-date.ts';
import type { Database } from '../db/database.ts';
import { bankHolidayRefresh, dueDateNotices, feedbackCases } from '../db/schema/index.ts';
import { systemActor, type Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import type { BankHolidayFile, CalendarService } from './calendar.ts';
import { visibleCasesCondition } from './case-access.ts';
import { parseCommand } from './commands.ts';
import type { MovedDueDate, TimescalesService } from './timescales.ts';

/** GOV.UK's published bank holidays, all three divisions; Heard reads England and Wales. */
export const GOV_UK_BANK_HOLIDAYS_URL = 'https://www.gov.uk/bank-holidays.json';

const REFRESH_KEY = 'govuk';
/** A day, less an hour: the background work looks hourly, so a daily run does not creep later each day. */
const REFRESH_EVERY_MS = 23 * 3600_000;
const FETCH_TIMEOUT_MS = 15_000;
const MAX_FILE_BYTES = 1_048_576;

const REFRESH_ACTOR: Actor = systemActor('Heard (daily bank holidays refresh from GOV.UK)');

export const RefreshSettingCommand = z.object({ enabled: z.boolean() });

export type RefreshOutcome =
  | { outcome: 'loaded'; message: string; moved: number }
  | { outcome: 'unchanged' | 'refused' | 'unreachable'; message: string };

export interface RefreshSettings {
  enabled: boolean;
  url: string;
  lastTriedAt: Date | null;
  lastOutcome: string | null;
  lastMessage: string | null;
}

/** A moved due date as the home page shows it: the move itself, why, and when it was found. */
export interface DueDateNotice extends Omit<MovedDueDate, 'caseId'> {
  id: string;
  reason: string;
  createdAt: Date;
}

/**
 * Loading bank holidays, by an administrator's upload or the optional daily
 * refresh from GOV.UK (ADR 0014). Either way the due dates the new list moves
 * are found first (the same comparison the closure-day page uses) and saved
 * with the list, in one transaction, as notices for those responsible for
 * each case: a provisional date that became real and moved is seen on their
 * home page.
 */
export function bankHolidayLoadsService(
  db: Database,
  clock: Clock,
  deps: { calendar: CalendarService; timescales: TimescalesService; refreshUrl?: string },
) {
  const { calendar, timescales } = deps;
  const url = deps.refreshUrl ?? GOV_UK_BANK_HOLIDAYS_URL;

  async function load(
    actor: Actor,
    file: BankHolidayFile,
    meta: { fileName: string | null; via: 'upload' | 'refresh' },
  ): Promise<{ moved: number }> {
    const moved = await timescales.dueDatesMovedBy({ load: file });
    const years = file.firstYear === file.lastYear ? `${file.firstYear}` : `${file.firstYear} to ${file.lastYear}`;
    const reason =
      meta.via === 'refresh'
        ? `GOV.UK's bank holidays for ${years} were loaded by the daily refresh`
        : `Bank holidays for ${years} were loaded by an administrator${meta.fileName ? ` (${meta.fileName})` : ''}`;
    await db.transaction(async (tx) => {
      await calendar.saveBankHolidays(tx, actor, file, meta);
      if (moved.length)
        await tx.insert(dueDateNotices).values(
          moved.map((m) => ({
            caseId: m.caseId,
            clock: m.clock,
            fromDate: m.from,
            toDate: m.to,
            toldInLetter: m.toldInLetter,
            reason,
            createdAt: clock.now(),
          })),
        );
    });
    calendar.invalidate();
    return { moved: moved.length };
  }

  /** Fetches GOV.UK's file and loads it if it is whole and says something new. Never throws. */
  async function refresh(): Promise<RefreshOutcome> {
    let text: string;
    try {
      const res = await fetch(url, {
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
        headers: { accept: 'application/json' },
        redirect: 'follow',
      });
      if (!res.ok) return { outcome: 'unreachable', message: `${url} answered ${res.status} ${res.statusText}`.trim() };
      if (Number(res.headers.get('content-length') ?? 0) > MAX_FILE_BYTES)
        return { outcome: 'refused', message: 'The file is larger than 1 MB' };
      text = await res.text();
      if (Buffer.byteLength(text) > MAX_FILE_BYTES)
        return { outcome: 'refused', message: 'The file is larger than 1 MB' };
    } catch (err) {
      return { outcome: 'unreachable', message: `${url} could not be reached (${(err as Error).message})` };
    }
    let file: BankHolidayFile;
    try {
      file = calendar.readBankHolidayFile(text);
    } catch (err) {
      return { outcome: 'refused', message: (err as Error).message };
    }
    const current = await calendar.years();
    const refusal = refreshRefusal(file, current.knownUntil);
    if (refusal) return { outcome: 'refused', message: `${refusal}. Nothing has changed.` };
    if (addsNothing(file, current))
      return { outcome: 'unchanged', message: `Up to date: GOV.UK lists ${file.firstYear} to ${file.lastYear}` };
    const { moved } = await load(REFRESH_ACTOR, file, { fileName: 'bank-holidays.json from GOV.UK', via: 'refresh' });
    return {
      outcome: 'loaded',
      moved,
      message: `Loaded ${file.holidays.length} bank holidays, ${file.firstYear} to ${file.lastYear}; ${moved} due date${moved === 1 ? '' : 's'} moved`,
    };
  }

  return {
    /** An administrator's bank-holidays.json: read, checked, loaded with the due dates it moves. */
    async upload(
      actor: Actor,
      text: string,
      fileName: string | null,
    ): Promise<{ firstYear: number; lastYear: number; count: number; moved: number }> {
      const file = calendar.readBankHolidayFile(text);
      const { moved } = await load(actor, file, { fileName, via: 'upload' });
      return { firstYear: file.firstYear, lastYear: file.lastYear, count: file.holidays.length, moved };
    },

    /**
     * The daily refresh, when it is on and a day has passed since the last
     * try. The try is claimed by one conditional update, which only one
     * server can win, so two servers never fetch or load twice. Null: not
     * this time.
     */
    async refreshIfDue(): Promise<RefreshOutcome | null> {
      const now = clock.now();
      const claimed = await db
        .update(bankHolidayRefresh)
        .set({ lastTriedAt: now })
        .where(
          and(
            eq(bankHolidayRefresh.key, REFRESH_KEY),
            eq(bankHolidayRefresh.enabled, true),
            or(
              isNull(bankHolidayRefresh.lastTriedAt),
              lt(bankHolidayRefresh.lastTriedAt, new Date(now.getTime() - REFRESH_EVERY_MS)),
              // A clock set back (a test, a corrected server time) must not stop the refresh for good.
              sql`${bankHolidayRefresh.lastTriedAt} > ${now}`,
            ),
          ),
        )
        .returning({ key: bankHolidayRefresh.key });
      if (claimed.length === 0) return null;
      const result = await refresh();
      await db
        .update(bankHolidayRefresh)
        .set({ lastOutcome: result.outcome, lastMessage: result.message })
        .where(eq(bankHolidayRefresh.key, REFRESH_KEY));
      return result;
    },

    async settings(): Promise<RefreshSettings> {
      const [row] = await db.select().from(bankHolidayRefresh).where(eq(bankHolidayRefresh.key, REFRESH_KEY));
      return {
        enabled: row?.enabled ?? false,
        url,
        lastTriedAt: row?.lastTriedAt ?? null,
        lastOutcome: row?.lastOutcome ?? null,
        lastMessage: row?.lastMessage ?? null,
      };
    },

    /** Turns the daily refresh on or off (audited). Turning it on makes the next background run try at once. */
    async setRefresh(actor: Actor, raw: z.input<typeof RefreshSettingCommand>): Promise<void> {
      const { enabled } = parseCommand(RefreshSettingCommand, raw);
      await db.transaction(async (tx) => {
        const [before] = await tx.select().from(bankHolidayRefresh).where(eq(bankHolidayRefresh.key, REFRESH_KEY));
        if ((before?.enabled ?? false) === enabled) return;
        const values = {
          enabled,
          changedBy: actor.userId,
          changedAt: clock.now(),
          ...(enabled ? { lastTriedAt: null } : {}),
        };
        await tx
          .insert(bankHolidayRefresh)
          .values({ key: REFRESH_KEY, ...values })
          .onConflictDoUpdate({ target: bankHolidayRefresh.key, set: values });
        await recordAudit(tx, clock, actor, {
          action: enabled ? 'calendar.refresh_on' : 'calendar.refresh_off',
          entity: 'bank_holiday_refresh',
          entityId: REFRESH_KEY,
          before: { enabled: before?.enabled ?? false },
          after: { enabled },
        });
      });
    },

    /**
     * Due dates moved by a bank holidays load on the cases the actor may see
     * (everyone's for a complaints officer; their own for an investigating
     * manager), until the new date has passed.
     */
    async noticesFor(actor: Actor, limit = 50): Promise<DueDateNotice[]> {
      const visible = visibleCasesCondition(actor);
      if (visible === 'none') return [];
      const today = londonDate(clock.now());
      const rows = await db
        .select({
          id: dueDateNotices.id,
          reference: feedbackCases.reference,
          subject: feedbackCases.subject,
          clock: dueDateNotices.clock,
          from: dueDateNotices.fromDate,
          to: dueDateNotices.toDate,
          toldInLetter: dueDateNotices.toldInLetter,
          reason: dueDateNotices.reason,
          createdAt: dueDateNotices.createdAt,
        })
        .from(dueDateNotices)
        .innerJoin(feedbackCases, eq(feedbackCases.id, dueDateNotices.caseId))
        .where(and(gte(dueDateNotices.toDate, today), visible ?? undefined))
        .orderBy(desc(dueDateNotices.toldInLetter), dueDateNotices.toDate, feedbackCases.reference)
        .limit(limit);
      return rows;
    },
  };
}

export type BankHolidayLoadsService = ReturnType<typeof bankHolidayLoadsService>;
