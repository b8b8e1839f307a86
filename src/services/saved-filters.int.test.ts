import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DatabaseHandle } from '../db/database.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeUser, testServices } from '../../test/support/factories.ts';
import type { Actor } from './actor.ts';
import { DomainError, NotFoundError, ValidationError } from './errors.ts';
import type { Services } from './index.ts';
import { SAVED_FILTERS_PER_USER } from './saved-filters.ts';

describe('saved filters', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let olive: Actor;
  let sam: Actor;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    olive = (await makeUser(svc, 'complaints_officer')).actor;
    sam = (await makeUser(svc, 'senior_manager')).actor;
  });
  after(() => handle.close());

  it('keeps each person’s filters to them: listed, read and deleted only by their owner', async () => {
    const mine = await svc.savedFilters.save(olive, { name: 'Stage 2', query: 'stage=stage2' });
    await svc.savedFilters.save(sam, { name: 'Closed', query: 'status=closed' });
    assert.deepEqual(
      (await svc.savedFilters.list(olive)).map((f) => [f.name, f.query]),
      [['Stage 2', 'stage=stage2']],
    );
    assert.deepEqual(
      (await svc.savedFilters.list(sam)).map((f) => f.name),
      ['Closed'],
    );
    await assert.rejects(svc.savedFilters.get(sam, mine.id), NotFoundError);
    await assert.rejects(svc.savedFilters.remove(sam, mine.id), NotFoundError);
    await assert.rejects(svc.savedFilters.remove(sam, 'not-a-uuid'), NotFoundError);
    assert.equal((await svc.savedFilters.get(olive, mine.id)).query, 'stage=stage2');
    await svc.savedFilters.remove(olive, mine.id);
    assert.deepEqual(await svc.savedFilters.list(olive), []);
    assert.equal((await svc.savedFilters.list(sam)).length, 1);
  });

  it('saving under a name already used replaces it; a blank name is refused', async () => {
    await svc.savedFilters.save(olive, { name: 'Mine', query: 'status=all' });
    await svc.savedFilters.save(olive, { name: 'Mine', query: 'status=closed' });
    assert.deepEqual(
      (await svc.savedFilters.list(olive)).map((f) => [f.name, f.query]),
      [['Mine', 'status=closed']],
    );
    await assert.rejects(svc.savedFilters.save(olive, { name: '   ', query: '' }), (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.equal(e.fieldErrors[0]!.message, 'Enter a name for these filters');
      return true;
    });
  });

  it(`keeps at most ${SAVED_FILTERS_PER_USER} a person`, async () => {
    for (let i = (await svc.savedFilters.list(olive)).length; i < SAVED_FILTERS_PER_USER; i++)
      await svc.savedFilters.save(olive, { name: `Filter ${i}`, query: '' });
    await assert.rejects(svc.savedFilters.save(olive, { name: 'One more', query: '' }), (e: unknown) => {
      assert.ok(e instanceof DomainError);
      assert.equal(e.code, 'SAVED_FILTER.TOO_MANY');
      return true;
    });
  });
});
