import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { DataFolderInUseError } from '../../db/data-folder-lock.ts';
import { BackupRefusedError, describe, restore } from '../../backup/backup.ts';

/** heard restore FILE [--force]: a backup made by heard backup, into the data folder (ADR 0017). */
export async function run(args: string[]): Promise<number> {
  const config = loadConfig();
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false } },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    console.error('Give the backup to restore, e.g. heard restore heard-2026-11-30.tar');
    return 2;
  }
  if (config.databaseUrl) {
    console.error(
      'heard restore fills the embedded database. With a PostgreSQL server (DATABASE_URL), restore with pg_restore\n' +
        'and copy the file store folder back: see "Backups" in the README.',
    );
    return 2;
  }
  try {
    const result = await restore({ dataDir: config.dataDir, filesDir: config.filesDir }, path.resolve(file), {
      force: values.force,
      now: new Date(),
    });
    console.log(`Restored ${describe(result)} into ${config.dataDir}.`);
    for (const kept of result.keptAside)
      console.log(`What was there before is kept in ${kept}: delete it once you are sure of the restore.`);
    console.log('Start Heard as usual: it brings an older backup up to date as it starts.');
    return 0;
  } catch (err) {
    if (err instanceof DataFolderInUseError) {
      console.error(
        `Stop the server first (it holds the data folder ${config.dataDir}: pid ${err.holder.pid}, ${err.holder.command}),\n` +
          'then run heard restore again.',
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
