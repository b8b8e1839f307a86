import { addCalendarDays, dayOfWeek, type IsoDate } from './iso-date.ts';
import type { BankHoliday } from './bank-holidays.ts';

/**
 * The usual bank holidays of England and Wales, computed for a year GOV.UK
 * has not published yet: New Year's Day, Good Friday, Easter Monday, the early
 * May, spring and summer bank holidays, Christmas Day and Boxing Day, with a
 * substitute weekday when one falls at a weekend (Banking and Financial
 * Dealings Act 1971, Schedule 1, and the royal proclamations that fix New
 * Year's Day and the early May holiday each year).
 *
 * One-off holidays (a jubilee, a coronation, a state funeral) and moved ones
 * (the early May holiday for VE Day in 2020, the spring holiday in 2012 and
 * 2022) are proclaimed case by case and cannot be computed: they are only in
 * GOV.UK's data, which is why that stays the source for any year it covers and
 * computed years are marked provisional.
 *
 * Titles are GOV.UK's own words, so a computed year reads the same as the
 * published one that later replaces it.
 */
export function computedBankHolidays(year: number): BankHoliday[] {
  if (!Number.isInteger(year) || year < 1900 || year > 9999)
    throw new RangeError(`Bank holidays are computed for whole years from 1900 to 9999, not ${year}`);
  const easter = easterSunday(year);
  const out: BankHoliday[] = [
    { date: mondayIfWeekend(iso(year, 1, 1)), title: 'New Year’s Day' },
    { date: addCalendarDays(easter, -2), title: 'Good Friday' },
    { date: addCalendarDays(easter, 1), title: 'Easter Monday' },
    { date: firstMonday(year, 5), title: 'Early May bank holiday' },
    { date: lastMonday(year, 5), title: 'Spring bank holiday' },
    { date: lastMonday(year, 8), title: 'Summer bank holiday' },
    ...christmas(year),
  ];
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Easter Sunday in the Gregorian calendar: the "anonymous Gregorian
 * algorithm" (Meeus, Astronomical Algorithms, ch. 8; first published in
 * Nature, 1876), exact for every Gregorian year.
 */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/**
 * Christmas Day and Boxing Day. When one falls at a weekend the next free
 * weekday is its substitute; GOV.UK names them so that Boxing Day keeps the
 * 26th when that is a Monday (Christmas on a Sunday gives Boxing Day on
 * Monday 26th and Christmas Day's substitute on Tuesday 27th).
 */
function christmas(year: number): BankHoliday[] {
  const dow = dayOfWeek(iso(year, 12, 25));
  if (dow === 6)
    return [
      { date: iso(year, 12, 27), title: 'Christmas Day' },
      { date: iso(year, 12, 28), title: 'Boxing Day' },
    ];
  if (dow === 0)
    return [
      { date: iso(year, 12, 26), title: 'Boxing Day' },
      { date: iso(year, 12, 27), title: 'Christmas Day' },
    ];
  if (dow === 5)
    return [
      { date: iso(year, 12, 25), title: 'Christmas Day' },
      { date: iso(year, 12, 28), title: 'Boxing Day' },
    ];
  return [
    { date: iso(year, 12, 25), title: 'Christmas Day' },
    { date: iso(year, 12, 26), title: 'Boxing Day' },
  ];
}

function mondayIfWeekend(date: IsoDate): IsoDate {
  const dow = dayOfWeek(date);
  return dow === 6 ? addCalendarDays(date, 2) : dow === 0 ? addCalendarDays(date, 1) : date;
}

function firstMonday(year: number, month: number): IsoDate {
  const first = iso(year, month, 1);
  return addCalendarDays(first, (8 - dayOfWeek(first)) % 7);
}

function lastMonday(year: number, month: number): IsoDate {
  const last = addCalendarDays(month === 12 ? iso(year + 1, 1, 1) : iso(year, month + 1, 1), -1);
  return addCalendarDays(last, -((dayOfWeek(last) + 6) % 7));
}

function iso(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
