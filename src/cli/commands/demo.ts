import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { databaseTarget } from '../../db/target.ts';
import { systemClock } from '../../services/system-clock.ts';
import { printAccounts } from '../demo/accounts.ts';
import { loadDemoData } from '../demo/load.ts';

/** heard demo: demo data into an empty Heard. */
export async function run(): Promise<number> {
  const config = loadConfig();
  const handle = await openDatabase(databaseTarget(config, 'heard demo'));
  try {
    const result = await loadDemoData(handle.db, systemClock, { referencePrefix: config.referencePrefix });
    console.log(`Loaded ${result.cases} demo cases.`);
    printAccounts(result.accounts, config.databaseUrl ? null : config.dataDir);
  } finally {
    await handle.close();
  }
  return 0;
}
