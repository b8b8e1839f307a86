import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VersionedCache } from './cache.ts';

/** A promise that settles when the test says: a build held open while the test looks. */
function gated(): { gate: Promise<void>; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { gate, release };
}

/** Runs `fn` with the process's warnings collected into `warnings` as they are emitted. */
async function withWarnings(fn: (warnings: string[]) => Promise<void>): Promise<void> {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    await fn(warnings);
  } finally {
    process.off('warning', onWarning);
  }
}

/** A build that ends with `value` once the gate opens. */
const afterGate =
  <T>(gate: Promise<void>, value: T) =>
  async () => {
    await gate;
    return value;
  };

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

it('builds a key once for everyone who asks while it is being built', async () => {
  const cache = new VersionedCache<number>({ now: () => new Date('2026-11-21T12:00:00Z') }, 2, 60_000);
  let builds = 0;
  const { gate, release } = gated();
  const build = async () => {
    builds++;
    await gate;
    return builds;
  };
  const both = Promise.all([cache.get('a', 'v1', build), cache.get('a', 'v1', build)]);
  release();
  assert.deepEqual(await both, [1, 1]);
  assert.equal(builds, 1);
});

describe('a result served while a newer one is built (the dashboard)', () => {
  const at = (iso: string) => ({ now: () => new Date(iso) });

  it('answers at once with the older result, says so, and has the new one ready for the next request', async () => {
    const cache = new VersionedCache<string>(at('2026-11-21T12:00:00Z'), 2, 60 * 60_000);
    assert.deepEqual(await cache.getOrStale('k', 'v1', async () => 'one', 30 * 60_000), {
      value: 'one',
      builtAt: new Date('2026-11-21T12:00:00Z'),
      current: true,
    });
    const { gate, release } = gated();
    const stale = await cache.getOrStale('k', 'v2', afterGate(gate, 'two'), 30 * 60_000);
    assert.deepEqual(stale, { value: 'one', builtAt: new Date('2026-11-21T12:00:00Z'), current: false });
    release();
    await cache.settled();
    const next = await cache.getOrStale('k', 'v2', async () => assert.fail('built again'), 30 * 60_000);
    assert.deepEqual([next.value, next.current], ['two', true]);
  });

  it('waits for a current result when the one kept is older than allowed', async () => {
    let now = Date.parse('2026-11-21T12:00:00Z');
    const cache = new VersionedCache<string>({ now: () => new Date(now) }, 2, 60 * 60_000);
    await cache.getOrStale('k', 'v1', async () => 'one', 30 * 60_000);
    now += 31 * 60_000;
    const answer = await cache.getOrStale('k', 'v2', async () => 'two', 30 * 60_000);
    assert.deepEqual([answer.value, answer.current], ['two', true]);
  });

  it('starts one build at a time while the data keeps changing', async () => {
    const cache = new VersionedCache<string>(at('2026-11-21T12:00:00Z'), 2, 60 * 60_000);
    await cache.getOrStale('k', 'v1', async () => 'one', 30 * 60_000);
    let builds = 0;
    const { gate, release } = gated();
    const slow = async () => {
      builds++;
      await gate;
      return `built ${builds}`;
    };
    for (const version of ['v2', 'v3', 'v4']) {
      const answer = await cache.getOrStale('k', version, slow, 30 * 60_000);
      assert.deepEqual([answer.value, answer.current], ['one', false]);
    }
    release();
    await cache.settled();
    assert.equal(builds, 1);
  });

  it('keeps the older result when the background build fails, warns, and tries again at the next request', async () => {
    const cache = new VersionedCache<string>(at('2026-11-21T12:00:00Z'), 2, 60 * 60_000);
    await cache.getOrStale('k', 'v1', async () => 'one', 30 * 60_000);
    await withWarnings(async (warnings) => {
      const answer = await cache.getOrStale('k', 'v2', async () => Promise.reject(new Error('disk full')), 30 * 60_000);
      assert.deepEqual([answer.value, answer.current], ['one', false]);
      await cache.getOrStale('k', 'v3', async () => assert.fail('a second build at once'), 30 * 60_000);
      await cache.settled();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(warnings, ['A result kept for the dashboard could not be brought up to date: disk full']);
      const again = await cache.getOrStale('k', 'v2', async () => 'two', 30 * 60_000);
      assert.equal(again.value, 'one', 'still the older result while the retry runs');
      await cache.settled();
      assert.equal((await cache.getOrStale('k', 'v2', async () => 'three', 30 * 60_000)).value, 'two');
    });
  });

  it('does not wait on a build that has run longer than older figures may be kept: it starts another', async () => {
    let now = Date.parse('2026-11-21T12:00:00Z');
    const cache = new VersionedCache<string>({ now: () => new Date(now) }, 2, 60 * 60_000);
    const stuck = cache.getOrStale('k', 'v1', () => new Promise<string>(() => {}), 30 * 60_000);
    void stuck;
    now += 31 * 60_000;
    const answer = await cache.getOrStale('k', 'v2', async () => 'two', 30 * 60_000);
    assert.deepEqual([answer.value, answer.current], ['two', true]);
  });

  it('calls figures kept past the time limit but built from the same data current', async () => {
    let now = Date.parse('2026-11-21T12:00:00Z');
    const cache = new VersionedCache<string>({ now: () => new Date(now) }, 2, 5 * 60_000);
    await cache.getOrStale('k', 'v1', async () => 'one', 30 * 60_000);
    now += 6 * 60_000;
    const answer = await cache.getOrStale('k', 'v1', async () => 'one again', 30 * 60_000);
    assert.deepEqual([answer.value, answer.current], ['one', true]);
    await cache.settled();
  });
});

describe('a result not ready within the time a page waits (the dashboard after a start)', () => {
  const at = { now: () => new Date('2026-11-21T12:00:00Z') };

  it('answers pending when nothing older is kept and the build takes longer, and the build goes on for the next request', async () => {
    const cache = new VersionedCache<string>(at, 2, 60 * 60_000);
    const { gate, release } = gated();
    let builds = 0;
    const build = async () => {
      builds++;
      await gate;
      return 'one';
    };
    assert.equal(await cache.getOrPending('k', 'v1', build, 30 * 60_000, 20, 4), 'pending');
    assert.equal(
      await cache.getOrPending('k', 'v1', build, 30 * 60_000, 20, 4),
      'pending',
      'still building: pending again',
    );
    release();
    await cache.settled();
    const ready = await cache.getOrPending('k', 'v1', async () => assert.fail('built again'), 30 * 60_000, 20, 4);
    assert.deepEqual(ready, { value: 'one', builtAt: new Date('2026-11-21T12:00:00Z'), current: true });
    assert.equal(builds, 1, 'one build for all three requests');
  });

  it('answers the result when the build ends within the wait, and older figures at once when kept', async () => {
    const cache = new VersionedCache<string>(at, 2, 60 * 60_000);
    const quick = await cache.getOrPending('k', 'v1', async () => 'one', 30 * 60_000, 5_000, 4);
    assert.deepEqual(quick, { value: 'one', builtAt: new Date('2026-11-21T12:00:00Z'), current: true });
    const { gate, release } = gated();
    const older = await cache.getOrPending('k', 'v2', afterGate(gate, 'two'), 30 * 60_000, 0, 4);
    assert.deepEqual(older, { value: 'one', builtAt: new Date('2026-11-21T12:00:00Z'), current: false });
    release();
    await cache.settled();
  });

  it('a build that fails within the wait is the caller’s error; one that fails after is a warning, never unhandled', async () => {
    const cache = new VersionedCache<string>(at, 2, 60 * 60_000);
    await assert.rejects(
      cache.getOrPending('k', 'v1', async () => Promise.reject(new Error('no database')), 30 * 60_000, 5_000, 4),
      /no database/,
    );
    await withWarnings(async (warnings) => {
      const { gate, release } = gated();
      const pending = await cache.getOrPending(
        'k',
        'v2',
        async () => {
          await gate;
          throw new Error('connection lost');
        },
        30 * 60_000,
        10,
        4,
      );
      assert.equal(pending, 'pending');
      release();
      await cache.settled();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(warnings, ['A result kept for the dashboard could not be brought up to date: connection lost']);
    });
  });
  it('starts no build beyond maxBuilding under way, and says busy; one already under way for the key is still waited for', async () => {
    const cache = new VersionedCache<string>(at, 8, 60 * 60_000);
    const { gate, release } = gated();
    const started: string[] = [];
    const build = (name: string) => async () => {
      started.push(name);
      await gate;
      return name;
    };
    assert.equal(await cache.getOrPending('a', 'v1', build('a'), 30 * 60_000, 5, 2), 'pending');
    assert.equal(await cache.getOrPending('b', 'v1', build('b'), 30 * 60_000, 5, 2), 'pending');
    assert.equal(await cache.getOrPending('c', 'v1', build('c'), 30 * 60_000, 5, 2), 'busy');
    assert.equal(await cache.getOrPending('a', 'v1', build('a again'), 30 * 60_000, 5, 2), 'pending');
    assert.deepEqual(started, ['a', 'b'], 'neither c nor a second a was started');
    release();
    await cache.settled();
    const c = await cache.getOrPending('c', 'v1', build('c'), 30 * 60_000, 1_000, 2);
    assert.deepEqual(c, { value: 'c', builtAt: new Date('2026-11-21T12:00:00Z'), current: true });
  });

  it('a failure after every waiter gave up is a warning, however many waited at once', async () => {
    const cache = new VersionedCache<string>(at, 2, 60 * 60_000);
    await withWarnings(async (warnings) => {
      const { gate, release } = gated();
      const build = async () => {
        await gate;
        throw new Error('connection lost');
      };
      const both = await Promise.all([
        cache.getOrPending('k', 'v1', build, 30 * 60_000, 10, 4),
        cache.getOrPending('k', 'v1', build, 30 * 60_000, 30, 4),
      ]);
      assert.deepEqual(both, ['pending', 'pending']);
      release();
      await cache.settled();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(warnings, ['A result kept for the dashboard could not be brought up to date: connection lost']);
    });
  });
  it('counts no build older than staleForMs against the limit (taken to be stuck), and answers kept figures when busy', async () => {
    let now = Date.parse('2026-11-21T12:00:00Z');
    const cache = new VersionedCache<string>({ now: () => new Date(now) }, 8, 5 * 60_000);
    const never = new Promise<string>(() => {}); // a connection lost without a word
    const staleFor = 30 * 60_000;
    assert.deepEqual(await cache.getOrPending('kept', 'v1', async () => 'kept figures', staleFor, 1_000, 1), {
      value: 'kept figures',
      builtAt: new Date(now),
      current: true,
    });
    assert.equal(await cache.getOrPending('a', 'v1', () => never, staleFor, 5, 1), 'pending');
    assert.equal(await cache.getOrPending('b', 'v1', async () => 'b', staleFor, 5, 1), 'busy');
    now += 45 * 60_000; // past the time-to-live and staleFor: 'kept' is neither fresh nor usable as older figures
    assert.deepEqual(
      await cache.getOrPending('kept', 'v2', async () => assert.fail('not started at the limit'), staleFor, 5, 0),
      { value: 'kept figures', builtAt: new Date('2026-11-21T12:00:00Z'), current: false },
      'at the limit, what is kept is answered, however old',
    );
    const b = await cache.getOrPending('b', 'v1', async () => 'b', staleFor, 1_000, 1);
    assert.deepEqual(b, { value: 'b', builtAt: new Date(now), current: true }, 'the stuck build no longer counts');
  });
});
