/**
 * Calendar dates are ISO strings (YYYY-MM-DD) in Europe/London. They are never
 * turned into local-time Date objects, so no time zone or daylight-saving
 * change can move a date; arithmetic is done on UTC midnights.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Days since 1970-01-01 for an ISO date: the one integer all date arithmetic uses. */
export function toDayNumber(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  // 1970-01-01 was a Thursday; the second % keeps days before 1970 in 0..6 too.
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

/** Made once: making an Intl.DateTimeFormat costs about as much as a hundred uses of one. */
const LONDON_DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Europe/London at an instant. The clock gives instants; cases use dates. */
export function londonDate(instant: Date): IsoDate {
  const parts = LONDON_DAY.formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "14 March 2024", the GOV.UK style for dates. */
export function formatLongDate(date: IsoDate): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** A month given as "2024-03": "March 2024", or "Mar 2024" where space is short (chart axes). */
export function formatMonth(month: string, style: 'long' | 'short' = 'long'): string {
  const name = MONTHS[Number(month.slice(5, 7)) - 1]!;
  return `${style === 'short' ? name.slice(0, 3) : name} ${month.slice(0, 4)}`;
}

/** The financial year (1 April – 31 March) a date falls in, named by its starting year. */
export function financialYearStart(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? y : y - 1;
}

/** The first and last days of the financial year that starts in April of `startYear`. */
export function financialYearDates(startYear: number): { from: IsoDate; to: IsoDate } {
  return { from: `${startYear}-04-01`, to: `${startYear + 1}-03-31` };
}

/** Whether a period is exactly one financial year (1 April to 31 March). */
export function isFinancialYear(from: IsoDate, to: IsoDate): boolean {
  const fy = financialYearDates(financialYearStart(from));
  return from === fy.from && to === fy.to;
}

export function financialYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}
