import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseGovUkBankHolidays } from './bank-holidays.ts';
import { computedBankHolidays, easterSunday } from './england-and-wales-rules.ts';
import { dayOfWeek } from './iso-date.ts';

const govUk = (() => {
  const parsed = parseGovUkBankHolidays(
    JSON.parse(readFileSync(new URL('../../../data/bank-holidays-england-and-wales.json', import.meta.url), 'utf8')),
  );
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed;
})();

/**
 * GOV.UK's one-offs, which no rule gives: what GOV.UK lists that the rules do
 * not, and the usual dates the rules give that were moved that year.
 */
const ONE_OFFS: Record<number, { onlyGovUk: string[]; onlyRules: string[] }> = {
  // Queen's Diamond Jubilee (5 June) and the spring bank holiday moved to Monday 4 June.
  2012: { onlyGovUk: ['2012-06-04', '2012-06-05'], onlyRules: ['2012-05-28'] },
  // The early May bank holiday moved to Friday 8 May for the 75th anniversary of VE Day.
  2020: { onlyGovUk: ['2020-05-08'], onlyRules: ['2020-05-04'] },
  // Platinum Jubilee (3 June) with the spring bank holiday moved to Thursday 2 June; the State Funeral (19 September).
  2022: { onlyGovUk: ['2022-06-02', '2022-06-03', '2022-09-19'], onlyRules: ['2022-05-30'] },
  // The coronation of King Charles III (Monday 8 May).
  2023: { onlyGovUk: ['2023-05-08'], onlyRules: [] },
};

describe('bank holidays computed from the rules of England and Wales', () => {
  it('GOV.UK data covers 2012 to 2027', () => {
    assert.equal(govUk.firstYear, 2012);
    assert.equal(govUk.lastYear, 2027);
  });

  for (let year = 2012; year <= 2027; year++) {
    it(`reproduce GOV.UK's ${year}${ONE_OFFS[year] ? ', but for its named one-offs' : ''}`, () => {
      const published = govUk.holidays.filter((h) => h.date.startsWith(`${year}-`));
      const computed = computedBankHolidays(year);
      const dates = new Set(computed.map((h) => h.date));
      const publishedDates = new Set(published.map((h) => h.date));
      const expected = ONE_OFFS[year] ?? { onlyGovUk: [], onlyRules: [] };
      assert.deepEqual(
        published.filter((h) => !dates.has(h.date)).map((h) => h.date),
        expected.onlyGovUk,
      );
      assert.deepEqual(
        computed.filter((h) => !publishedDates.has(h.date)).map((h) => h.date),
        expected.onlyRules,
      );
      // Where the dates agree, so do the names, so a computed year reads as the published one will.
      for (const h of computed.filter((c) => publishedDates.has(c.date)))
        assert.equal(h.title, published.find((p) => p.date === h.date)!.title, h.date);
    });
  }

  // Worked out independently of this code (python-dateutil's easter() and weekday arithmetic, by hand), and
  // the Easter Sundays checked against the published tables of Easter dates (the ones issue 16 lists).
  const EASTER: Record<number, string> = {
    2028: '2028-04-16',
    2029: '2029-04-01',
    2030: '2030-04-21',
    2031: '2031-04-13',
    2032: '2032-03-28',
    2033: '2033-04-17',
    2034: '2034-04-09',
    2035: '2035-03-25',
  };
  // New Year's Day, Good Friday, Easter Monday, early May, spring, summer, then Christmas and Boxing Day in date order.
  const EXPECTED: Record<number, string[]> = {
    2028: [
      '2028-01-03',
      '2028-04-14',
      '2028-04-17',
      '2028-05-01',
      '2028-05-29',
      '2028-08-28',
      '2028-12-25',
      '2028-12-26',
    ],
    2029: [
      '2029-01-01',
      '2029-03-30',
      '2029-04-02',
      '2029-05-07',
      '2029-05-28',
      '2029-08-27',
      '2029-12-25',
      '2029-12-26',
    ],
    2030: [
      '2030-01-01',
      '2030-04-19',
      '2030-04-22',
      '2030-05-06',
      '2030-05-27',
      '2030-08-26',
      '2030-12-25',
      '2030-12-26',
    ],
    2031: [
      '2031-01-01',
      '2031-04-11',
      '2031-04-14',
      '2031-05-05',
      '2031-05-26',
      '2031-08-25',
      '2031-12-25',
      '2031-12-26',
    ],
    2032: [
      '2032-01-01',
      '2032-03-26',
      '2032-03-29',
      '2032-05-03',
      '2032-05-31',
      '2032-08-30',
      '2032-12-27',
      '2032-12-28',
    ],
    2033: [
      '2033-01-03',
      '2033-04-15',
      '2033-04-18',
      '2033-05-02',
      '2033-05-30',
      '2033-08-29',
      '2033-12-26',
      '2033-12-27',
    ],
    2034: [
      '2034-01-02',
      '2034-04-07',
      '2034-04-10',
      '2034-05-01',
      '2034-05-29',
      '2034-08-28',
      '2034-12-25',
      '2034-12-26',
    ],
    2035: [
      '2035-01-01',
      '2035-03-23',
      '2035-03-26',
      '2035-05-07',
      '2035-05-28',
      '2035-08-27',
      '2035-12-25',
      '2035-12-26',
    ],
  };
  for (let year = 2028; year <= 2035; year++) {
    it(`agree with the dates worked out independently for ${year}`, () => {
      assert.equal(easterSunday(year), EASTER[year]);
      assert.deepEqual(
        computedBankHolidays(year).map((h) => h.date),
        EXPECTED[year],
      );
    });
  }

  it('name the substitute days as GOV.UK does when Christmas falls on a Saturday or a Sunday', () => {
    // 2032: Christmas on a Saturday; 2033: on a Sunday, so Boxing Day keeps Monday 26th.
    assert.deepEqual(computedBankHolidays(2032).slice(-2), [
      { date: '2032-12-27', title: 'Christmas Day' },
      { date: '2032-12-28', title: 'Boxing Day' },
    ]);
    assert.deepEqual(computedBankHolidays(2033).slice(-2), [
      { date: '2033-12-26', title: 'Boxing Day' },
      { date: '2033-12-27', title: 'Christmas Day' },
    ]);
  });

  it('never put a bank holiday on a weekend, and give eight a year, for four centuries', () => {
    for (let year = 1900; year < 2300; year++) {
      const days = computedBankHolidays(year);
      assert.equal(new Set(days.map((h) => h.date)).size, 8, String(year));
      for (const h of days) assert.ok(![0, 6].includes(dayOfWeek(h.date)), `${h.date} ${h.title}`);
      const easter = easterSunday(year);
      assert.ok(easter >= `${year}-03-22` && easter <= `${year}-04-25`, easter);
      assert.equal(dayOfWeek(easter), 0, easter);
    }
  });

  it('refuse a year it cannot compute', () => {
    assert.throws(() => computedBankHolidays(2030.5), RangeError);
    assert.throws(() => computedBankHolidays(1800), RangeError);
  });
});
