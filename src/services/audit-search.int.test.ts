import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Clock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeCase, makeUser, testServices } from '../../test/support/factories.ts';
import type { Services } from './index.ts';

let handle: DatabaseHandle;
let svc: Services;
let now = new Date('2026-11-30T09:00:00Z');
const clock: Clock = { now: () => now };

before(async () => {
  handle = await testDatabase();
  svc = await testServices(handle, clock);
});
after(() => handle.close());

it('the download, read in small batches, gives every event once, in the same order as the pages', async () => {
  const { actor } = await makeUser(svc, 'complaints_officer');
  // Changes and reads at the same instant and at different ones: the batches must cut between ties too.
  for (let i = 0; i < 3; i++) {
    const made = await makeCase(svc, actor);
    for (let j = 0; j < 3; j++)
      await svc.accessLog.record(actor, { action: 'case.viewed', caseId: made.id, address: null });
    now = new Date(now.getTime() + (i === 1 ? 0 : 1234));
  }
  const { rows: page, more } = await svc.auditSearch.search({ kind: 'all' }, { number: 1, size: 500 });
  assert.equal(more, false);
  assert.ok(page.some((r) => r.source === 'change') && page.filter((r) => r.source === 'access').length === 9);
  const key = (r: { source: string; id: number }) => `${r.source}:${r.id}`;
  for (const batch of [1, 2, 5]) {
    const streamed = [];
    for await (const r of svc.auditSearch.all({ kind: 'all' }, { batch })) streamed.push(key(r));
    assert.deepEqual(streamed, page.map(key), `in batches of ${batch}`);
  }
  // The pages agree with one another as well: page 2 of 4 a page starts where page 1 ended.
  const first = await svc.auditSearch.search({ kind: 'all' }, { number: 1, size: 4 });
  const second = await svc.auditSearch.search({ kind: 'all' }, { number: 2, size: 4 });
  assert.deepEqual([...first.rows, ...second.rows].map(key), page.slice(0, 8).map(key));
});
