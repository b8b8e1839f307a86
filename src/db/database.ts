import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import * as schema from './schema/index.ts';
import { isDatabaseUnavailable } from './connection-errors.ts';
import { lockDataFolder, type DataFolderLock } from './data-folder-lock.ts';
import { assertSchemaNotNewer, MIGRATIONS_FOLDER } from './schema-version.ts';

export type Schema = typeof schema;
/** The one database type the rest of Heard sees, whichever engine is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DbOrTx = Database | Tx;

export interface DatabaseHandle {
  db: Database;
  engine: 'pglite' | 'postgres';
  /** The PostgreSQL database's address (a report model's thread opens its own connections to it). */
  url?: string;
  close(): Promise<void>;
}

export { MIGRATIONS_FOLDER };

export type DatabaseTarget =
  /**
   * `connections`: the most the pool opens (10 unless given). `migrate: false` for a second user of a database
   * that is already open and migrated in this process (a report model's thread): it checks only that the
   * schema is not newer than this Heard.
   */
  | { engine: 'postgres'; url: string; connections?: number; migrate?: boolean }
  | {
      engine: 'pglite';
      dataDir: string;
      command: string;
      /**
       * PostgreSQL's page cache (shared_buffers) in megabytes; unset, its default of 128. PGlite zeroes all of it
       * as it opens (about 0.8 s of a command's start on this machine): a command that runs once and ends
       * reads each page about once, and the operating system caches the folder's files anyway.
       */
      pageCacheMb?: number;
    }
  | { engine: 'pglite-memory'; template?: Blob };

/** The page cache PGlite opens with where a large one buys nothing (in memory; a command that runs once). */
export const SMALL_PAGE_CACHE_MB = 16;

/** PGlite's own start parameters with PostgreSQL's page cache (shared_buffers) set to `mb` megabytes. */
function pageCacheParams(PGlite: { defaultStartParams: readonly string[] }, mb: number): string[] {
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${mb}MB`];
}

/** Opens the database, refuses a data folder from a newer Heard, and applies migrations. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.engine === 'postgres') return openPostgres(target.url, target);
  // Each engine's driver is loaded only when it is the one opened (ADR 0013).
  const [{ PGlite }, { pg_trgm }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  // Trigram indexes make the case search fast (docs/adr/0022-case-search-trigram-indexes.md): PostgreSQL ships
  // pg_trgm with its contrib modules; PGlite has it as an extension that must be given when the database opens.
  const extensions = { pg_trgm };
  let lock: DataFolderLock | null = null;
  let client: InstanceType<typeof PGlite>;
  if (target.engine === 'pglite') {
    lock = lockDataFolder(target.dataDir, target.command);
    try {
      const startParams = target.pageCacheMb ? pageCacheParams(PGlite, target.pageCacheMb) : undefined;
      client = await PGlite.create(path.join(target.dataDir, 'pgdata'), { extensions, startParams });
    } catch (err) {
      lock.release();
      throw err;
    }
  } else {
    // A template (a migrated database's dump) saves the tests creating and migrating one each.
    // The whole database is in memory already, so PostgreSQL's own page cache would only hold a second copy of
    // pages a memory copy away: a small one (16 MB, not 128) makes each database about 0.4 s quicker to open,
    // memory it would otherwise have to touch (1.2 s against 0.8 s on this machine, alternated).
    client = await PGlite.create({
      ...(target.template ? { loadDataDir: target.template } : {}),
      extensions,
      startParams: pageCacheParams(PGlite, SMALL_PAGE_CACHE_MB),
    });
  }
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await client.close();
    lock?.release();
  };
  try {
    await assertSchemaNotNewer(db);
    await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (err) {
    await close();
    throw err;
  }
  return { db, engine: 'pglite', close };
}

async function openPostgres(
  url: string,
  { connections = 10, migrate = true }: { connections?: number; migrate?: boolean } = {},
): Promise<DatabaseHandle> {
  const [{ default: pg }, { drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  const pool = new pg.Pool({ connectionString: url, max: connections });
  // An idle connection can be cut by the server (a restart, an administrator, a failover). The pool
  // drops it and opens a new one when needed; without a listener, Node would end the whole process.
  pool.on('error', (err) =>
    process.emitWarning(`PostgreSQL closed an idle connection: ${err.message}`, 'HeardDatabaseWarning'),
  );
  // The same can happen to a connection in use (mid-request, mid-transaction). The query in flight gets the
  // error and the request fails with "service unavailable"; this listener stops the client's 'error' event
  // from ending the process, and the pool discards the broken client when it is released.
  pool.on('connect', (client) => {
    client.on('error', (err) =>
      process.emitWarning(`PostgreSQL closed a connection in use: ${err.message}`, 'HeardDatabaseWarning'),
    );
  });
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  releaseBrokenTransactionClients(db, pool, drizzlePg);
  // Several servers may start at once: one migrates, the others wait on the advisory lock.
  const conn = await pool.connect();
  try {
    const lockedDb = drizzlePg(conn, { schema });
    if (migrate) {
      await lockedDb.execute(sql`select pg_advisory_lock(727274)`);
      try {
        await assertSchemaNotNewer(lockedDb as unknown as Database);
        await migratePg(lockedDb, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await lockedDb.execute(sql`select pg_advisory_unlock(727274)`);
      }
    } else await assertSchemaNotNewer(lockedDb as unknown as Database);
  } catch (err) {
    conn.release();
    await pool.end();
    throw err;
  }
  conn.release();
  let ended = false;
  return {
    db,
    engine: 'postgres',
    url,
    close: async () => {
      if (ended) return;
      ended = true;
      // pool.end() resolves once it has asked each connection to close, not when they have closed;
      // wait for every one, so that whoever drops or restarts the database next finds none left.
      const closing = connectionsClosed(pool);
      await pool.end();
      await closing;
    },
  };
}

/**
 * drizzle-orm's node-postgres transactions check a client out and send BEGIN
 * before their try/finally: when BEGIN fails (the server ended the connection
 * a moment before) the client is never released, and after ten of those the
 * pool is empty for good and every request waits forever. Heard's transactions
 * check the client out themselves, release it whatever happens, and release a
 * broken one with its error so that the pool discards it instead of reusing it.
 */
function releaseBrokenTransactionClients(
  db: Database,
  pool: pg.Pool,
  drizzlePg: typeof import('drizzle-orm/node-postgres').drizzle,
): void {
  const perClient = new WeakMap<pg.PoolClient, Database>();
  const transaction: Database['transaction'] = async (work, config) => {
    const client = await pool.connect();
    let clientDb = perClient.get(client);
    if (!clientDb) perClient.set(client, (clientDb = drizzlePg(client, { schema }) as unknown as Database));
    let broken: Error | undefined;
    try {
      return await clientDb.transaction(work, config);
    } catch (err) {
      if (isDatabaseUnavailable(err)) broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  };
  Object.assign(db, { transaction });
}

function connectionsClosed(pool: pg.Pool): Promise<void> {
  let open = pool.totalCount;
  if (open === 0) return Promise.resolve();
  return new Promise((resolve) => {
    pool.on('remove', () => {
      open -= 1;
      if (open <= 0) resolve();
    });
    // A connection the server already ended may never report its end ('remove' waits for the socket's
    // 'end', which has been and gone): stop waiting for those after a few seconds rather than forever.
    setTimeout(resolve, 3000).unref();
  });
}
