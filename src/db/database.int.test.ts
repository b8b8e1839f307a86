import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { rejectsWithDatabaseError } from '../../test/support/assertions.ts';
import { embeddedOnly, testDatabase } from '../../test/support/database.ts';
import { DataFolderInUseError, lockDataFolder } from './data-folder-lock.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { rowsOf } from './rows.ts';
import { latestKnownMigration, SchemaTooNewError } from './schema-version.ts';

describe('a migrated database', () => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await testDatabase();
  });
  after(() => handle.close());

  it('has every table of the case record', async () => {
    const result = await handle.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const tables = rowsOf<{ table_name: string }>(result).map((r) => r.table_name);
    for (const t of [
      'feedback_cases',
      'case_type_changes',
      'case_procedure_changes',
      'case_parties',
      'people',
      'org_units',
      'org_unit_names',
      'reference_items',
      'stages',
      'stage_people',
      'investigations',
      'complaint_heads',
      'remedies',
      'learning_points',
      'actions',
      'compliments',
      'clock_events',
      'audit_events',
      'users',
      'sessions',
      'attachments',
      'case_links',
      'context_figures',
    ]) {
      assert.ok(tables.includes(t), `table ${t}`);
    }
  });

  it('refuses to change or delete the audit trail', async () => {
    await handle.db.execute(
      sql`insert into audit_events (occurred_at, actor_label, action, entity) values (now(), 'test', 'test.action', 'test')`,
    );
    await rejectsWithDatabaseError(handle.db.execute(sql`update audit_events set action = 'rewritten'`), /append-only/);
    await rejectsWithDatabaseError(handle.db.execute(sql`delete from audit_events`), /append-only/);
    const rows = rowsOf<{ action: string }>(await handle.db.execute(sql`select action from audit_events`));
    assert.deepEqual(
      rows.map((r) => r.action),
      ['test.action'],
    );
  });

  it("lets only a disposal transaction replace an audit entry's values, and nothing else, ever", async () => {
    await handle.db.execute(
      sql`insert into audit_events (occurred_at, actor_label, action, entity, after) values (now(), 'test', 'test.disposal', 'test', '{"name":"Sam Smith"}')`,
    );
    const scrub = sql`update audit_events set after = '{"name":"[removed under retention]"}' where action = 'test.disposal'`;
    // Without the switch, the values cannot change either.
    await rejectsWithDatabaseError(handle.db.execute(scrub), /append-only/);
    // With it, only before/after may change: never who, what or when; and never a delete or truncate.
    const inDisposal = (statement: ReturnType<typeof sql>) =>
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('heard.retention_disposal', 'on', true)`);
        await tx.execute(statement);
      });
    await rejectsWithDatabaseError(
      inDisposal(sql`update audit_events set action = 'rewritten' where action = 'test.disposal'`),
      /append-only/,
    );
    await rejectsWithDatabaseError(
      inDisposal(sql`update audit_events set actor_label = 'someone else' where action = 'test.disposal'`),
      /append-only/,
    );
    await rejectsWithDatabaseError(
      inDisposal(sql`update audit_events set occurred_at = now() - interval '1 day' where action = 'test.disposal'`),
      /append-only/,
    );
    await rejectsWithDatabaseError(
      inDisposal(sql`delete from audit_events where action = 'test.disposal'`),
      /append-only/,
    );
    await rejectsWithDatabaseError(inDisposal(sql`truncate audit_events`), /append-only/);
    await inDisposal(scrub);
    // The switch ends with its transaction.
    await rejectsWithDatabaseError(
      handle.db.execute(sql`update audit_events set after = '{}' where action = 'test.disposal'`),
      /append-only/,
    );
    const rows = rowsOf<{ after: unknown }>(
      await handle.db.execute(sql`select after from audit_events where action = 'test.disposal'`),
    );
    assert.deepEqual(
      rows.map((r) => r.after),
      [{ name: '[removed under retention]' }],
    );
  });

  it('refuses dates that run backwards', async () => {
    await rejectsWithDatabaseError(
      handle.db.execute(
        sql`insert into feedback_cases (reference, type, received_on, closed_on, subject) values ('X-2024-00001', 'complaint', '2024-05-02', '2024-05-01', 'x')`,
      ),
      /feedback_cases_closed_after_received/,
    );
  });
});

describe('the embedded data folder', { skip: embeddedOnly }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'heard-folder-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lets only one process open it, and says what to do', async () => {
    const first = await openDatabase({ engine: 'pglite', dataDir: dir, command: 'first' });
    try {
      const lockFile = path.join(dir, 'heard.lock');
      // Another live process holds it: pid 1 is always alive.
      await first.close();
      writeFileSync(lockFile, JSON.stringify({ pid: 1, command: 'heard start' }));
      await assert.rejects(openDatabase({ engine: 'pglite', dataDir: dir, command: 'second' }), (err: unknown) => {
        assert.ok(err instanceof DataFolderInUseError);
        assert.match(err.message, /in use by another Heard process \(pid 1: heard start\)/);
        assert.match(err.message, /Stop that process first/);
        return true;
      });
      rmSync(lockFile);
    } finally {
      await first.close();
    }
  });

  it('takes over a lock left by a process that has gone', () => {
    writeFileSync(path.join(dir, 'heard.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, command: 'crashed' }));
    const lock = lockDataFolder(dir, 'test');
    lock.release();
  });

  it('refuses a second lock from the same process', () => {
    const lock = lockDataFolder(dir, 'test');
    try {
      assert.throws(() => lockDataFolder(dir, 'again'), DataFolderInUseError);
    } finally {
      lock.release();
    }
  });

  it('keeps data between opens, and refuses a database from a newer Heard without changing it', async () => {
    const first = await openDatabase({ engine: 'pglite', dataDir: dir, command: 'first' });
    await first.db.execute(
      sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', ${latestKnownMigration() + 1000})`,
    );
    await first.close();
    await assert.rejects(openDatabase({ engine: 'pglite', dataDir: dir, command: 'second' }), (err: unknown) => {
      assert.ok(err instanceof SchemaTooNewError);
      assert.match(err.message, /newer version of Heard/);
      assert.match(err.message, /Nothing has been changed/);
      return true;
    });
    // The refusal released the lock, so the folder can still be opened by a newer Heard; the future row is still there.
    const lock = lockDataFolder(dir, 'check');
    lock.release();
  });
});

describe('closing a PostgreSQL connection pool', { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL' }, () => {
  // Before the fix, close() returned while connections were still closing; dropping the database
  // straight after cut them, and the pool's unhandled 'error' ended the test process (about 6 in 10 times).
  it('returns only when every connection has gone, so the database can be dropped at once', async () => {
    const url = process.env.DATABASE_URL!;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      for (let i = 0; i < 10; i++) {
        const name = `heard_close_${process.pid}_${i}`;
        await admin.query(`create database ${name}`);
        const target = new URL(url);
        target.pathname = `/${name}`;
        const handle = await openDatabase({ engine: 'postgres', url: target.toString() });
        await Promise.all(Array.from({ length: 8 }, () => handle.db.execute(sql`select pg_sleep(0.01)`)));
        await handle.close();
        const left = await admin.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [
          name,
        ]);
        assert.equal(Number(left.rows[0]!.n), 0, 'no connection left');
        await admin.query(`drop database ${name} with (force)`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await admin.end();
    }
  });
});
