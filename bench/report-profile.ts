/**
 * Where the annual report model's time goes, part by part, on a kept bench
 * database (BENCH_REPORT_SCALE_DB, loaded by `BENCH_ONLY=report-scale`):
 *   BENCH_REPORT_SCALE_DB=heard_report_million node --import tsx bench/report-profile.ts
 * Prints one line a part, in milliseconds, and the scope query's plan.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/database.ts';
import { rowsOf } from '../src/db/rows.ts';
import { fixedClock } from '../src/domain/clock.ts';
import { addCalendarDays } from '../src/domain/calendar/iso-date.ts';
import { loadReportRows, reportScopeSql } from '../src/reports/load.ts';
import { longRunCounts } from '../src/reports/long-run.ts';
import { earlierPeriods, LONG_RUN_YEARS, reportModel } from '../src/reports/model.ts';
import { services } from '../src/services/index.ts';

const name = process.env.BENCH_REPORT_SCALE_DB;
if (!name) throw new Error('Set BENCH_REPORT_SCALE_DB to the kept bench database');
const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
url.pathname = `/${name}`;
const handle = await openDatabase({ engine: 'postgres', url: url.toString() });
const db = handle.db;
const svc = services(db, fixedClock('2026-11-21T12:00:00Z'), { referencePrefix: 'CS' });
const [from, to] = ['2025-04-01', '2026-03-31'] as const;
const earliest = addCalendarDays(earlierPeriods(from, to, 3)[0]!.from, -1);
// Wall-clock time, and the time this process spent on the CPU (less disturbed by other work on the machine).
const parts: [string, number, number][] = [];
async function part<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const [start, cpu] = [performance.now(), process.cpuUsage()];
  const value = await fn();
  const used = process.cpuUsage(cpu);
  parts.push([label, performance.now() - start, (used.user + used.system) / 1000]);
  return value;
}

const runs = Number(process.env.PROFILE_RUNS ?? 1);
for (let run = 0; run < runs; run++) {
  parts.length = 0;
  const plan = await part('scope query alone (count of its ids)', async () =>
    rowsOf<{ 'QUERY PLAN': string }>(
      await db.execute(sql`explain (analyze, buffers) select count(*) from (${reportScopeSql(earliest, to)}) scope`),
    ).map((r) => r['QUERY PLAN']),
  );
  const rows = await part('loadReportRows (scope, documents read and turned into rows)', () =>
    loadReportRows(db, earliest, to),
  );
  parts.push([`  (cases ${rows.cases.length}, stages ${rows.stages.length}, events ${rows.clockEvents.length})`, 0, 0]);
  const older = await part('long-run counts (SQL)', () =>
    longRunCounts(db, earlierPeriods(from, to, LONG_RUN_YEARS).slice(0, LONG_RUN_YEARS - 3), {
      teamIds: null,
      procedures: null,
    }),
  );
  const calendar = await part('working-day calendar', () => svc.calendar.calendar());
  await part('figures (reportModel, pure)', () =>
    reportModel(rows, from, to, { teamNames: 'as_was', excludeMigratedFromTimescales: false }, calendar, older),
  );
  const model = await part('svc.reports.model uncached (the bench figure)', () =>
    svc.reports.model(from, to, undefined, { cached: false }),
  );
  // PROFILE_DUMP=file writes the whole model, to compare the figures before and after a change.
  if (process.env.PROFILE_DUMP && run === 0) {
    const json = JSON.stringify(model);
    writeFileSync(process.env.PROFILE_DUMP, json);
    console.log(`model written: ${json.length} characters, sha256 ${createHash('sha256').update(json).digest('hex')}`);
  }
  if (run === runs - 1) console.log(plan.join('\n'));
  console.log(`\nrun ${run + 1}, RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
  console.log('   wall  Node CPU (ms)');
  for (const [label, ms, cpu] of parts)
    console.log(
      `${ms ? ms.toFixed(0).padStart(7) : '       '}  ${ms ? cpu.toFixed(0).padStart(7) : '       '}  ${label}`,
    );
}
await handle.close();
