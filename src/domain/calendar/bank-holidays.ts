import { isIsoDate, type IsoDate } from './iso-date.ts';

/**
 * Reads the GOV.UK bank-holidays.json shape (https://www.gov.uk/bank-holidays.json)
 * and keeps the England and Wales division. A file that is not that shape is
 * refused whole, with every problem listed, so a bad upload changes nothing.
 */
export interface BankHoliday {
  date: IsoDate;
  title: string;
}

export type ParseResult =
  { ok: true; holidays: BankHoliday[]; firstYear: number; lastYear: number } | { ok: false; problems: string[] };

export function parseGovUkBankHolidays(json: unknown): ParseResult {
  const problems: string[] = [];
  const division = (json as Record<string, unknown> | null)?.['england-and-wales'] as { events?: unknown } | undefined;
  if (!division || typeof division !== 'object')
    return { ok: false, problems: ['The file has no "england-and-wales" division'] };
  if (!Array.isArray(division.events)) return { ok: false, problems: ['"england-and-wales" has no list of "events"'] };
  const holidays: BankHoliday[] = [];
  const seen = new Set<string>();
  division.events.forEach((event: unknown, i: number) => {
    const e = event as { date?: unknown; title?: unknown } | null;
    if (!e || typeof e !== 'object') return problems.push(`Event ${i + 1} is not an object`);
    if (!isIsoDate(e.date)) return problems.push(`Event ${i + 1} has no real date (found ${JSON.stringify(e.date)})`);
    if (typeof e.title !== 'string' || !e.title.trim()) return problems.push(`Event ${i + 1} (${e.date}) has no title`);
    if (seen.has(e.date)) return problems.push(`${e.date} appears twice`);
    seen.add(e.date);
    holidays.push({ date: e.date, title: e.title.trim() });
  });
  if (holidays.length === 0 && problems.length === 0) problems.push('The file lists no bank holidays');
  if (problems.length) return { ok: false, problems };
  holidays.sort((a, b) => a.date.localeCompare(b.date));
  const years = holidays.map((h) => Number(h.date.slice(0, 4)));
  return { ok: true, holidays, firstYear: Math.min(...years), lastYear: Math.max(...years) };
}
