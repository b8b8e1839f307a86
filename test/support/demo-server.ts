import { fixedClock } from '../../src/domain/clock.ts';
import { openDatabase } from '../../src/db/database.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { loadDemoData, type DemoAccount } from '../../src/cli/demo/load.ts';
import { templateBlob } from './pglite-template.ts';
import { testConfig } from './web.ts';

/** The real server on an in-memory PGlite loaded with the demo council, on a fixed day, for browser tests. */
export async function startDemoServer(
  today = '2026-11-21T12:00:00Z',
): Promise<{ server: RunningServer; accounts: DemoAccount[] }> {
  const clock = fixedClock(today);
  // A copy of the migrated database saved for the tests, instead of migrating one for each browser test file.
  const handle = await openDatabase({ engine: 'pglite-memory', template: await templateBlob() });
  let accounts: DemoAccount[] = [];
  const server = await startServer(testConfig({ port: 0 }), clock, {
    handle,
    beforeListen: async (svc) => {
      accounts = (await loadDemoData(svc.db, clock, { referencePrefix: 'CS' })).accounts;
    },
  });
  return { server, accounts };
}
