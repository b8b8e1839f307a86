import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPeriod } from './period.ts';

describe('migrated cases in a report page’s choices', () => {
  const now = new Date('2024-06-01T12:00:00Z');
  it('count by default, and in old links that asked to include them', () => {
    for (const query of [{}, { migrated: 'include' }, { migrated: 'nonsense' }]) {
      const p = readPeriod(query, now);
      assert.equal(p.options.excludeMigratedFromTimescales, false, JSON.stringify(query));
      assert.match(p.search, /migrated=include/);
    }
  });
  it('are all left out when asked', () => {
    const p = readPeriod({ migrated: 'exclude' }, now);
    assert.equal(p.options.excludeMigratedFromTimescales, true);
    assert.match(p.search, /migrated=exclude/);
  });
});
