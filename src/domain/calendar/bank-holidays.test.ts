import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGovUkBankHolidays } from './bank-holidays.ts';

describe('reading GOV.UK bank-holidays.json', () => {
  it('keeps England and Wales, sorted, with the years covered', () => {
    const result = parseGovUkBankHolidays({
      'england-and-wales': {
        division: 'england-and-wales',
        events: [
          { date: '2028-12-25', title: 'Christmas Day', notes: '', bunting: true },
          { date: '2028-01-03', title: 'New Year’s Day', notes: 'Substitute day', bunting: true },
        ],
      },
      scotland: { events: [{ date: '2028-01-04', title: '2nd January' }] },
    });
    assert.deepEqual(result, {
      ok: true,
      holidays: [
        { date: '2028-01-03', title: 'New Year’s Day' },
        { date: '2028-12-25', title: 'Christmas Day' },
      ],
      firstYear: 2028,
      lastYear: 2028,
    });
  });
  it('refuses a malformed file whole, listing every problem', () => {
    const result = parseGovUkBankHolidays({
      'england-and-wales': {
        events: [
          { date: '2028-02-30', title: 'Bad' },
          { date: '2028-05-01' },
          { date: '2028-05-29', title: 'Spring' },
          { date: '2028-05-29', title: 'Spring again' },
        ],
      },
    });
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems, [
      'Event 1 has no real date (found "2028-02-30")',
      'Event 2 (2028-05-01) has no title',
      '2028-05-29 appears twice',
    ]);
    assert.deepEqual(parseGovUkBankHolidays({ scotland: {} }), {
      ok: false,
      problems: ['The file has no "england-and-wales" division'],
    });
    assert.deepEqual(parseGovUkBankHolidays(null), {
      ok: false,
      problems: ['The file has no "england-and-wales" division'],
    });
    assert.deepEqual(parseGovUkBankHolidays({ 'england-and-wales': { events: [] } }), {
      ok: false,
      problems: ['The file lists no bank holidays'],
    });
  });
});
