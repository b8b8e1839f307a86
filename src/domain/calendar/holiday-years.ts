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
