import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addCalendarDays,
  dayOfWeek,
  financialYearDates,
  financialYearLabel,
  financialYearStart,
  formatLongDate,
  isFinancialYear,
  formatMonth,
  fromDayNumber,
  isIsoDate,
  londonDate,
  toDayNumber,
} from './iso-date.ts';

describe('ISO calendar dates', () => {
  it('accepts only real dates', () => {
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2023-02-29'), false);
    assert.equal(isIsoDate('2024-13-01'), false);
    assert.equal(isIsoDate('2024-1-01'), false);
    assert.equal(isIsoDate(20240101), false);
  });
  it('day numbers round-trip', () => {
    for (const d of ['1970-01-01', '2000-02-29', '2024-03-31', '2027-12-31'])
      assert.equal(fromDayNumber(toDayNumber(d)), d);
  });
  it('knows the day of the week', () => {
    assert.equal(dayOfWeek('2024-03-29'), 5); // Good Friday 2024
    assert.equal(dayOfWeek('2023-05-08'), 1); // Coronation bank holiday, a Monday
    assert.equal(dayOfWeek('1969-12-31'), 3); // before 1970 too: a Wednesday, not -1
    assert.equal(dayOfWeek('1900-04-15'), 0); // Easter Sunday 1900
  });
  it('adds calendar days across month, year and leap days', () => {
    assert.equal(addCalendarDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addCalendarDays('2023-12-31', 1), '2024-01-01');
    assert.equal(addCalendarDays('2024-03-01', -1), '2024-02-29');
  });
  it('gives the London date of an instant, across the clock change', () => {
    assert.equal(londonDate(new Date('2024-03-30T23:30:00Z')), '2024-03-30'); // GMT
    assert.equal(londonDate(new Date('2024-06-30T23:30:00Z')), '2024-07-01'); // BST: already tomorrow in London
  });
  it('formats dates the GOV.UK way and names financial years', () => {
    assert.equal(formatLongDate('2024-03-04'), '4 March 2024');
    assert.equal(formatMonth('2024-03'), 'March 2024');
    assert.equal(formatMonth('2023-12', 'short'), 'Dec 2023');
    assert.equal(financialYearStart('2024-03-31'), 2023);
    assert.equal(financialYearStart('2024-04-01'), 2024);
    assert.equal(financialYearLabel(2023), '2023/24');
    assert.equal(financialYearLabel(2099), '2099/00');
  });
});

describe('financial years', () => {
  it('run 1 April to 31 March, and only those dates are one', () => {
    assert.deepEqual(financialYearDates(2023), { from: '2023-04-01', to: '2024-03-31' });
    assert.equal(isFinancialYear('2023-04-01', '2024-03-31'), true);
    assert.equal(isFinancialYear('2023-04-02', '2024-03-31'), false);
    assert.equal(isFinancialYear('2023-01-01', '2023-12-31'), false);
  });
});
