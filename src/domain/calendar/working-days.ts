import { dayOfWeek, fromDayNumber, isIsoDate, toDayNumber, type IsoDate } from './iso-date.ts';

/**
 * Working days: Monday to Friday, not a bank holiday in England and Wales, not
 * a council closure day (docs/product.md, "Timescales and clocks"). The calendar only answers
 * for the years it knows the bank holidays of; anything else is an explicit
 * error, never a guess.
 *
 * Internally every date is a day number and the calendar keeps, for its whole
 * range, a running count of working days and the list of working days. So
 * adding or counting working days costs the same for 3 days or 300.
 */
export class CalendarRangeError extends Error {
  readonly code = 'CALENDAR.OUT_OF_RANGE';
  constructor(
    readonly date: string,
    readonly first: IsoDate,
    readonly last: IsoDate,
  ) {
    super(
      `${date} is outside the years the working-day calendar knows (${first} to ${last}). Load a newer bank holidays file.`,
    );
  }
}

export class InvalidDateError extends Error {
  readonly code = 'CALENDAR.INVALID_DATE';
  constructor(readonly value: unknown) {
    super(`${String(value)} is not a real date (YYYY-MM-DD)`);
  }
}

export interface NonWorkingDay {
  date: IsoDate;
  name: string;
  kind: 'bank_holiday' | 'closure_day';
  /** A bank holiday computed from the usual rules for a year GOV.UK has not published yet. */
  provisional?: boolean;
}

export interface CalendarInput {
  /** Bank holidays in England and Wales. */
  bankHolidays: readonly { date: IsoDate; title: string }[];
  /** Council closure days (e.g. between Christmas and New Year). */
  closureDays?: readonly { date: IsoDate; description: string }[];
  /** First and last year the calendar answers for. Defaults to the years the bank holidays cover. */
  firstYear?: number;
  lastYear?: number;
  /**
   * Years whose bank holidays were computed from the rules, not published by
   * GOV.UK: a date worked out across them may still move when the real list
   * is loaded (an extra holiday, a moved one).
   */
  provisionalYears?: readonly number[];
}

export interface WorkingDayCalendar {
  readonly first: IsoDate;
  readonly last: IsoDate;
  /** Years whose bank holidays are computed, not published (ascending). */
  readonly provisionalYears: readonly number[];
  /** Whether a date falls in a year whose bank holidays are computed, not published. */
  isProvisional(date: IsoDate): boolean;
  /** Whether any day from `from` to `to` falls in such a year: a count across them may move. */
  provisionalBetween(from: IsoDate, to: IsoDate): boolean;
  isWorkingDay(date: IsoDate): boolean;
  /** Why a date is not a working day, or null if it is one. */
  whyNotWorking(date: IsoDate): string | null;
  /** The date n working days after start (start is day 0, whatever it is). n = 0 gives start itself. */
  addWorkingDays(start: IsoDate, n: number): IsoDate;
  /** Working days after `from` up to and including `to` (0 when to <= from): the day received is day 0. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
  /** The non-working weekdays (bank holidays, closure days) after `from` up to and including `to`. */
  nonWorkingWeekdaysBetween(from: IsoDate, to: IsoDate): NonWorkingDay[];
  /** The first working day on or after a date. */
  nextWorkingDayOnOrAfter(date: IsoDate): IsoDate;
  /**
   * The same, on the calendar's own day numbers (for the clock engine, which runs millions of times: numbers
   * compare and add without reading a date's digits again). dayIndex checks the date as the methods above do.
   */
  dayIndex(date: IsoDate): number;
  dateAt(index: number): IsoDate;
  addWorkingDaysAt(index: number, n: number): number;
  workingDaysBetweenAt(a: number, b: number): number;
}

export function createWorkingDayCalendar(input: CalendarInput): WorkingDayCalendar {
  const years = input.bankHolidays.map((h) => Number(h.date.slice(0, 4)));
  if (years.length === 0 && (input.firstYear === undefined || input.lastYear === undefined)) {
    throw new Error('A working-day calendar needs bank holidays, or an explicit range of years');
  }
  const firstYear = input.firstYear ?? Math.min(...years);
  const lastYear = input.lastYear ?? Math.max(...years);
  const first = `${firstYear}-01-01`;
  const last = `${lastYear}-12-31`;
  const start = toDayNumber(first);
  const end = toDayNumber(last);
  const size = end - start + 1;

  const provisionalYears = [...new Set(input.provisionalYears ?? [])].sort((a, b) => a - b);
  const provisional = new Set(provisionalYears);
  const named = new Map<number, NonWorkingDay>();
  for (const h of input.bankHolidays) {
    if (!isIsoDate(h.date)) throw new InvalidDateError(h.date);
    const info: NonWorkingDay = { date: h.date, name: h.title, kind: 'bank_holiday' };
    if (provisional.has(Number(h.date.slice(0, 4)))) info.provisional = true;
    named.set(toDayNumber(h.date), info);
  }
  for (const c of input.closureDays ?? []) {
    if (!isIsoDate(c.date)) throw new InvalidDateError(c.date);
    const day = toDayNumber(c.date);
    if (!named.has(day)) named.set(day, { date: c.date, name: c.description, kind: 'closure_day' });
  }

  // working[i]: is start+i a working day; before[i]: working days in [start, start+i).
  const working = new Uint8Array(size);
  const before = new Int32Array(size + 1);
  const workingDays: number[] = [];
  // Every date in range as its string and its index, so the hot path is a map lookup, never date parsing.
  const isoOf: string[] = new Array(size);
  for (let i = 0; i < size; i++) {
    const day = start + i;
    const iso = fromDayNumber(day);
    isoOf[i] = iso;
    const dow = dayOfWeek(iso);
    const isWorking = dow !== 0 && dow !== 6 && !named.has(day);
    working[i] = isWorking ? 1 : 0;
    before[i + 1] = before[i]! + working[i]!;
    if (isWorking) workingDays.push(day);
  }

  // Each date's index by its string, so the hot path is one lookup, never date parsing. Reading the digits with
  // charCodeAt was as fast on its own, but half as fast once nunjucks is loaded, as it is in the server: its
  // SafeString, made from String.prototype, costs V8 its fast calls to String.prototype's methods (the clocks
  // bench: 1.15 s, against 0.72–0.86 s with a Map, for 1,000,000 cases). A prototype-less object's properties
  // are faster again than a Map (about 0.6 s against 0.7 s on Node 20, 0.5 s against 0.6 s on Node 24): V8
  // makes a date's text a property name once (the calendar's own dates, and a string looked up again, are then
  // found without hashing it again).
  // Object.create(null): no name an object inherits ('toString', '__proto__') is found as a date.
  const indexOfIso: Record<string, number> = Object.create(null);
  for (let i = 0; i < size; i++) indexOfIso[isoOf[i]!] = i;
  function index(date: IsoDate): number {
    // Only a string: a property name is any value's text, and an array holding a date is not a date.
    const found = typeof date === 'string' ? indexOfIso[date] : undefined;
    if (found !== undefined) return found;
    // Not in range: not a date at all, or one outside the calendar's years.
    if (!isIsoDate(date)) throw new InvalidDateError(date);
    throw new CalendarRangeError(date, first, last);
  }

  /** The index n working days after index i (i itself for 0, whatever day it is). */
  function addAt(i: number, n: number): number {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`Working days to add must be a whole number of 0 or more, not ${n}`);
    if (n === 0) return i;
    // Working days on or before i, then the n-th working day after it.
    const day = workingDays[before[i + 1]! + n - 1];
    if (day === undefined) throw new CalendarRangeError(`${isoOf[i]} + ${n} working days`, first, last);
    return day - start;
  }

  /** Working days after index a up to and including index b (0 when b <= a). */
  function betweenAt(a: number, b: number): number {
    return b <= a ? 0 : before[b + 1]! - before[a + 1]!;
  }

  return {
    first,
    last,
    provisionalYears,
    isProvisional: (date) => provisional.has(Number(isoOf[index(date)]!.slice(0, 4))),
    provisionalBetween(from, to) {
      const a = Number(isoOf[index(from)]!.slice(0, 4));
      const b = Number(isoOf[index(to)]!.slice(0, 4));
      return provisionalYears.some((y) => y >= a && y <= b);
    },
    isWorkingDay: (date) => working[index(date)] === 1,
    whyNotWorking(date) {
      const i = index(date);
      if (working[i] === 1) return null;
      const n = named.get(start + i);
      if (n) return n.name;
      return dayOfWeek(date) === 0 ? 'Sunday' : 'Saturday';
    },
    addWorkingDays(from, n) {
      return isoOf[addAt(index(from), n)]!;
    },
    workingDaysBetween(from, to) {
      return betweenAt(index(from), index(to));
    },
    nonWorkingWeekdaysBetween(from, to) {
      const a = start + index(from);
      const b = start + index(to);
      const out: NonWorkingDay[] = [];
      for (const [day, info] of named)
        if (day > a && day <= b && dayOfWeek(info.date) !== 0 && dayOfWeek(info.date) !== 6) out.push(info);
      return out.sort((x, y) => x.date.localeCompare(y.date));
    },
    nextWorkingDayOnOrAfter(date) {
      const i = index(date);
      const k = before[i]!; // working days strictly before date
      const day = workingDays[k];
      if (day === undefined) throw new CalendarRangeError(date, first, last);
      return isoOf[day - start]!;
    },
    dayIndex: index,
    dateAt(i) {
      const iso = isoOf[i];
      if (iso === undefined) throw new CalendarRangeError(`day ${i}`, first, last);
      return iso;
    },
    addWorkingDaysAt: addAt,
    workingDaysBetweenAt: betweenAt,
  };
}
