import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDemoData } from '../../cli/demo/load.ts';
import { fixedClock } from '../../domain/clock.ts';
import { freshPostgres } from '../../../test/support/database.ts';
import { testServices } from '../../../test/support/factories.ts';
import { DomainError } from '../errors.ts';
import type { Services } from '../index.ts';
import { modelThread } from './model-thread.ts';
import { isDatabaseUnavailable } from '../../db/connection-errors.ts';

const url = process.env.DATABASE_URL;
const NOW = '2026-03-20T12:00:00Z';
const OPTIONS = { teamNames: 'as_was', excludeMigratedFromTimescales: false } as const;

// A thread opens its own connections: PostgreSQL only (PGlite is one connection, in the server's thread).
describe('report models built in a thread of their own', { skip: !url && 'DATABASE_URL is not set' }, () => {
  let handle: Awaited<ReturnType<typeof freshPostgres>>;
  let svc: Services;
  before(async () => {
    handle = await freshPostgres(url!, 'heard_t');
    svc = await testServices(handle, fixedClock(NOW), { reportThreadDatabaseUrl: handle.url });
    await loadDemoData(handle.db, fixedClock(NOW), { referencePrefix: 'CS', years: 2, casesPerYear: 150, seed: 5 });
  });
  after(async () => {
    await svc?.reports.close();
    await handle?.close();
  });

  it('gives the same model as the server thread, figure for figure and reference for reference', async () => {
    const thread = modelThread(handle.url);
    try {
      const inThread = await thread.build({ from: '2025-04-01', to: '2026-03-20', options: OPTIONS, now: NOW });
      const here = await svc.reports.model('2025-04-01', '2026-03-20', OPTIONS, { cached: false });
      assert.ok(inThread.periods[0]!.total > 100, `a model with cases in it (${inThread.periods[0]!.total})`);
      assert.deepEqual(inThread, here);
    } finally {
      await thread.close();
    }
  });

  it('is what the services keep for the dashboard when given the database address', async () => {
    const kept = await svc.reports.model('2025-04-01', '2026-03-20', OPTIONS);
    const here = await svc.reports.model('2025-04-01', '2026-03-20', OPTIONS, { cached: false });
    assert.deepEqual(kept, here);
  });

  it("passes on the model's own refusals as they are, and ends a build when closed", async () => {
    const thread = modelThread(handle.url);
    await assert.rejects(
      thread.build({
        from: '2025-04-01',
        to: '2026-03-20',
        options: { ...OPTIONS, orgUnitId: '00000000-0000-4000-8000-000000000000' },
        now: NOW,
      }),
      (e: unknown) => e instanceof DomainError && e.code === 'REPORT.BAD_UNIT',
    );
    const building = assert.rejects(
      thread.build({ from: '2025-04-01', to: '2026-03-20', options: OPTIONS, now: NOW }),
      /ended \(exit code \d+\) before it answered/,
    );
    await thread.close();
    await building;
    await assert.rejects(
      thread.build({ from: '2025-04-01', to: '2026-03-20', options: OPTIONS, now: NOW }),
      /stopping/,
    );
  });

  it('refuses a made-up part of the organisation, well formed or not', async () => {
    // Through the services, which ask before starting a thread (one would read three years of rows first).
    for (const orgUnitId of ['00000000-0000-4000-8000-000000000000', 'not-an-id'])
      await assert.rejects(
        svc.reports.model('2025-04-01', '2026-03-20', { ...OPTIONS, orgUnitId }),
        (e: unknown) => e instanceof DomainError && e.code === 'REPORT.BAD_UNIT',
      );
  });

  it('builds models in turn when told to build one at a time, each the one asked for, and ends one that takes too long', async () => {
    const one = modelThread(handle.url, { concurrency: 1 });
    try {
      const jobs = ['2025-04-01', '2025-05-01', '2025-06-01'].map((from) =>
        one.build({ from, to: '2026-03-20', options: OPTIONS, now: NOW }),
      );
      const models = await Promise.all(jobs);
      assert.deepEqual(
        models.map((m) => m.periods[2]!.period.from),
        ['2025-04-01', '2025-05-01', '2025-06-01'],
      );
    } finally {
      await one.close();
    }
    const hasty = modelThread(handle.url, { timeoutMs: 1 });
    await assert.rejects(
      hasty.build({ from: '2025-04-01', to: '2026-03-20', options: OPTIONS, now: NOW }),
      /did not answer within/,
    );
    await hasty.close();
  });

  it('gives back a failure to reach the database as one Heard recognises (a 503, not a 500)', async () => {
    const nowhere = new URL(handle.url);
    nowhere.port = '1'; // nothing listens there
    const thread = modelThread(nowhere.toString());
    const failed = await thread.build({ from: '2025-04-01', to: '2026-03-20', options: OPTIONS, now: NOW }).then(
      () => null,
      (e: unknown) => e,
    );
    await thread.close();
    assert.ok(failed instanceof Error);
    assert.equal(isDatabaseUnavailable(failed), true, String(failed));
  });
});
