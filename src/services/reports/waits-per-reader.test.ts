import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TooManyAtOnceError } from '../errors.ts';
import { SYSTEM_ACTOR, type Actor } from '../actor.ts';
import {
  dashboardBuildsPerReader,
  DASHBOARD_BUILDS_PER_READER,
  REPORT_REQUESTS_PER_READER,
  reportRequestsPerReader,
  WaitsPerReader,
} from './waits-per-reader.ts';

const reader = (userId: string): Actor => ({ userId, role: 'report_viewer', label: userId });

/** Work the test ends when it likes. */
function held<T>(value: T) {
  let end!: () => void;
  const promise = new Promise<T>((resolve) => (end = () => resolve(value)));
  return { promise, end };
}

describe('what a reader may have under way at once', () => {
  it('refuses a reader more than the limit, and no one else', async () => {
    const waits = new WaitsPerReader(3, (most) => `at most ${most}`);
    const alice = reader('alice');
    const holds = [1, 2, 3].map((n) => held(n));
    const running = holds.map((h) => waits.run(alice, () => h.promise));
    assert.equal(waits.waitingFor(alice), 3);
    await assert.rejects(
      waits.run(alice, async () => 4),
      (err: unknown) => {
        assert.ok(err instanceof TooManyAtOnceError);
        assert.equal(err.code, 'REPORT.TOO_MANY_AT_ONCE');
        assert.equal(err.message, 'at most 3');
        assert.equal(err.expected, true, 'a refusal, not a failure to warn about');
        return true;
      },
    );
    // Another reader, and Heard itself, are not held back.
    assert.equal(await waits.run(reader('bob'), async () => 'bob'), 'bob');
    assert.equal(await waits.run(SYSTEM_ACTOR, async () => 'system'), 'system');
    assert.equal(waits.waitingFor(alice), 3, 'the refused is not counted');
    holds[0]!.end();
    assert.equal(await running[0], 1);
    assert.equal(waits.waitingFor(alice), 2);
    assert.equal(await waits.run(alice, async () => 'again'), 'again', 'a place freed is taken again');
    for (const h of holds) h.end();
    assert.deepEqual(await Promise.all(running), [1, 2, 3]);
    assert.equal(waits.waitingFor(alice), 0);
  });

  it('work that fails frees its place', async () => {
    const waits = new WaitsPerReader(1, () => 'no');
    const alice = reader('alice');
    await assert.rejects(
      waits.run(alice, async () => {
        throw new Error('the database went away');
      }),
      /the database went away/,
    );
    assert.equal(waits.waitingFor(alice), 0);
    assert.equal(await waits.run(alice, async () => 'ok'), 'ok');
  });

  it('says what to do, for report requests and for dashboard figures', async () => {
    for (const [waits, most, message] of [
      [
        reportRequestsPerReader(),
        REPORT_REQUESTS_PER_READER,
        /You already have 4 reports or downloads being prepared\. Wait for them to finish, then ask for this one again\.$/,
      ],
      [
        dashboardBuildsPerReader(),
        DASHBOARD_BUILDS_PER_READER,
        /The figures for 2 other periods or filters you asked for are still being worked out\. Wait a few minutes/,
      ],
    ] as const) {
      const h = held(0);
      const running = Array.from({ length: most }, () => waits.run(reader('alice'), () => h.promise));
      await assert.rejects(
        waits.run(reader('alice'), async () => 0),
        message,
      );
      h.end();
      await Promise.all(running);
    }
  });
});
