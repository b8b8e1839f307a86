import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { MIGRATIONS_FOLDER, openDatabase } from '../../src/db/database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A migrated, empty PGlite database saved once as a file, named by a hash of
 * the migrations and PGlite's version, so each test file loads a copy (about 1 s) instead of
 * creating and migrating its own (about 4 s). A change to any migration names
 * a new file; an old one is simply never read again.
 */
export function templatePath(): string {
  const hash = createHash('sha256');
  // A new PGlite may store its files another way: its version names a new template too.
  hash.update(
    JSON.parse(readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version,
  );
  for (const name of readdirSync(MIGRATIONS_FOLDER, { recursive: true }).map(String).sort()) {
    const file = path.join(MIGRATIONS_FOLDER, name);
    if (name.endsWith('.sql') || name.endsWith('.json')) hash.update(name).update(readFileSync(file));
  }
  return path.join(root, '.cache', `test-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

export async function ensurePgliteTemplate(): Promise<string> {
  const file = templatePath();
  if (existsSync(file)) return file;
  const handle = await openDatabase({ engine: 'pglite-memory' });
  const client = (handle.db as unknown as { $client: PGlite }).$client;
  // Everything written out first: a copy opened from it then has no log to replay (each test file opens one).
  await client.query('checkpoint');
  const dump = await client.dumpDataDir('none');
  await handle.close();
  mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed: two test runs making it at once never read half a file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  // Templates of earlier migrations are never read again (about 85 MB each, with their folder).
  const current = path.basename(file, '.tar');
  for (const old of readdirSync(path.dirname(file)))
    if (/^test-pglite-[0-9a-f]{16}(\.tar|-folder)$/.test(old) && !old.startsWith(current))
      rmSync(path.join(path.dirname(file), old), { recursive: true, force: true });
  return file;
}

let blob: Promise<Blob> | null = null;
/**
 * The template, read once per process: test files share a process per core (scripts/run-tests.mjs), and a
 * Blob is never changed by reading it, so each database opened from it skips reading and copying 43 MB.
 */
export function templateBlob(): Promise<Blob> {
  blob ??= ensurePgliteTemplate().then((file) => new Blob([readFileSync(file)]));
  return blob;
}

/**
 * The same migrated database as a data folder, as `heard migrate` leaves one (its `pgdata`): the
 * command-line tests copy it into their scratch folder (`copyMigratedDataFolder`) instead of each
 * command's first start migrating an empty folder (about 6 s on the two-core machine, against a
 * copy of 42 MB in well under one). The test of migrating an empty folder still starts from nothing.
 */
export async function ensureMigratedDataFolder(): Promise<string> {
  const folder = templatePath().replace(/\.tar$/, '-folder');
  if (existsSync(path.join(folder, 'pgdata', 'PG_VERSION'))) return folder;
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  // Made aside and renamed, as the template is.
  const partial = `${folder}.${process.pid}.partial`;
  mkdirSync(partial, { recursive: true });
  const client = await PGlite.create(path.join(partial, 'pgdata'), {
    loadDataDir: new Blob([readFileSync(await ensurePgliteTemplate())]),
    extensions: { pg_trgm },
  });
  await client.close();
  try {
    renameSync(partial, folder);
  } catch (err) {
    // Another test process made it first (a test file run on its own, beside another): theirs is used.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(path.join(folder, 'pgdata', 'PG_VERSION'))) throw err;
  }
  return folder;
}

/** Makes `dataDir` a migrated Heard data folder (a copy of ensureMigratedDataFolder's). */
export async function copyMigratedDataFolder(dataDir: string): Promise<void> {
  cpSync(await ensureMigratedDataFolder(), dataDir, { recursive: true });
}

// Run by scripts/run-tests.mjs before the test files start, so that they do not all make it at once.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await ensurePgliteTemplate();
  await ensureMigratedDataFolder();
}
