import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RETENTION_YEARS, disposalDate, REMOVED_MARKER, retentionYears } from './schedule.ts';
import { scrubAuditValue } from './scrub.ts';

describe('the retention schedule', () => {
  const rules = [
    { caseType: 'complaint' as const, outcome: null, years: 8 },
    { caseType: 'complaint' as const, outcome: 'upheld' as const, years: 10 },
  ];
  it('takes the rule for the outcome, else the type’s, else six years', () => {
    assert.equal(retentionYears(rules, 'complaint', 'upheld'), 10);
    assert.equal(retentionYears(rules, 'complaint', 'not_upheld'), 8);
    assert.equal(retentionYears(rules, 'complaint', null), 8);
    assert.equal(retentionYears(rules, 'compliment', null), DEFAULT_RETENTION_YEARS);
    assert.equal(DEFAULT_RETENTION_YEARS, 6);
  });
  it('falls due the same date the years later, 29 February on 1 March', () => {
    assert.equal(disposalDate('2019-05-01', 6), '2025-05-01');
    assert.equal(disposalDate('2020-02-29', 1), '2021-03-01');
    assert.equal(disposalDate('2020-02-29', 4), '2024-02-29');
  });
});

describe('removing personal values from an audit entry', () => {
  it('replaces every text but dates, ids and the case facts, keeping keys, numbers and booleans', () => {
    const id = '0b6f1f8e-3d1c-4c47-9a55-2f1e1d1c1b1a';
    assert.deepEqual(
      scrubAuditValue({
        personName: 'Sam Smith',
        email: 'sam@example.com',
        receivedOn: '2024-05-01',
        at: '2024-05-01T09:00:00.000Z',
        teamId: id,
        status: 'closed',
        type: 'complaint',
        amountPence: 5000,
        lookedAfter: true,
        note: null,
        themes: ['Contact with Sam'],
        nested: { subject: 'About Sam' },
      }),
      {
        personName: REMOVED_MARKER,
        email: REMOVED_MARKER,
        receivedOn: '2024-05-01',
        at: '2024-05-01T09:00:00.000Z',
        teamId: id,
        status: 'closed',
        type: 'complaint',
        amountPence: 5000,
        lookedAfter: true,
        note: null,
        themes: [REMOVED_MARKER],
        nested: { subject: REMOVED_MARKER },
      },
    );
  });
});
