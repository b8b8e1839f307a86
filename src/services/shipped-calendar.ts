import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGovUkBankHolidays, type BankHoliday } from '../domain/calendar/bank-holidays.ts';
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

export function shippedCalendar(closureDays: { date: string; description: string }[] = []): WorkingDayCalendar {
  const { holidays, firstYear, lastYear } = shippedBankHolidays();
  return createWorkingDayCalendar({ bankHolidays: holidays, closureDays, firstYear, lastYear });
}
