import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';

/**
 * A migrated, empty database on the PostgreSQL server, made once per test run
 * by scripts/run-tests.mjs: each test file then copies it (CREATE DATABASE …
 * TEMPLATE, a fraction of a second) instead of applying every migration to a
 * database of its own. It refuses connections, because PostgreSQL cannot copy
 * a database someone is connected to, and it is dropped when the run ends.
 */
export async function makePostgresTemplate(url: string): Promise<string> {
  const name = `heard_tpl_${randomBytes(6).toString('hex')}`;
  await admin(url, `create database ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  try {
    const handle = await openDatabase({ engine: 'postgres', url: dbUrl.toString() });
    await handle.close();
    await admin(url, `alter database ${name} with allow_connections false is_template true`);
  } catch (err) {
    await dropPostgresTemplate(url, name);
    throw err;
  }
  return name;
}

export async function dropPostgresTemplate(url: string, name: string): Promise<void> {
  if (!/^heard_tpl_[0-9a-f]+$/.test(name)) throw new Error(`Not a test template: ${name}`);
  await admin(url, `alter database ${name} with is_template false`).catch(() => undefined);
  await admin(url, `drop database if exists ${name} with (force)`);
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

// Run by scripts/run-tests.mjs: prints the new template's name, or with --drop drops HEARD_TEST_PG_TEMPLATE.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL names the PostgreSQL server');
  if (process.argv[2] === '--drop') await dropPostgresTemplate(url, process.env.HEARD_TEST_PG_TEMPLATE ?? '');
  else console.log(await makePostgresTemplate(url));
}
