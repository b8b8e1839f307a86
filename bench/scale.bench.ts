import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/db/rows.ts';
import { fixedClock } from '../src/domain/clock.ts';
import { userActor, type Actor } from '../src/services/actor.ts';
import { services, type Services } from '../src/services/index.ts';
import type { Database } from '../src/db/database.ts';
import { ms, rows, sample, time } from './harness.ts';
import { scaleDatabase } from './scale-database.ts';
import { postgresServer } from './targets.ts';
import { CASE_SEARCH_TIME_LIMITS, CaseSearchTooSlowError } from '../src/services/cases/listing.ts';
import { DASHBOARD_WAITS_MS } from '../src/web/routes/dashboard/index.ts';

const GOAL = 'p95 < 100 ms';

/**
 * Issue 16's goals at a large council's scale, on PostgreSQL: search, the case
 * lists, My cases, the triage queue and the dashboard, each with its p95 and
 * whether it meets the goal. The database (built by scaleDatabase) is dropped
 * afterwards unless BENCH_SCALE_DATABASE names one to keep for the next run.
 */
export async function scaleBench(target = 1_000_000): Promise<void> {
  const url = await postgresServer();
  const size = `${target.toLocaleString('en-GB')} cases`;
  if (!url) {
    rows.push({
      benchmark: 'goals at scale',
      engine: 'postgres',
      size,
      result: 'skipped: no PostgreSQL server',
      target: GOAL,
    });
    return;
  }
  const built = await scaleDatabase(url, target, { keep: process.env.BENCH_SCALE_DATABASE || undefined });
  const { handle, svc } = built;
  try {
    const n = `${built.cases.toLocaleString('en-GB')} cases`;
    rows.push({
      benchmark: 'goals at scale: the database',
      engine: 'postgres',
      size: n,
      result:
        built.copiedMs === null
          ? `kept from an earlier run (${process.env.BENCH_SCALE_DATABASE})`
          : `copied in ${ms(built.copiedMs)}, report documents in ${ms(built.factsMs!)}`,
      target: '-',
    });
    const people = await actors(handle.db);
    const stoppedSearch = async (q: string) => {
      const took: number[] = [];
      let stopped = 0;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        try {
          await svc.cases.list(people.officer, { status: 'all', q });
        } catch (err) {
          if (!(err instanceof CaseSearchTooSlowError)) throw err;
          stopped++;
        }
        took.push(performance.now() - started);
      }
      rows.push({
        benchmark: `search: a rare word of common letters ("${q}")`,
        engine: 'postgres',
        size: n,
        result: `answered in ${took.map(ms).join(', ')}; stopped at the limit ${stopped} of 3 times`,
        target: `answers within the ${CASE_SEARCH_TIME_LIMITS.pageMs / 1000} s limit`,
      });
    };
    const goal = async (benchmark: string, fn: () => Promise<unknown>, runs = 30) => {
      // Something far from its goal is timed fewer times: the figure is as plain from five runs.
      const slow = (await time(fn)).ms > 500;
      const t = await sample(fn, slow ? Math.min(runs, 5) : runs, slow ? 0 : 3);
      rows.push({
        benchmark,
        engine: 'postgres',
        size: n,
        result: `p50 ${ms(t.p50)}, p95 ${ms(t.p95)}: ${t.p95 < 100 ? 'met' : 'NOT met'}`,
        target: GOAL,
      });
    };

    for (const [label, q] of await searches(handle.db))
      await goal(`search: ${label} ("${q}")`, () => svc.cases.list(people.officer, { status: 'all', q }));
    // A word rare in itself but made of common letters ("complaint" beside "complainant") reads every case:
    // the search is stopped at its time limit and says so (ADR 0022). What matters is how soon it answers.
    await stoppedSearch('complaint');

    // What the list pages do: a page of the list, then the clock that matters next on each row.
    const page = (actor: Actor, filters: Parameters<Services['cases']['list']>[1]) => async () => {
      const r = await svc.cases.list(actor, filters);
      await svc.timescales.nextClocks(r.rows.map((x) => x.id));
    };
    await goal('case list: open cases, page 1', page(people.officer, { status: 'open', page: 1 }));
    await goal('case list: all cases, page 20', page(people.officer, { status: 'all', page: 20 }));
    await goal('case list: closed cases, page 1', page(people.officer, { status: 'closed', page: 1 }));
    await goal('My cases (investigating manager)', page(people.manager, { status: 'open', pageSize: 200 }));
    await goal('triage queue', () => svc.triage.queue(people.officer));
    // The dashboard keeps its figures until the data changes. After a change it shows the figures from before
    // (saying when they were worked out) while the new ones are built in the background (ADR 0021).
    const dashboard = (s: Services) => () =>
      Promise.all([
        s.reports.modelFor(people.officer, '2026-04-01', '2026-11-21', undefined, {
          words: false,
          staleForMs: 30 * 60_000,
        }),
        s.reports.dueNow(people.officer, { unitIds: null, procedure: null }, { staleForMs: 30 * 60_000 }),
      ]);
    // The dashboard as the server has it on PostgreSQL: models built in a thread of their own (model-thread.ts).
    const server = serverServices(handle.db, built.url);
    await goal('dashboard, figures kept since the last change', dashboard(server));
    // A change is an audit event (as every change Heard makes writes one): its id is the data's version.
    // The trail is append-only, so these stay in a kept bench database, marked as the bench's.
    const change = () =>
      handle.db.execute(
        sql`insert into audit_events (occurred_at, actor_label, action, entity) values (now(), 'bench', 'bench.change', 'bench')`,
      );
    await goal('dashboard, first view after a change (older figures, said so)', async () => {
      await change();
      const [figures, due] = await dashboard(server)();
      if (figures.current || due.current) throw new Error('the dashboard waited for new figures after a change');
    });
    await server.reports.settled();
    // What another request meets while the model is built in the background after a change: a case list.
    const listWhileBuilding = async (s: Services, where: string) => {
      await change();
      let done = false;
      const building = dashboard(s)()
        .then(() => s.reports.settled())
        .finally(() => (done = true));
      // A list every 100 ms for as long as the build runs.
      const took: number[] = [];
      while (!done) {
        took.push((await time(page(people.officer, { status: 'open', page: 1 }))).ms);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await building;
      took.sort((a, b) => a - b);
      const at = (q: number) => took[Math.min(took.length - 1, Math.floor(q * took.length))]!;
      rows.push({
        benchmark: `case list while the dashboard builds its figures ${where}`,
        engine: 'postgres',
        size: n,
        result: `${took.length} lists: p50 ${ms(at(0.5))}, p95 ${ms(at(0.95))}, slowest ${ms(took.at(-1)!)}: ${at(0.95) < 100 ? 'met' : 'NOT met'}`,
        target: GOAL,
      });
    };
    await listWhileBuilding(svc, "in the server's thread (before)");
    await listWhileBuilding(server, 'in a thread of its own');
    await server.reports.settled();
    // A server just started has no figures to show: the page waits DASHBOARD_WAITS_MS for them, then says they are
    // being worked out (and the next view after the build shows them).
    const firstViews: { answered: number; ready: number; pending: boolean }[] = [];
    for (let i = 0; i < 3; i++) {
      const fresh = serverServices(handle.db, built.url);
      const asked = { staleForMs: 30 * 60_000, waitMs: DASHBOARD_WAITS_MS };
      const started = performance.now();
      const [figures] = await Promise.all([
        fresh.reports.modelIfReady(people.officer, '2026-04-01', '2026-11-21', undefined, { words: false, ...asked }),
        fresh.reports.dueNowIfReady(people.officer, { unitIds: null, procedure: null }, asked),
      ]);
      const answered = performance.now() - started;
      await fresh.reports.settled();
      firstViews.push({ answered, ready: performance.now() - started, pending: typeof figures === 'string' });
      await fresh.reports.close();
    }
    const slowest = (k: 'answered' | 'ready') => Math.max(...firstViews.map((v) => v[k]));
    rows.push({
      benchmark: 'dashboard, first view after the server starts (no figures yet)',
      engine: 'postgres',
      size: n,
      result:
        `answered in ${ms(slowest('answered'))} at most over 3 starts ` +
        `(${firstViews.filter((v) => v.pending).length} saying the figures are being worked out), ` +
        `figures ready ${ms(slowest('ready'))} after the first view`,
      target: `answer < ${ms(DASHBOARD_WAITS_MS + 100)}`,
    });
    await server.reports.close();
  } finally {
    await handle.close();
  }
}

/** Services as a server on PostgreSQL has them (a thread of its own for each report model), started afresh. */
function serverServices(db: Database, url: string): Services {
  return services(db, fixedClock('2026-11-21T12:00:00Z'), { referencePrefix: 'CS', reportThreadDatabaseUrl: url });
}

/** An officer (every case) and the investigating manager with the most open cases (My cases). */
async function actors(db: Database): Promise<{ officer: Actor; manager: Actor }> {
  const pick = async (query: ReturnType<typeof sql>) => {
    const [u] = rowsOf<{ id: string; display_name: string; role: string }>(await db.execute(query));
    return userActor({ id: u!.id, displayName: u!.display_name, role: u!.role as never });
  };
  return {
    officer: await pick(sql`select id, display_name, role from users where role = 'complaints_officer' limit 1`),
    manager: await pick(
      sql`select u.id, u.display_name, u.role from users u join feedback_cases f on f.investigating_manager_id = u.id
          where f.status <> 'closed' group by u.id order by count(*) desc limit 1`,
    ),
  };
}

/** What people type: a whole reference, the start of one, a surname, a word of the subject, two words. */
async function searches(db: Database): Promise<[string, string][]> {
  const one = async (query: ReturnType<typeof sql>) => rowsOf<{ v: string }>(await db.execute(query))[0]!.v;
  const reference = await one(
    sql`select reference as v from feedback_cases where reference ~ '^CS-2025-[0-9]+$' order by reference limit 1 offset 120`,
  );
  const surname = await one(sql`select family_name as v from people group by 1 order by count(*) desc limit 1`);
  return [
    ['a whole reference', reference],
    ['the start of a reference', reference.slice(0, -2)],
    ['a surname', surname],
    ['a word of the subject', 'assessment'],
    ['two words', 'transport jones'],
  ];
}
