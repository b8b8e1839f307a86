import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addsNothing, holidayYears, knownDataEndsSoon, refreshRefusal, type HolidaySet } from './holiday-years.ts';
import { computedBankHolidays } from './england-and-wales-rules.ts';
import { createWorkingDayCalendar } from './working-days.ts';

const shipped: HolidaySet = {
  firstYear: 2026,
  lastYear: 2027,
  source: { kind: 'shipped' },
  holidays: [
    { date: '2026-12-25', title: 'Christmas Day' },
    { date: '2026-12-28', title: 'Boxing Day' },
    { date: '2027-12-27', title: 'Christmas Day' },
    { date: '2027-12-28', title: 'Boxing Day' },
  ],
};

describe('the years of bank holidays the calendar answers for', () => {
  it('computes the years past the published data, marked provisional', () => {
    const y = holidayYears([shipped], 2030);
    assert.equal(y.firstYear, 2026);
    assert.equal(y.lastYear, 2030);
    assert.deepEqual(y.provisionalYears, [2028, 2029, 2030]);
    assert.equal(y.knownUntil, '2027-12-31');
    assert.deepEqual(
      y.years.map((r) => [r.year, r.source.kind, r.count]),
      [
        [2026, 'shipped', 2],
        [2027, 'shipped', 2],
        [2028, 'computed', 8],
        [2029, 'computed', 8],
        [2030, 'computed', 8],
      ],
    );
    assert.ok(y.holidays.some((h) => h.date === '2028-04-14' && h.title === 'Good Friday'));
  });

  it('a loaded file replaces the computed years it covers, one-offs and all', () => {
    const loadedAt = new Date('2027-07-01T09:00:00Z');
    const loaded: HolidaySet = {
      firstYear: 2027,
      lastYear: 2028,
      source: { kind: 'loaded', id: 'x', fileName: 'bank-holidays.json', loadedAt, via: 'refresh' },
      holidays: [
        { date: '2027-12-27', title: 'Christmas Day' },
        { date: '2027-12-28', title: 'Boxing Day' },
        { date: '2028-04-14', title: 'Good Friday' },
        { date: '2028-06-05', title: 'An extra bank holiday' },
      ],
    };
    const y = holidayYears([shipped, loaded], 2029);
    assert.deepEqual(y.provisionalYears, [2029]);
    assert.equal(y.knownUntil, '2028-12-31');
    assert.deepEqual(
      y.holidays.filter((h) => h.date.startsWith('2028')),
      [
        { date: '2028-04-14', title: 'Good Friday' },
        { date: '2028-06-05', title: 'An extra bank holiday' },
      ],
    );
    assert.deepEqual(
      y.years.map((r) => r.source.kind),
      ['shipped', 'loaded', 'loaded', 'computed'],
    );
  });

  it('fills a gap between published years from the rules', () => {
    const later: HolidaySet = {
      firstYear: 2029,
      lastYear: 2029,
      source: { kind: 'loaded', id: 'y', fileName: null, loadedAt: new Date(0), via: 'upload' },
      holidays: [{ date: '2029-01-01', title: 'New Year’s Day' }],
    };
    const y = holidayYears([shipped, later], 2029);
    assert.deepEqual(y.provisionalYears, [2028]);
    assert.equal(y.knownUntil, '2029-12-31');
  });

  it('warns six months before the published data ends', () => {
    assert.equal(knownDataEndsSoon('2027-12-31', '2027-06-30'), false);
    assert.equal(knownDataEndsSoon('2027-12-31', '2027-07-01'), true);
    assert.equal(knownDataEndsSoon('2027-12-31', '2028-02-01'), true);
    assert.equal(knownDataEndsSoon('2027-12-31', '2026-12-01'), false);
  });
});

describe('a calendar with computed years', () => {
  const y = holidayYears([shipped], 2029);
  const cal = createWorkingDayCalendar({
    bankHolidays: y.holidays,
    firstYear: y.firstYear,
    lastYear: y.lastYear,
    provisionalYears: y.provisionalYears,
  });

  it('counts across the computed holidays instead of refusing the date', () => {
    // Good Friday 14 April and Easter Monday 17 April 2028 are computed.
    assert.equal(cal.addWorkingDays('2028-04-12', 2), '2028-04-18');
    assert.equal(cal.whyNotWorking('2028-04-17'), 'Easter Monday');
  });

  it('says which dates and spans are provisional', () => {
    assert.equal(cal.isProvisional('2027-12-31'), false);
    assert.equal(cal.isProvisional('2028-01-03'), true);
    assert.equal(cal.provisionalBetween('2027-10-01', '2027-12-31'), false);
    assert.equal(cal.provisionalBetween('2027-10-01', '2028-01-05'), true);
    assert.deepEqual(cal.provisionalYears, [2028, 2029]);
    const skipped = cal.nonWorkingWeekdaysBetween('2027-12-20', '2028-01-10');
    assert.deepEqual(
      skipped.map((s) => [s.date, s.provisional ?? false]),
      [
        ['2027-12-27', false],
        ['2027-12-28', false],
        ['2028-01-03', true],
      ],
    );
  });

  it('still refuses a date past the computed years', () => {
    assert.throws(() => cal.addWorkingDays('2030-01-02', 1), /outside the years/);
  });
});

describe('what the daily refresh may load', () => {
  const full = (years: number[]) => ({
    firstYear: years[0]!,
    lastYear: years[years.length - 1]!,
    holidays: years.flatMap((y) => computedBankHolidays(y)),
  });

  it('a whole file that reaches at least as far as the published data', () => {
    assert.equal(refreshRefusal(full([2027, 2028]), '2027-12-31'), null);
    assert.equal(refreshRefusal(full([2027]), '2027-12-31'), null);
  });

  it('not one that ends earlier', () => {
    assert.match(refreshRefusal(full([2025, 2026]), '2027-12-31')!, /ends in 2026, before .* \(to 2027\)/);
  });

  it('not one with a year cut short', () => {
    const file = full([2027, 2028]);
    const cut = { ...file, holidays: file.holidays.filter((h) => h.date < '2028-06-01') };
    assert.match(refreshRefusal(cut, '2027-12-31')!, /lists 5 bank holidays for 2028/);
  });

  it('a file that says nothing new is not stored again; one that covers a computed year is', () => {
    const current = holidayYears([{ ...full([2026, 2027]), source: { kind: 'shipped' } }], 2029);
    assert.equal(addsNothing(full([2026, 2027]), current), true);
    assert.equal(addsNothing(full([2027, 2028]), current), false, '2028 was computed');
    const renamed = full([2027]);
    renamed.holidays[0] = { ...renamed.holidays[0]!, title: 'New Year’s Day (moved)' };
    assert.equal(addsNothing(renamed, current), false);
  });
});
