import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import { lockDataFolder } from '../db/data-folder-lock.ts';
import { readTar, tarWriter } from './tar.ts';

/**
 * `heard backup` and `heard restore` for the embedded database (ADR 0017):
 * one tar file holding a manifest, PGlite's own dump of the database, and
 * every file of the attachment store. Both take the data folder's lock, so
 * neither runs while the server does: the copy is consistent because nothing
 * is writing, and a restore can never pull the folder from under a server.
 */
export interface Places {
  dataDir: string;
  filesDir: string;
}

export interface BackupSummary {
  cases: number;
  auditEvents: number;
  accessEvents: number;
  files: number;
}

interface Manifest extends BackupSummary {
  format: 'heard-backup';
  version: 1;
  createdAt: string;
}

const MANIFEST = 'heard-backup.json';
const DATABASE = 'database.tar.gz';
const STORED_FILE = /^files\/([0-9a-f]{2})\/([0-9a-f]{32})$/;

/** Why a backup or restore did not run, said for the person at the terminal. */
export class BackupRefusedError extends Error {}

/** The store's files as "files/ab/abcd…", leaving out half-written uploads (its unfinished/ folder). */
async function storedFiles(filesDir: string): Promise<string[]> {
  const names: string[] = [];
  for (const prefix of (await readdir(filesDir).catch(() => [] as string[])).sort()) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const key of (await readdir(path.join(filesDir, prefix))).sort())
      if (STORED_FILE.test(`files/${prefix}/${key}`)) names.push(`files/${prefix}/${key}`);
  }
  return names;
}

async function counts(client: { query<T>(q: string): Promise<{ rows: T[] }> }): Promise<Omit<BackupSummary, 'files'>> {
  const n = async (table: string) =>
    Number((await client.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]?.n ?? 0);
  const has = async (table: string) =>
    (await client.query<{ t: string | null }>(`select to_regclass('public.${table}')::text as t`)).rows[0]?.t != null;
  return {
    cases: await n('feedback_cases'),
    auditEvents: await n('audit_events'),
    // A backup from before the access log (migration 0020) has none.
    accessEvents: (await has('access_events')) ? await n('access_events') : 0,
  };
}

export async function backup(places: Places, file: string, now: Date): Promise<BackupSummary> {
  const pgdata = path.join(places.dataDir, 'pgdata');
  if (!existsSync(pgdata)) throw new BackupRefusedError(`There is no database in ${places.dataDir} to back up.`);
  const lock = lockDataFolder(places.dataDir, 'heard backup');
  // Written under another name and renamed when whole: a half-written file never looks like a backup.
  const partial = `${file}.partial`;
  let created = false;
  try {
    // Created anew and only by us ('wx'): a file or link already at that name (another user's, in a shared
    // folder) is refused, never written through, left with its own permissions, or removed.
    const handle = await open(partial, 'wx', 0o600).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'EEXIST'
        ? new BackupRefusedError(
            `${partial} already exists: remove it (an earlier backup stopped half-way?) and try again.`,
          )
        : err;
    });
    created = true;
    const { PGlite } = await import('@electric-sql/pglite');
    const client = await PGlite.create(pgdata);
    let dump: Blob;
    let summary: Omit<BackupSummary, 'files'>;
    try {
      summary = await counts(client);
      dump = await client.dumpDataDir('gzip');
    } finally {
      await client.close();
    }
    const files = await storedFiles(places.filesDir);
    const manifest: Manifest = {
      format: 'heard-backup',
      version: 1,
      createdAt: now.toISOString(),
      ...summary,
      files: files.length,
    };
    const out = handle.createWriteStream();
    const tar = tarWriter(out);
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
    await tar.add(MANIFEST, manifestBytes.length, manifestBytes, now);
    const database = Buffer.from(await dump.arrayBuffer());
    await tar.add(DATABASE, database.length, database, now);
    for (const name of files) {
      const source = path.join(places.filesDir, name.slice('files/'.length));
      const info = await stat(source);
      await tar.add(name, info.size, createReadStream(source), info.mtime);
    }
    await tar.end();
    await rename(partial, file);
    return { ...summary, files: files.length };
  } catch (err) {
    if (created) await rm(partial, { force: true });
    throw err;
  } finally {
    lock.release();
  }
}

/** Whether the folder already holds a database or stored files: a restore there would replace them. */
async function holdsData(places: Places): Promise<boolean> {
  const pgdata = path.join(places.dataDir, 'pgdata');
  const inDatabase = (await readdir(pgdata).catch(() => [] as string[])).length > 0;
  return inDatabase || (await storedFiles(places.filesDir)).length > 0;
}

/**
 * Unpacks a backup beside the folders it replaces, checks it opens, and only
 * then swaps it in. With `force`, whatever was there is kept beside it
 * (pgdata.replaced-…, files.replaced-…), never deleted.
 */
export async function restore(
  places: Places,
  file: string,
  opts: { force: boolean; now: Date },
): Promise<BackupSummary & { keptAside: string[] }> {
  if (!existsSync(file)) throw new BackupRefusedError(`There is no file ${file} to restore from.`);
  const lock = lockDataFolder(places.dataDir, 'heard restore');
  const stamp = opts.now.toISOString().replace(/[:.]/g, '-');
  const staging = path.join(places.dataDir, `restoring-${stamp}`);
  const stagingFiles = `${places.filesDir}.restoring-${stamp}`;
  try {
    if ((await holdsData(places)) && !opts.force)
      throw new BackupRefusedError(
        `${places.dataDir} already holds a database or stored files, and restore would replace them.\n` +
          `To replace them, run it again with --force: what is there now is kept beside it, not deleted.`,
      );
    await mkdir(staging, { recursive: true, mode: 0o700 });
    await mkdir(stagingFiles, { recursive: true, mode: 0o700 });
    let manifest: Manifest | null = null;
    let found = 0;
    const names = new Set<string>();
    await readTar(createReadStream(file), async (entry, chunks) => {
      if (names.has(entry.name))
        throw new BackupRefusedError(`${file} holds ${entry.name} twice: it is not a Heard backup.`);
      names.add(entry.name);
      if (!manifest) {
        if (entry.name !== MANIFEST || entry.size > 64 * 1024)
          throw new BackupRefusedError(`${file} is not a Heard backup (it does not start with ${MANIFEST}).`);
        const parts: Buffer[] = [];
        for await (const chunk of chunks) parts.push(chunk);
        manifest = readManifest(Buffer.concat(parts));
        return;
      }
      const stored = STORED_FILE.exec(entry.name);
      const target =
        entry.name === DATABASE
          ? path.join(staging, DATABASE)
          : stored
            ? path.join(stagingFiles, stored[1]!, stored[2]!)
            : null;
      // Only the names a backup writes: nothing in the archive can name a path of its own choosing.
      if (!target) throw new BackupRefusedError(`${file} holds ${entry.name}, which no Heard backup holds.`);
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      const out = createWriteStream(target, { mode: 0o600 });
      for await (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      if (stored) found++;
    }).catch((err: unknown) => {
      // The archive's own faults (cut short, a header that does not add up) are the file's, said as such.
      throw err instanceof BackupRefusedError ? err : new BackupRefusedError(`${file}: ${(err as Error).message}`);
    });
    const m = manifest as Manifest | null;
    if (!m) throw new BackupRefusedError(`${file} is empty: it is not a Heard backup.`);
    if (!existsSync(path.join(staging, DATABASE))) throw new BackupRefusedError(`${file} holds no database.`);
    if (found !== m.files)
      throw new BackupRefusedError(`${file} should hold ${m.files} stored files but holds ${found}: it is incomplete.`);

    // Unpacked once first, so a damaged dump is refused with a message (PGlite would stop the process).
    await checkDump(path.join(staging, DATABASE), file);
    // Opened once where it stands, so a damaged dump is found before anything is replaced.
    const { PGlite } = await import('@electric-sql/pglite');
    const dump = new Blob([await readFile(path.join(staging, DATABASE))], { type: 'application/x-gzip' });
    const client = await PGlite.create(path.join(staging, 'pgdata'), { loadDataDir: dump });
    let restored: Omit<BackupSummary, 'files'>;
    try {
      restored = await counts(client);
    } finally {
      await client.close();
    }

    const keptAside: string[] = [];
    const pgdata = path.join(places.dataDir, 'pgdata');
    if (existsSync(pgdata)) {
      keptAside.push(`${pgdata}.replaced-${stamp}`);
      await rename(pgdata, keptAside.at(-1)!);
    }
    await rename(path.join(staging, 'pgdata'), pgdata);
    if (existsSync(places.filesDir)) {
      keptAside.push(`${places.filesDir}.replaced-${stamp}`);
      await rename(places.filesDir, keptAside.at(-1)!);
    }
    await rename(stagingFiles, places.filesDir);
    return { ...restored, files: found, keptAside };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(stagingFiles, { recursive: true, force: true });
    lock.release();
  }
}

/** The database dump is a whole gzip of a tar (ustar) archive, or the backup is refused. */
async function checkDump(dump: string, file: string): Promise<void> {
  let first = Buffer.alloc(0);
  try {
    await pipeline(
      createReadStream(dump),
      createGunzip(),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (first.length < 512) first = Buffer.concat([first, chunk]).subarray(0, 512);
          done();
        },
      }),
    );
  } catch {
    throw new BackupRefusedError(`${file} holds a damaged database: it cannot be restored.`);
  }
  if (first.length < 512 || first.toString('latin1', 257, 262) !== 'ustar')
    throw new BackupRefusedError(`${file} holds a damaged database: it cannot be restored.`);
}

function readManifest(bytes: Buffer): Manifest {
  let parsed: Partial<Manifest>;
  try {
    parsed = JSON.parse(bytes.toString('utf8')) as Partial<Manifest>;
  } catch {
    throw new BackupRefusedError('The backup’s manifest cannot be read: the file is damaged.');
  }
  if (parsed.format !== 'heard-backup' || parsed.version !== 1 || typeof parsed.files !== 'number')
    throw new BackupRefusedError('This backup was made by a version of Heard this one does not know.');
  return parsed as Manifest;
}

/** The summary in words, for the terminal. */
export function describe(s: BackupSummary): string {
  const n = (count: number, one: string, many: string) =>
    `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
  return `${n(s.cases, 'case', 'cases')}, ${n(s.files, 'stored file', 'stored files')}, ${n(s.auditEvents, 'change', 'changes')} and ${n(s.accessEvents, 'read', 'reads')} in the audit trail`;
}
