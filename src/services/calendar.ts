import { asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { parseGovUkBankHolidays, type BankHoliday } from '../domain/calendar/bank-holidays.ts';
import {
  COMPUTED_YEARS_AHEAD,
  holidayYears,
  knownDataEndsSoon,
  type HolidaySet,
  type HolidayYears,
} from '../domain/calendar/holiday-years.ts';
import { isIsoDate, londonDate } from '../domain/calendar/iso-date.ts';
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import type { Database, DbOrTx } from '../db/database.ts';
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

/** Where each year's bank holidays come from, for the administrator. */
export interface BankHolidaySource {
  shipped: { firstYear: number; lastYear: number; count: number };
  uploads: {
    id: string;
    firstYear: number;
    lastYear: number;
    count: number;
    fileName: string | null;
    via: 'upload' | 'refresh';
    uploadedAt: Date;
  }[];
  years: HolidayYears['years'];
  provisionalYears: number[];
  /** The last day of the published data. */
  knownUntil: string;
  /** Today is within six months of that day, or past it. */
  endsSoon: boolean;
}

/** A closure day being added or removed, before it is saved. */
export interface ClosureChange {
  add?: { date: string; description: string };
  remove?: string;
}

/** A change to the calendar not yet saved: a closure day, or a bank holidays file being loaded. */
export interface CalendarChange extends ClosureChange {
  load?: { firstYear: number; lastYear: number; holidays: BankHoliday[] };
}

/** A bank holidays file that read cleanly. */
export type BankHolidayFile = { firstYear: number; lastYear: number; holidays: BankHoliday[] };

/**
 * The working-day calendar Heard uses: the bank holidays it ships, overlaid by
 * any newer GOV.UK file loaded (for the years that file covers), the years
 * after them computed from the rules and marked provisional (ADR 0014), plus
 * the council's closure days. Built once and kept until something changes;
 * other servers pick a change up within a minute.
 */
export function calendarService(db: Database, clock: Clock) {
  let cached: { calendar: WorkingDayCalendar; builtAt: number } | null = null;
  const MAX_AGE_MS = 60_000;

  /** The published sets in the order they apply: shipped first, then loaded files oldest first. */
  async function publishedSets(extra?: BankHolidayFile): Promise<HolidaySet[]> {
    const shipped = shippedBankHolidays();
    const rows = await db.select().from(bankHolidaySets).orderBy(asc(bankHolidaySets.uploadedAt));
    const sets: HolidaySet[] = [
      {
        firstYear: shipped.firstYear,
        lastYear: shipped.lastYear,
        holidays: shipped.holidays,
        source: { kind: 'shipped' },
      },
      ...rows.map((r): HolidaySet => ({
        firstYear: r.firstYear,
        lastYear: r.lastYear,
        holidays: r.holidays,
        source: { kind: 'loaded', id: r.id, fileName: r.fileName, loadedAt: r.uploadedAt, via: r.via },
      })),
    ];
    if (extra)
      sets.push({
        ...extra,
        source: { kind: 'loaded', id: 'new', fileName: null, loadedAt: clock.now(), via: 'upload' },
      });
    return sets;
  }

  async function years(extra?: BankHolidayFile): Promise<HolidayYears> {
    const sets = await publishedSets(extra);
    const knownLast = Math.max(...sets.map((s) => s.lastYear));
    const thisYear = Number(londonDate(clock.now()).slice(0, 4));
    return holidayYears(sets, Math.max(knownLast, thisYear) + COMPUTED_YEARS_AHEAD);
  }

  /** The calendar as stored, or as it would be after a change (to show what would move). */
  async function build(change?: CalendarChange): Promise<WorkingDayCalendar> {
    const h = await years(change?.load);
    let closures = (await db.select().from(closureDays)).map((c) => ({ date: c.date, description: c.description }));
    if (change?.remove) closures = closures.filter((c) => c.date !== change.remove);
    if (change?.add && !closures.some((c) => c.date === change.add!.date)) closures.push(change.add);
    return createWorkingDayCalendar({
      bankHolidays: h.holidays,
      closureDays: closures,
      firstYear: h.firstYear,
      lastYear: h.lastYear,
      provisionalYears: h.provisionalYears,
    });
  }

  return {
    async calendar(): Promise<WorkingDayCalendar> {
      const now = clock.now().getTime();
      if (!cached || now - cached.builtAt > MAX_AGE_MS || now < cached.builtAt)
        cached = { calendar: await build(), builtAt: now };
      return cached.calendar;
    },

    /** The calendar after a change (a closure day added or removed, a file loaded), not saved. */
    withChange: (change: CalendarChange) => build(change),

    /** Every year's bank holidays and where they come from. */
    years: () => years(),

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

    /** Reads a GOV.UK bank-holidays.json. A file that does not read cleanly is refused whole, with its problems. */
    readBankHolidayFile(text: string): BankHolidayFile {
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
      return { firstYear: parsed.firstYear, lastYear: parsed.lastYear, holidays: parsed.holidays };
    },

    /** Keeps a file that read cleanly, in the caller's transaction, audited; the calendar is rebuilt after. */
    async saveBankHolidays(
      tx: DbOrTx,
      actor: Actor,
      file: BankHolidayFile,
      meta: { fileName: string | null; via: 'upload' | 'refresh' },
    ): Promise<string> {
      const [row] = await tx
        .insert(bankHolidaySets)
        .values({
          firstYear: file.firstYear,
          lastYear: file.lastYear,
          holidays: file.holidays,
          fileName: meta.fileName,
          via: meta.via,
          uploadedBy: actor.userId,
          uploadedAt: clock.now(),
        })
        .returning({ id: bankHolidaySets.id });
      await recordAudit(tx, clock, actor, {
        action: 'calendar.load_bank_holidays',
        entity: 'bank_holiday_set',
        entityId: row!.id,
        after: {
          firstYear: file.firstYear,
          lastYear: file.lastYear,
          count: file.holidays.length,
          fileName: meta.fileName,
          via: meta.via,
        },
      });
      return row!.id;
    },

    async source(): Promise<BankHolidaySource> {
      const shipped = shippedBankHolidays();
      const [sets, y] = await Promise.all([
        db.select().from(bankHolidaySets).orderBy(desc(bankHolidaySets.uploadedAt)),
        years(),
      ]);
      return {
        shipped: { firstYear: shipped.firstYear, lastYear: shipped.lastYear, count: shipped.holidays.length },
        uploads: sets.map((s) => ({
          id: s.id,
          firstYear: s.firstYear,
          lastYear: s.lastYear,
          count: s.holidays.length,
          fileName: s.fileName,
          via: s.via,
          uploadedAt: s.uploadedAt,
        })),
        years: y.years,
        provisionalYears: y.provisionalYears,
        knownUntil: y.knownUntil,
        endsSoon: knownDataEndsSoon(y.knownUntil, londonDate(clock.now())),
      };
    },
  };
}
export type CalendarService = ReturnType<typeof calendarService>;
