import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addCalendarDays, dayOfWeek, fromDayNumber, toDayNumber } from './iso-date.ts';
import { shippedTestCalendar } from '../../../test/support/calendar.ts';
import { CalendarRangeError, createWorkingDayCalendar, InvalidDateError } from './working-days.ts';

const cal = shippedTestCalendar();

describe('adding working days (the day received is day 0)', () => {
  // [what, start, working days, expected]
  const table: [string, string, number, string][] = [
    ['an ordinary week', '2024-06-03', 3, '2024-06-06'],
    ['over a weekend', '2024-06-06', 3, '2024-06-11'],
    ['zero days is the day itself', '2024-06-03', 0, '2024-06-03'],
    ['from a Saturday', '2024-06-01', 1, '2024-06-03'],
    ['from a bank holiday', '2024-05-27', 1, '2024-05-28'],
    ['Christmas 2021 with substitute days (27 and 28 December, 3 January)', '2021-12-23', 10, '2022-01-11'],
    ['Christmas 2021, 3 days', '2021-12-23', 3, '2021-12-30'],
    ['Christmas 2020: Boxing Day substitute on Monday 28th', '2020-12-24', 1, '2020-12-29'],
    ['Christmas 2022: Christmas substitute on Tuesday 27th', '2022-12-23', 1, '2022-12-28'],
    ['New Year 2023 substitute on Monday 2 January', '2022-12-30', 1, '2023-01-03'],
    ['year end 2023 into 2024', '2023-12-22', 3, '2023-12-29'],
    ['year end 2023 into 2024, across New Year', '2023-12-22', 5, '2024-01-03'],
    ['Easter 2024 (Good Friday 29 March, Easter Monday 1 April)', '2024-03-27', 10, '2024-04-12'],
    ['Easter 2024, one day', '2024-03-28', 1, '2024-04-02'],
    ['Platinum Jubilee 2022 (2 and 3 June)', '2022-06-01', 1, '2022-06-06'],
    ['Platinum Jubilee 2022, 10 days', '2022-06-01', 10, '2022-06-17'],
    ['State Funeral of Queen Elizabeth II (19 September 2022)', '2022-09-16', 1, '2022-09-20'],
    ['State Funeral, 3 days', '2022-09-16', 3, '2022-09-22'],
    ['Coronation of King Charles III (8 May 2023)', '2023-05-05', 1, '2023-05-09'],
    ['leap day is a working day', '2024-02-28', 1, '2024-02-29'],
    ['no leap day in 2023', '2023-02-28', 1, '2023-03-01'],
    ['Stage 1: 28 February 2024 plus 10', '2024-02-28', 10, '2024-03-13'],
    ['Stage 2: 25 days across Easter 2023', '2023-03-20', 25, '2023-04-26'],
    ['Stage 2 cap: 65 days (21 in January, 21 in February, 20 in March)', '2024-01-02', 65, '2024-04-04'],
  ];
  for (const [what, start, n, expected] of table) {
    it(what, () => assert.equal(cal.addWorkingDays(start, n), expected));
  }
});

describe('counting working days between two dates', () => {
  const table: [string, string, string, number][] = [
    ['same day', '2024-06-03', '2024-06-03', 0],
    ['backwards is zero', '2024-06-10', '2024-06-03', 0],
    ['a week', '2024-06-03', '2024-06-10', 5],
    ['around the Coronation', '2023-04-28', '2023-05-12', 8],
    ['Christmas 2022 to New Year 2023', '2022-12-23', '2023-01-03', 4],
    ['a whole year 2023: 260 weekdays less 9 bank holidays', '2022-12-31', '2023-12-31', 251],
    ['a whole leap year 2024', '2023-12-31', '2024-12-31', 254],
  ];
  for (const [what, from, to, n] of table) {
    it(what, () => assert.equal(cal.workingDaysBetween(from, to), n));
  }
});

describe('what is not a working day, and why', () => {
  it('names bank holidays and weekends', () => {
    assert.equal(cal.whyNotWorking('2022-06-03'), 'Platinum Jubilee bank holiday');
    assert.equal(cal.whyNotWorking('2022-09-19'), 'Bank Holiday for the State Funeral of Queen Elizabeth II');
    assert.equal(cal.whyNotWorking('2023-05-08'), 'Bank holiday for the coronation of King Charles III');
    assert.equal(cal.whyNotWorking('2024-06-01'), 'Saturday');
    assert.equal(cal.whyNotWorking('2024-06-02'), 'Sunday');
    assert.equal(cal.whyNotWorking('2024-06-03'), null);
  });
  it('lists the bank holidays and closure days skipped in a period', () => {
    assert.deepEqual(
      cal.nonWorkingWeekdaysBetween('2024-03-27', '2024-04-12').map((d) => [d.date, d.name]),
      [
        ['2024-03-29', 'Good Friday'],
        ['2024-04-01', 'Easter Monday'],
      ],
    );
  });
});

describe('council closure days', () => {
  const closures = shippedTestCalendar([
    { date: '2024-12-27', description: 'Council closed' },
    { date: '2024-12-30', description: 'Council closed' },
    { date: '2024-12-31', description: 'Council closed' },
  ]);
  it('skips them like bank holidays', () => {
    assert.equal(cal.addWorkingDays('2024-12-23', 3), '2024-12-30');
    assert.equal(closures.addWorkingDays('2024-12-23', 3), '2025-01-03');
    assert.equal(closures.whyNotWorking('2024-12-30'), 'Council closed');
    assert.deepEqual(
      closures.nonWorkingWeekdaysBetween('2024-12-23', '2025-01-03').map((d) => d.kind),
      ['bank_holiday', 'bank_holiday', 'closure_day', 'closure_day', 'closure_day', 'bank_holiday'],
    );
  });
});

describe('outside the years it knows', () => {
  it('is an explicit error, never a guess', () => {
    assert.equal(cal.first, '2012-01-01');
    assert.equal(cal.last, '2027-12-31');
    assert.throws(() => cal.addWorkingDays('2011-12-30', 1), CalendarRangeError);
    assert.throws(() => cal.isWorkingDay('2028-01-04'), CalendarRangeError);
    assert.throws(() => cal.addWorkingDays('2027-12-20', 30), CalendarRangeError);
    assert.throws(() => cal.workingDaysBetween('2024-01-01', '2030-01-01'), /outside the years/);
  });
  it('refuses dates that are not real', () => {
    assert.throws(() => cal.addWorkingDays('2023-02-29', 1), InvalidDateError);
    assert.throws(() => cal.addWorkingDays('2024-06-03', -1), RangeError);
    assert.throws(() => cal.addWorkingDays('2024-06-03', 1.5), RangeError);
    // The dates are looked up by their text: names every object has are not dates either.
    for (const bad of [
      '2023-13-01',
      '2023-00-10',
      '2023-04-31',
      '2023-4-1',
      '2023-04-1x',
      '20230401',
      '',
      'toString',
      '__proto__',
      'constructor',
      'hasOwnProperty',
    ])
      assert.throws(() => cal.dayIndex(bad), InvalidDateError, bad);
    // Whose text is a date, but which are not strings.
    for (const bad of [['2024-06-03'], new String('2024-06-03'), { toString: () => '2024-06-03' }])
      assert.throws(() => cal.dayIndex(bad as unknown as string), InvalidDateError, String(bad));
  });
});

describe("on the calendar's day numbers (the clock engine's hot path)", () => {
  it('answer as the date methods do', () => {
    const i = cal.dayIndex('2021-12-23');
    assert.equal(cal.dateAt(i), '2021-12-23');
    assert.equal(cal.dateAt(cal.addWorkingDaysAt(i, 10)), '2022-01-11');
    assert.equal(cal.dateAt(cal.addWorkingDaysAt(cal.dayIndex('2024-06-01'), 0)), '2024-06-01', 'day 0 is the day');
    assert.equal(cal.workingDaysBetweenAt(i, cal.dayIndex('2022-01-11')), 10);
    assert.equal(cal.workingDaysBetweenAt(cal.dayIndex('2022-01-11'), i), 0, 'backwards counts none');
    assert.equal(cal.dayIndex('2012-01-01'), 0);
    assert.equal(cal.dateAt(cal.dayIndex('2027-12-31')), '2027-12-31');
    assert.throws(() => cal.addWorkingDaysAt(cal.dayIndex('2027-12-20'), 30), CalendarRangeError);
    assert.throws(() => cal.dateAt(-1), CalendarRangeError);
  });
});

describe('properties, checked on thousands of random cases', () => {
  const dateArb = fc.integer({ min: toDayNumber('2012-01-01'), max: toDayNumber('2026-12-31') }).map(fromDayNumber);

  it('adding n working days then counting back gives n', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 250 }),
        (d, n) => cal.workingDaysBetween(d, cal.addWorkingDays(d, n)) === n,
      ),
      { numRuns: 5000 },
    );
  });

  it('a due date is never a non-working day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 250 }), (d, n) => cal.isWorkingDay(cal.addWorkingDays(d, n))),
      { numRuns: 5000 },
    );
  });

  it('more days is always later', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 50 }),
        (d, n, k) => cal.addWorkingDays(d, n + k) > cal.addWorkingDays(d, n),
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with counting day by day', () => {
    const file = JSON.parse(
      readFileSync(new URL('../../../data/bank-holidays-england-and-wales.json', import.meta.url), 'utf8'),
    ) as { 'england-and-wales': { events: { date: string }[] } };
    const holidays = new Set(file['england-and-wales'].events.map((e) => e.date));
    const naiveAdd = (d: string, n: number) => {
      let day = d;
      let left = n;
      while (left > 0) {
        day = addCalendarDays(day, 1);
        const w = dayOfWeek(day);
        if (w !== 0 && w !== 6 && !holidays.has(day)) left--;
      }
      return day;
    };
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 120 }), (d, n) => cal.addWorkingDays(d, n) === naiveAdd(d, n)),
      { numRuns: 2000 },
    );
  });
});

describe('a calendar built from explicit data', () => {
  it('needs holidays or a range of years', () => {
    assert.throws(() => createWorkingDayCalendar({ bankHolidays: [] }), /needs bank holidays/);
    const plain = createWorkingDayCalendar({ bankHolidays: [], firstYear: 2030, lastYear: 2030 });
    assert.equal(plain.addWorkingDays('2030-01-04', 1), '2030-01-07');
  });
});
