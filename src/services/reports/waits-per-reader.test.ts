import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TooManyAtOnceError } from '../errors.ts';
import { SYSTEM_ACTOR, type Actor } from '../actor.ts';
import { WaitsPerReader } from './waits-per-reader.ts';

const reader = (userId: string): Actor => ({ userId, role: 'report_viewer', label: userId });

/** A wait the test ends when it likes. */
function held<T>(value: T) {
  let end!: () => void;
  const promise = new Promise<T>((resolve) => (end = () => resolve(value)));
  return { promise, end };
}

describe('reports waited for, per reader', () => {
  it('refuses a reader a fourth new build while three are waited for, and no one else', async () => {
    const waits = new WaitsPerReader(3);
    const alice = reader('alice');
    const holds = [1, 2, 3].map((n) => held(n));
    const running = holds.map((h) => waits.run(alice, true, () => h.promise));
    assert.equal(waits.waitingFor(alice), 3);
    await assert.rejects(
      waits.run(alice, true, async () => 4),
      (err: unknown) => {
        assert.ok(err instanceof TooManyAtOnceError);
        assert.equal(err.code, 'REPORT.TOO_MANY_AT_ONCE');
        assert.match(err.message, /already waiting for 3 reports/);
        return true;
      },
    );
    // Joining a build under way, or reading one kept, is never refused; nor is another reader, nor Heard itself.
    assert.equal(await waits.run(alice, false, async () => 'kept'), 'kept');
    assert.equal(await waits.run(reader('bob'), true, async () => 'bob'), 'bob');
    assert.equal(await waits.run(SYSTEM_ACTOR, true, async () => 'system'), 'system');
    assert.equal(waits.waitingFor(alice), 3, 'the refused and the finished are not counted');
    holds[0]!.end();
    assert.equal(await running[0], 1);
    assert.equal(waits.waitingFor(alice), 2);
    assert.equal(await waits.run(alice, true, async () => 'again'), 'again', 'a place freed is taken again');
    for (const h of holds) h.end();
    assert.deepEqual(await Promise.all(running), [1, 2, 3]);
    assert.equal(waits.waitingFor(alice), 0);
  });

  it('a wait that fails frees its place', async () => {
    const waits = new WaitsPerReader(1);
    const alice = reader('alice');
    await assert.rejects(
      waits.run(alice, true, async () => {
        throw new Error('the database went away');
      }),
      /the database went away/,
    );
    assert.equal(waits.waitingFor(alice), 0);
    assert.equal(await waits.run(alice, true, async () => 'ok'), 'ok');
  });
});
