import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database, type DatabaseHandle } from '../src/db/database.ts';
import { rowsOf } from '../src/db/rows.ts';
import { refreshAllReportFacts } from '../src/reports/facts.ts';
import { fixedClock } from '../src/domain/clock.ts';
import { services, type Services } from '../src/services/index.ts';
import { loadDemoCouncil } from './demo-council.ts';
import { time } from './harness.ts';

/** What a large-council database took to build, or that it was found ready. */
export interface ScaleDatabase {
  handle: DatabaseHandle;
  /** The database's address (a server's report model threads open their own connections to it). */
  url: string;
  svc: Services;
  cases: number;
  /** Milliseconds copying the cases, and building their report documents; null when the database was kept from a run before. */
  copiedMs: number | null;
  factsMs: number | null;
}

/**
 * A PostgreSQL database of about `target` cases over ten years: a generated
 * demo council of `basePerYear` cases a year, copied in SQL until the target
 * is reached, with every case's report documents built. Building takes
 * several minutes, so `keep` names a database that is kept after the run and
 * used again by the next one while it holds the same number of copies (drop
 * it with `dropdb NAME`); without it, a fresh database is dropped at close.
 */
export async function scaleDatabase(
  serverUrl: string,
  target: number,
  { keep, basePerYear = 2_000, seed = 23 }: { keep?: string; basePerYear?: number; seed?: number } = {},
): Promise<ScaleDatabase> {
  const name = keep ?? `heard_bench_scale_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  if (!exists) await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const opened = await openDatabase({ engine: 'postgres', url: url.toString() });
  const handle: DatabaseHandle = keep
    ? opened
    : {
        ...opened,
        async close() {
          await opened.close();
          const cleanup = new pg.Client({ connectionString: serverUrl });
          await cleanup.connect();
          await cleanup.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
          await cleanup.end();
        },
      };
  const ready = await readyMark(handle.db);
  if (exists && ready === target) {
    const svc = services(handle.db, fixedClock('2026-11-21T12:00:00Z'), { referencePrefix: 'CS' });
    return { handle, url: url.toString(), svc, cases: await caseCount(handle.db), copiedMs: null, factsMs: null };
  }
  if (exists) throw new Error(`Database ${name} exists but was not built for ${target} cases: drop it first.`);
  try {
    const { svc, data } = await loadDemoCouncil(handle, { years: 10, casesPerYear: basePerYear, seed });
    const copies = Math.max(0, Math.ceil(target / data.cases.length) - 1);
    const copied = await time(() => copyCases(handle.db, copies));
    const facts = await time(() => refreshAllReportFacts(handle.db, { batch: 10_000 }));
    // Measured as a database that has settled, as autovacuum leaves it (VACUUM merges the trigram index's
    // pending entries and marks the rows visible): straight after the copy, analysed but not vacuumed, a
    // surname's search took 1.30 s (p50) against 55 ms after a VACUUM (2026-12-02, the same 1,000,301 cases).
    await handle.db.execute(sql`vacuum (analyze)`);
    await handle.db.execute(sql.raw(`create table bench_scale_ready as select ${Number(target)} as target`));
    return {
      handle,
      url: url.toString(),
      svc,
      cases: await caseCount(handle.db),
      copiedMs: copied.ms,
      factsMs: facts.ms,
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

async function readyMark(db: Database): Promise<number | null> {
  const [present] = rowsOf<{ yes: boolean }>(
    await db.execute(sql`select to_regclass('bench_scale_ready') is not null as yes`),
  );
  if (!present?.yes) return null;
  const [mark] = rowsOf<{ target: number }>(await db.execute(sql`select target from bench_scale_ready`));
  return mark ? Number(mark.target) : null;
}

async function caseCount(db: Database): Promise<number> {
  return Number(rowsOf<{ n: string }>(await db.execute(sql`select count(*) as n from feedback_cases`))[0]!.n);
}

/** Copies every case (and what hangs off it) `copies` times under new ids and references. */
export async function copyCases(db: Database, copies: number): Promise<void> {
  const columnsOf = async (table: string) =>
    rowsOf<{ column_name: string }>(
      await db.execute(
        sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER' order by ordinal_position`,
      ),
    ).map((r) => r.column_name);
  // How each column is filled in a copy: mapped ids for cases and stages, fresh ids for the rest, links to single rows dropped.
  const special: Record<string, Record<string, string>> = {
    feedback_cases: {
      id: 'cm.new',
      reference: "t.reference || '/' || $k",
      legacy_reference: "t.legacy_reference || '/' || $k",
      merged_into_id: 'null',
    },
    case_parties: { id: 'gen_random_uuid()', case_id: 'cm.new' },
    case_themes: { case_id: 'cm.new' },
    stages: { id: 'sm.new', case_id: 'cm.new' },
    investigations: { id: 'gen_random_uuid()', stage_id: 'sm.new' },
    remedies: { id: 'gen_random_uuid()', stage_id: 'sm.new' },
    learning_points: { id: 'gen_random_uuid()', case_id: 'cm.new', investigation_id: 'null' },
    actions: { id: 'gen_random_uuid()', case_id: 'cm.new', learning_point_id: 'null' },
    compliments: { case_id: 'cm.new' },
    clock_events: { id: 'gen_random_uuid()', case_id: 'cm.new', stage_id: 'sm.new' },
  };
  const joins: Record<string, string> = {
    feedback_cases: 'join cm on cm.old = t.id',
    stages: 'join sm on sm.old = t.id join cm on cm.old = t.case_id',
    investigations: 'join sm on sm.old = t.stage_id',
    remedies: 'join sm on sm.old = t.stage_id',
    clock_events: 'join cm on cm.old = t.case_id left join sm on sm.old = t.stage_id',
  };
  const statements: string[] = [];
  for (const [table, fill] of Object.entries(special)) {
    const columns = await columnsOf(table);
    const values = columns.map((c) => fill[c] ?? `t.${c}`);
    statements.push(
      `insert into ${table} (${columns.join(', ')}) select ${values.join(', ')} from ${table} t ${joins[table] ?? 'join cm on cm.old = t.case_id'}`,
    );
  }
  await db.execute(sql.raw('create table bench_base_cases as select id from feedback_cases'));
  for (let k = 1; k <= copies; k++) {
    await db.transaction(async (tx) => {
      await tx.execute(
        sql.raw(
          'create temporary table cm on commit drop as select id as old, gen_random_uuid() as new from bench_base_cases',
        ),
      );
      await tx.execute(
        sql.raw(
          'create temporary table sm on commit drop as select s.id as old, gen_random_uuid() as new from stages s join cm on cm.old = s.case_id',
        ),
      );
      await tx.execute(sql.raw('create index on cm (old); create index on sm (old); analyze cm; analyze sm'));
      for (const statement of statements) await tx.execute(sql.raw(statement.replaceAll('$k', String(k))));
    });
  }
  await db.execute(sql.raw('drop table bench_base_cases'));
}
