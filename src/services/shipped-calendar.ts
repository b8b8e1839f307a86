import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGovUkBankHolidays, type BankHoliday } from '../domain/calendar/bank-holidays.ts';
import { COMPUTED_YEARS_AHEAD, holidayYears } from '../domain/calendar/holiday-years.ts';
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../domain/calendar/working-days.ts';

export const SHIPPED_BANK_HOLIDAYS_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'data',
  'bank-holidays-england-and-wales.json',
);

/** The England and Wales bank holidays that ship with Heard (GOV.UK's file, 2012 onwards). */
export function shippedBankHolidays(): { holidays: BankHoliday[]; firstYear: number; lastYear: number } {
  const parsed = parseGovUkBankHolidays(JSON.parse(readFileSync(SHIPPED_BANK_HOLIDAYS_FILE, 'utf8')));
  if (!parsed.ok) throw new Error(`The shipped bank holidays file is not valid: ${parsed.problems.join('; ')}`);
  return parsed;
}

/**
 * The calendar from the shipped file alone, with the years after it computed
 * from the rules (provisional) up to `computeUntilYear`: by default ten years
 * past the file, so demo data made near its end still has due dates.
 */
export function shippedCalendar(
  closureDays: { date: string; description: string }[] = [],
  computeUntilYear?: number,
): WorkingDayCalendar {
  const shipped = shippedBankHolidays();
  const years = holidayYears(
    [{ ...shipped, source: { kind: 'shipped' } }],
    computeUntilYear ?? shipped.lastYear + COMPUTED_YEARS_AHEAD,
  );
  return createWorkingDayCalendar({
    bankHolidays: years.holidays,
    closureDays,
    firstYear: years.firstYear,
    lastYear: years.lastYear,
    provisionalYears: years.provisionalYears,
  });
}
