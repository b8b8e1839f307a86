import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { SYSTEM_ACTOR } from '../../services/actor.ts';
import { systemClock } from '../../services/system-clock.ts';
import { openDatabase } from '../../db/database.ts';
import { databaseTarget } from '../../db/target.ts';
import { installCrashHandlers } from '../crash-handlers.ts';
import { printAccounts } from '../demo/accounts.ts';
import type { DemoAccount } from '../demo/load.ts';

/** heard start [--demo]: the server, until Ctrl+C or SIGTERM. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean', default: false } } });
  // The demo's administrators sign in with the printed passwords alone: codes are for real accounts.
  const demoEnv = values.demo ? { HEARD_MFA_FOR_ADMINISTRATORS: 'false', ...process.env } : process.env;
  const config = loadConfig(demoEnv);
  let accounts: DemoAccount[] = [];
  // The database opens (PGlite compiles its WebAssembly off the main thread) while the web's modules
  // load: about half a second sooner to the first page (bench: server first page after start).
  const opening = openDatabase(databaseTarget(config, 'heard start', 'server'));
  opening.catch(() => undefined); // awaited by startServer, which reports a failure; not "unhandled" meanwhile
  const { startServer } = await import('../../server.ts');
  const server = await startServer(config, systemClock, {
    handle: opening,
    beforeListen: async (svc) => {
      if (!values.demo) return;
      if (
        (await svc.cases.list(SYSTEM_ACTOR, { status: 'all', pageSize: 1 })).total > 0 ||
        (await svc.organisation.all()).length > 0
      ) {
        console.log('Heard already has data: demo data not loaded.');
        return;
      }
      // The demo generator is only loaded when there is demo data to make.
      const { loadDemoData } = await import('../demo/load.ts');
      const result = await loadDemoData(svc.db, svc.clock, { referencePrefix: config.referencePrefix });
      accounts = result.accounts;
      console.log(`Loaded ${result.cases} demo cases.`);
    },
  });
  if (accounts.length) printAccounts(accounts, config.databaseUrl ? null : config.dataDir);
  console.log(
    `\nHeard is running at ${server.url}  (${server.handle.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`,
  );
  if (server.setupUrl)
    console.log(`No accounts yet. Create the first administrator here (this link works once):\n  ${server.setupUrl}`);
  console.log('Press Ctrl+C to stop.');
  installCrashHandlers(server.app.log, () => server.stop());
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log('\nStopping Heard...');
  await server.stop();
  return 0;
}
