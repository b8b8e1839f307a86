import assert from 'node:assert/strict';
import { it } from 'node:test';
import { VersionedCache } from './cache.ts';

it('keeps a result while the version matches and the time limit has not passed, and only the newest few', async () => {
  let now = Date.parse('2026-11-21T12:00:00Z');
  const cache = new VersionedCache<number>({ now: () => new Date(now) }, 2, 60_000);
  let builds = 0;
  const build = async () => ++builds;
  assert.equal(await cache.get('a', 'v1', build), 1);
  assert.equal(await cache.get('a', 'v1', build), 1, 'same version: kept');
  assert.equal(await cache.get('a', 'v2', build), 2, 'the data changed: built again');
  now += 61_000;
  assert.equal(await cache.get('a', 'v2', build), 3, 'too old: built again');
  await cache.get('b', 'v2', build);
  await cache.get('c', 'v2', build);
  assert.equal(await cache.get('a', 'v2', build), 6, 'a was the oldest of three: dropped');
});
