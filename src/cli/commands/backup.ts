import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { DataFolderInUseError } from '../../db/data-folder-lock.ts';
import { backup, BackupRefusedError, describe } from '../../backup/backup.ts';

/** heard backup FILE: the embedded database and the attachment store, in one file (ADR 0017). */
export async function run(args: string[]): Promise<number> {
  const config = loadConfig();
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    console.error('Give the file to write, e.g. heard backup heard-2026-11-30.tar');
    return 2;
  }
  if (config.databaseUrl) {
    console.error(
      'heard backup copies the embedded database. With a PostgreSQL server (DATABASE_URL), back up the database\n' +
        `with pg_dump and copy the file store folder ${config.filesDir}: see "Backups" in the README.`,
    );
    return 2;
  }
  try {
    const summary = await backup(
      { dataDir: config.dataDir, filesDir: config.filesDir },
      path.resolve(file),
      new Date(),
    );
    console.log(`Backed up ${describe(summary)} to ${path.resolve(file)}.`);
    return 0;
  } catch (err) {
    if (err instanceof DataFolderInUseError) {
      console.error(
        `Stop the server first (it holds the data folder ${config.dataDir}: pid ${err.holder.pid}, ${err.holder.command}),\n` +
          'then run heard backup again. A copy taken while it writes could not be trusted.',
      );
      return 1;
    }
    if (err instanceof BackupRefusedError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}
