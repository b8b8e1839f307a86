import assert from 'node:assert/strict';
import { it } from 'node:test';
import { diffRecords, hasChanges } from './changes.ts';

it('keeps only the fields that changed', () => {
  const changes = diffRecords(
    { team: 'A', type: 'complaint', note: null },
    { team: 'B', type: 'complaint', note: null },
  );
  assert.deepEqual(changes, { before: { team: 'A' }, after: { team: 'B' } });
  assert.equal(hasChanges(changes), true);
});

it('treats missing and null alike, and compares nested values', () => {
  assert.equal(hasChanges(diffRecords({ a: null }, {})), false);
  assert.deepEqual(diffRecords({ themes: ['x'] }, { themes: ['x', 'y'] }), {
    before: { themes: ['x'] },
    after: { themes: ['x', 'y'] },
  });
});

it('a creation has only an after side', () => {
  assert.deepEqual(diffRecords(null, { a: 1 }), { before: {}, after: { a: 1 } });
});
