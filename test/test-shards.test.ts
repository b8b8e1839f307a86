import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
// @ts-expect-error -- a plain JavaScript script of the test runner, with no types
import { planShards } from '../scripts/test-shards.mjs';

const plan = planShards as (files: string[], count: number, timings?: Record<string, number>) => string[][];

describe('spreading test files over shared processes', () => {
  it('puts the longest files first, each on the least loaded process, so the processes end together', () => {
    const timings = { 'a.int.test.ts': 50_000, 'b.int.test.ts': 30_000, 'c.int.test.ts': 20_000, 'd.test.ts': 100 };
    assert.deepEqual(plan(Object.keys(timings), 2, timings), [
      ['a.int.test.ts', 'd.test.ts'],
      ['b.int.test.ts', 'c.int.test.ts'],
    ]);
  });

  it('guesses a file it has no time for by its tier: a database test weighs more than a pure one', () => {
    const shards = plan(['x.int.test.ts', 'p.test.ts', 'q.test.ts', 'r.test.ts'], 2);
    assert.deepEqual(shards, [['x.int.test.ts'], ['p.test.ts', 'q.test.ts', 'r.test.ts']]);
  });

  it('never makes an empty process, and keeps every file once', () => {
    assert.deepEqual(plan(['only.test.ts'], 4), [['only.test.ts']]);
    const files = Array.from({ length: 9 }, (_, i) => `f${i}.test.ts`);
    assert.deepEqual(plan(files, 3).flat().sort(), files);
  });
});
