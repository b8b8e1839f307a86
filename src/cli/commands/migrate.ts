import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { databaseTarget } from '../../db/target.ts';

/** heard migrate: opening the database applies the migrations it lacks. */
export async function run(): Promise<number> {
  const config = loadConfig();
  const handle = await openDatabase(databaseTarget(config, 'heard migrate'));
  await handle.close();
  console.log('The database is up to date.');
  return 0;
}
