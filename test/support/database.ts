import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { templateBlob } from './pglite-template.ts';

/**
 * A fresh, migrated database for one test file: PGlite in memory, or — when
 * DATABASE_URL is set — a new database on that PostgreSQL server, dropped
 * afterwards. Test files run in parallel, so none shares a database.
 */
export async function testDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ engine: 'pglite-memory', template: await templateBlob() });
  return freshPostgres(url, 'heard_t');
}

/**
 * A new, migrated database on the server at `url`, dropped when the handle closes: a copy of the
 * run's migrated template when scripts/run-tests.mjs made one (test/support/postgres-template.ts).
 */
export async function freshPostgres(url: string, prefix: string): Promise<DatabaseHandle & { url: string }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const template = process.env.HEARD_TEST_PG_TEMPLATE;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}${template ? ` template ${pg.escapeIdentifier(template)}` : ''}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const handle = await openDatabase({ engine: 'postgres', url: dbUrl.toString() });
  return {
    ...handle,
    url: dbUrl.toString(),
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export function engineName(): string {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

/**
 * The skip for a test of Heard's own embedded data folders (the command line, the folder's lock), which
 * runs on PGlite whatever DATABASE_URL says: on the PostgreSQL run (`npm run test:db`) it would only repeat
 * what `npm test` has just run on the same code. Given as `{ skip: embeddedOnly }`.
 */
export const embeddedOnly: string | false = process.env.DATABASE_URL
  ? 'runs on embedded data folders of its own whatever DATABASE_URL says: npm test runs it'
  : false;
