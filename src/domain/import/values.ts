import { isIsoDate, type IsoDate } from '../calendar/iso-date.ts';

/**
 * Reading the values legacy exports contain: dates as 2024-03-31, 31/03/2024
 * or 31/03/24; yes/no in several spellings; money with or without a £.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseDate(raw: string): Parsed<IsoDate | null> {
  const v = raw.trim();
  if (!v) return { ok: true, value: null };
  let iso: string | null = null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(v);
  if (m) iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(v);
  if (m) {
    const year = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
    iso = `${year}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  }
  if (!iso || !isIsoDate(iso)) return { ok: false, message: `"${v}" is not a date: use 2024-03-31 or 31/03/2024` };
  return { ok: true, value: iso };
}

export function parseYesNo(raw: string): Parsed<boolean | null> {
  const v = raw.trim().toLowerCase();
  if (!v) return { ok: true, value: null };
  if (['yes', 'y', 'true', '1'].includes(v)) return { ok: true, value: true };
  if (['no', 'n', 'false', '0'].includes(v)) return { ok: true, value: false };
  return { ok: false, message: `"${raw.trim()}" is not yes or no` };
}

/** Pounds to pence, exactly: "£1,250.50" is 125050. */
export function parsePounds(raw: string): Parsed<number | null> {
  const v = raw.trim().replace(/^£/, '').replace(/,/g, '');
  if (!v) return { ok: true, value: null };
  if (!/^\d+(\.\d{1,2})?$/.test(v))
    return { ok: false, message: `"${raw.trim()}" is not an amount in pounds, like 250 or 1,250.50` };
  const [whole, frac = ''] = v.split('.');
  return { ok: true, value: Number(whole) * 100 + Number(frac.padEnd(2, '0')) };
}

/** "a; b;c" → ["a", "b", "c"]. */
export function splitList(raw: string, separator = ';'): string[] {
  return raw
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Labels compare without case, spaces or punctuation: "Child Protection Plan" = "child-protection plan". */
export function labelKey(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '');
}
