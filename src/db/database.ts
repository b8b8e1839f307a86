import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';
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
  close(): Promise<void>;
}

export { MIGRATIONS_FOLDER };

export type DatabaseTarget =
  | { engine: 'postgres'; url: string }
  | { engine: 'pglite'; dataDir: string; command: string }
  | { engine: 'pglite-memory' };

/** Opens the database, refuses a data folder from a newer Heard, and applies migrations. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.engine === 'postgres') return openPostgres(target.url);
  let lock: DataFolderLock | null = null;
  let client: PGlite;
  if (target.engine === 'pglite') {
    lock = lockDataFolder(target.dataDir, target.command);
    try {
      client = await PGlite.create(path.join(target.dataDir, 'pgdata'));
    } catch (err) {
      lock.release();
      throw err;
    }
  } else {
    client = await PGlite.create();
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

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection can be cut by the server (a restart, an administrator, a failover). The pool
  // drops it and opens a new one when needed; without a listener, Node would end the whole process.
  pool.on('error', (err) => process.emitWarning(`PostgreSQL closed an idle connection: ${err.message}`, 'HeardDatabaseWarning'));
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  // Several servers may start at once: one migrates, the others wait on the advisory lock.
  const conn = await pool.connect();
  try {
    const lockedDb = drizzlePg(conn, { schema });
    await lockedDb.execute(sql`select pg_advisory_lock(727274)`);
    try {
      await assertSchemaNotNewer(lockedDb as unknown as Database);
      await migratePg(lockedDb, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await lockedDb.execute(sql`select pg_advisory_unlock(727274)`);
    }
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

function connectionsClosed(pool: pg.Pool): Promise<void> {
  let open = pool.totalCount;
  if (open === 0) return Promise.resolve();
  return new Promise((resolve) => {
    pool.on('remove', () => {
      open -= 1;
      if (open <= 0) resolve();
    });
  });
}
