import { asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { parseGovUkBankHolidays, type BankHoliday } from '../domain/calendar/bank-holidays.ts';
import { isIsoDate } from '../domain/calendar/iso-date.ts';
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import type { Database } from '../db/database.ts';
import { bankHolidaySets, closureDays } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { parseCommand } from './commands.ts';
import { DomainError } from './errors.ts';
import { shippedBankHolidays } from './shipped-calendar.ts';

const CLOSURE_DATE = 'Enter the date the council is closed, as a real date';
const CLOSURE_DESCRIPTION = 'Enter a description, like "Council closed between Christmas and New Year"';

/** A day the council is closed (null: the date was left blank). */
export const ClosureDayCommand = z.object({
  date: z
    .string({ error: CLOSURE_DATE })
    .nullable()
    .refine((d): d is string => d !== null && isIsoDate(d), CLOSURE_DATE),
  description: z.string({ error: CLOSURE_DESCRIPTION }).trim().min(1, CLOSURE_DESCRIPTION),
});
export type ClosureDayCommand = z.input<typeof ClosureDayCommand>;

export interface BankHolidaySource {
  shipped: { firstYear: number; lastYear: number; count: number };
  uploads: {
    id: string;
    firstYear: number;
    lastYear: number;
    count: number;
    fileName: string | null;
    uploadedAt: Date;
  }[];
}

/**
 * The working-day calendar Heard uses: the bank holidays it ships, overlaid by
 * any newer GOV.UK file an administrator loaded (for the years that file
 * covers), plus the council's closure days. Built once and kept until
 * something changes; other servers pick a change up within a minute.
 */
/** A closure day being added or removed, before it is saved. */
export interface ClosureChange {
  add?: { date: string; description: string };
  remove?: string;
}

export function calendarService(db: Database, clock: Clock) {
  let cached: { calendar: WorkingDayCalendar; builtAt: number } | null = null;
  const MAX_AGE_MS = 60_000;

  async function holidays(): Promise<{ holidays: BankHoliday[]; firstYear: number; lastYear: number }> {
    const shipped = shippedBankHolidays();
    const sets = await db.select().from(bankHolidaySets).orderBy(asc(bankHolidaySets.uploadedAt));
    const byYear = new Map<number, BankHoliday[]>();
    for (const h of shipped.holidays)
      byYear.set(Number(h.date.slice(0, 4)), [...(byYear.get(Number(h.date.slice(0, 4))) ?? []), h]);
    let first = shipped.firstYear;
    let last = shipped.lastYear;
    for (const set of sets) {
      // A newer file replaces the years it covers, whole.
      for (let y = set.firstYear; y <= set.lastYear; y++)
        byYear.set(
          y,
          set.holidays.filter((h) => Number(h.date.slice(0, 4)) === y),
        );
      first = Math.min(first, set.firstYear);
      last = Math.max(last, set.lastYear);
    }
    return {
      holidays: [...byYear.values()].flat().sort((a, b) => a.date.localeCompare(b.date)),
      firstYear: first,
      lastYear: last,
    };
  }

  /** The calendar as stored, or as it would be with one closure day added or taken away (to show what would move). */
  async function build(change?: ClosureChange): Promise<WorkingDayCalendar> {
    const h = await holidays();
    let closures = (await db.select().from(closureDays)).map((c) => ({ date: c.date, description: c.description }));
    if (change?.remove) closures = closures.filter((c) => c.date !== change.remove);
    if (change?.add && !closures.some((c) => c.date === change.add!.date)) closures.push(change.add);
    return createWorkingDayCalendar({
      bankHolidays: h.holidays,
      closureDays: closures,
      firstYear: h.firstYear,
      lastYear: h.lastYear,
    });
  }

  return {
    async calendar(): Promise<WorkingDayCalendar> {
      const now = clock.now().getTime();
      if (!cached || now - cached.builtAt > MAX_AGE_MS || now < cached.builtAt)
        cached = { calendar: await build(), builtAt: now };
      return cached.calendar;
    },

    /** The calendar with one closure day added or removed, not saved. */
    withClosureChange: (change: ClosureChange) => build(change),

    invalidate(): void {
      cached = null;
    },

    async closureDays() {
      return db.select().from(closureDays).orderBy(desc(closureDays.date));
    },

    async addClosureDay(actor: Actor, raw: ClosureDayCommand): Promise<void> {
      const { date, description } = parseCommand(ClosureDayCommand, raw);
      await db.transaction(async (tx) => {
        const [existing] = await tx.select().from(closureDays).where(eq(closureDays.date, date));
        if (existing)
          throw new DomainError(
            'CALENDAR.CLOSURE_EXISTS',
            `${date} is already a closure day (${existing.description})`,
            'date',
          );
        await tx.insert(closureDays).values({ date, description, createdBy: actor.userId, createdAt: clock.now() });
        await recordAudit(tx, clock, actor, {
          action: 'calendar.add_closure_day',
          entity: 'closure_day',
          entityId: date,
          after: { date, description },
        });
      });
      cached = null;
    },

    async removeClosureDay(actor: Actor, date: string): Promise<void> {
      await db.transaction(async (tx) => {
        const [existing] = await tx.select().from(closureDays).where(eq(closureDays.date, date));
        if (!existing) throw new DomainError('CALENDAR.NO_SUCH_CLOSURE', `${date} is not a closure day`);
        await tx.delete(closureDays).where(eq(closureDays.date, date));
        await recordAudit(tx, clock, actor, {
          action: 'calendar.remove_closure_day',
          entity: 'closure_day',
          entityId: date,
          before: { date, description: existing.description },
        });
      });
      cached = null;
    },

    /** Loads a GOV.UK bank-holidays.json. A file that does not read cleanly changes nothing. */
    async uploadBankHolidays(
      actor: Actor,
      text: string,
      fileName: string | null,
    ): Promise<{ firstYear: number; lastYear: number; count: number }> {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new DomainError(
          'CALENDAR.NOT_JSON',
          'The file is not JSON. Download bank-holidays.json from GOV.UK and load it unchanged.',
          'file',
        );
      }
      const parsed = parseGovUkBankHolidays(json);
      if (!parsed.ok)
        throw new DomainError(
          'CALENDAR.BAD_FILE',
          `The file was not loaded: ${parsed.problems.slice(0, 5).join('; ')}${parsed.problems.length > 5 ? ` (and ${parsed.problems.length - 5} more)` : ''}. Nothing has changed.`,
          'file',
        );
      const shipped = shippedBankHolidays();
      if (parsed.lastYear < shipped.firstYear)
        throw new DomainError(
          'CALENDAR.TOO_OLD',
          `The file only covers ${parsed.firstYear} to ${parsed.lastYear}, older than what Heard has. Nothing has changed.`,
          'file',
        );
      await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(bankHolidaySets)
          .values({
            firstYear: parsed.firstYear,
            lastYear: parsed.lastYear,
            holidays: parsed.holidays,
            fileName,
            uploadedBy: actor.userId,
            uploadedAt: clock.now(),
          })
          .returning({ id: bankHolidaySets.id });
        await recordAudit(tx, clock, actor, {
          action: 'calendar.load_bank_holidays',
          entity: 'bank_holiday_set',
          entityId: row!.id,
          after: { firstYear: parsed.firstYear, lastYear: parsed.lastYear, count: parsed.holidays.length, fileName },
        });
      });
      cached = null;
      return { firstYear: parsed.firstYear, lastYear: parsed.lastYear, count: parsed.holidays.length };
    },

    async source(): Promise<BankHolidaySource> {
      const shipped = shippedBankHolidays();
      const sets = await db.select().from(bankHolidaySets).orderBy(desc(bankHolidaySets.uploadedAt));
      return {
        shipped: { firstYear: shipped.firstYear, lastYear: shipped.lastYear, count: shipped.holidays.length },
        uploads: sets.map((s) => ({
          id: s.id,
          firstYear: s.firstYear,
          lastYear: s.lastYear,
          count: s.holidays.length,
          fileName: s.fileName,
          uploadedAt: s.uploadedAt,
        })),
      };
    },
  };
}
export type CalendarService = ReturnType<typeof calendarService>;
