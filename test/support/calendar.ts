import { readFileSync } from 'node:fs';
import { parseGovUkBankHolidays } from '../../src/domain/calendar/bank-holidays.ts';
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../../src/domain/calendar/working-days.ts';

/** Test helper: the calendar from the bank holidays file Heard ships (read here, in a test file, not in domain code). */
export function shippedTestCalendar(closureDays: { date: string; description: string }[] = []): WorkingDayCalendar {
  const parsed = parseGovUkBankHolidays(
    JSON.parse(readFileSync(new URL('../../data/bank-holidays-england-and-wales.json', import.meta.url), 'utf8')),
  );
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return createWorkingDayCalendar({
    bankHolidays: parsed.holidays,
    closureDays,
    firstYear: parsed.firstYear,
    lastYear: parsed.lastYear,
  });
}
