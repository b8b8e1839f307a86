import type { BankHoliday } from './bank-holidays.ts';
import { computedBankHolidays } from './england-and-wales-rules.ts';
import type { IsoDate } from './iso-date.ts';

/** Where one year's bank holidays come from. */
export type HolidaySource =
  | { kind: 'shipped' }
  | { kind: 'loaded'; id: string; fileName: string | null; loadedAt: Date; via: 'upload' | 'refresh' }
  | { kind: 'computed' };

/** A published list of bank holidays (GOV.UK's), covering whole years. */
export interface HolidaySet {
  firstYear: number;
  lastYear: number;
  holidays: readonly BankHoliday[];
  source: Exclude<HolidaySource, { kind: 'computed' }>;
}

export interface HolidayYears {
  holidays: BankHoliday[];
  firstYear: number;
  lastYear: number;
  /** Years computed from the rules, not yet published: their dates are provisional. */
  provisionalYears: number[];
  /** The last day of the last year GOV.UK's data covers. */
  knownUntil: IsoDate;
  years: { year: number; source: HolidaySource; count: number }[];
}

/** How many years past the later of the known data and today the rules are computed for. */
export const COMPUTED_YEARS_AHEAD = 10;

/**
 * The bank holidays for every year the calendar answers for. Published sets
 * are applied oldest first, each replacing the years it covers whole (so a
 * newer file wins, and a one-off holiday it lists comes with it); any year
 * after the first that no set covers, up to `computeUntilYear`, is computed
 * from the rules and marked provisional. Loading a file that covers a
 * computed year therefore replaces it at once.
 */
export function holidayYears(sets: readonly HolidaySet[], computeUntilYear: number): HolidayYears {
  if (sets.length === 0) throw new Error('At least one published set of bank holidays is needed');
  const byYear = new Map<number, { source: HolidaySource; holidays: BankHoliday[] }>();
  for (const set of sets)
    for (let y = set.firstYear; y <= set.lastYear; y++)
      byYear.set(y, { source: set.source, holidays: set.holidays.filter((h) => Number(h.date.slice(0, 4)) === y) });
  const known = [...byYear.keys()];
  const firstYear = Math.min(...known);
  const knownLastYear = Math.max(...known);
  const lastYear = Math.max(knownLastYear, computeUntilYear);
  const provisionalYears: number[] = [];
  for (let y = firstYear; y <= lastYear; y++)
    if (!byYear.has(y)) {
      byYear.set(y, { source: { kind: 'computed' }, holidays: computedBankHolidays(y) });
      provisionalYears.push(y);
    }
  const years = [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, v]) => ({ year, source: v.source, count: v.holidays.length }));
  return {
    holidays: [...byYear.values()].flatMap((v) => v.holidays).sort((a, b) => a.date.localeCompare(b.date)),
    firstYear,
    lastYear,
    provisionalYears,
    knownUntil: `${knownLastYear}-12-31`,
    years,
  };
}

/**
 * From when the administrator is warned that the published data runs out:
 * six months before its last day (1 July of its last year).
 */
export function knownDataEndsSoon(knownUntil: IsoDate, today: IsoDate): boolean {
  return today >= `${knownUntil.slice(0, 4)}-07-01`;
}

/** The fewest bank holidays England and Wales has had in a year: a published year with fewer is a damaged file. */
export const FEWEST_IN_A_YEAR = 8;

/**
 * Why a file fetched by the daily refresh must not replace what Heard has, or
 * null when it may. Nobody checks a fetched file by eye, so it must end no
 * earlier than the published data already held, and list a full year of bank
 * holidays for every year it covers: a shorter or half-written file changes
 * nothing. (An administrator's upload is theirs to judge, and is not held to
 * this.)
 */
export function refreshRefusal(
  file: { firstYear: number; lastYear: number; holidays: readonly BankHoliday[] },
  knownUntil: IsoDate,
): string | null {
  const knownLastYear = Number(knownUntil.slice(0, 4));
  if (file.lastYear < knownLastYear)
    return `The file ends in ${file.lastYear}, before the published bank holidays Heard already has (to ${knownLastYear})`;
  for (let y = file.firstYear; y <= file.lastYear; y++) {
    const n = file.holidays.filter((h) => h.date.startsWith(`${y}-`)).length;
    if (n < FEWEST_IN_A_YEAR)
      return `The file lists ${n} bank holiday${n === 1 ? '' : 's'} for ${y}, fewer than any real year has (${FEWEST_IN_A_YEAR})`;
  }
  return null;
}

/** Whether a file says nothing new: every year it covers is already published with the same dates and names. */
export function addsNothing(
  file: { firstYear: number; lastYear: number; holidays: readonly BankHoliday[] },
  current: Pick<HolidayYears, 'holidays' | 'provisionalYears'>,
): boolean {
  const key = (hs: readonly BankHoliday[]) =>
    hs
      .map((h) => `${h.date} ${h.title}`)
      .sort()
      .join('\n');
  for (let y = file.firstYear; y <= file.lastYear; y++) {
    if (current.provisionalYears.includes(y)) return false;
    const inYear = (hs: readonly BankHoliday[]) => hs.filter((h) => h.date.startsWith(`${y}-`));
    if (key(inYear(file.holidays)) !== key(inYear(current.holidays))) return false;
  }
  return true;
}
