/**
 * npm run bench: every benchmark, one table. Later issues add theirs here.
 * BENCH_ONLY=name,name runs a subset; BENCH_DATABASE_URL picks the PostgreSQL server.
 */
import { caseListBench } from './case-list.bench.ts';
import { clocksBench } from './clocks.bench.ts';
import { importBench } from './import.bench.ts';
import { pagesBench } from './pages.bench.ts';
import { reportBench } from './report.bench.ts';
import { reportScaleBench } from './report-scale.bench.ts';
import { scaleBench } from './scale.bench.ts';
import { startupBench } from './startup.bench.ts';
import { uploadsBench } from './uploads.bench.ts';
import { printTable } from './harness.ts';

const benches: Record<string, () => Promise<void>> = {
  clocks: () => clocksBench(Number(process.env.BENCH_CLOCK_CASES ?? 1_000_000)),
  report: () => reportBench(Number(process.env.BENCH_REPORT_CASES ?? 5_000)),
  'report-scale': () => reportScaleBench(Number(process.env.BENCH_REPORT_SCALE_CASES ?? 1_000_000)),
  import: () =>
    importBench(Number(process.env.BENCH_IMPORT_ROWS ?? 10_000), Number(process.env.BENCH_IMPORT_PG_ROWS ?? 100_000)),
  'case-list': () => caseListBench(Number(process.env.BENCH_CASES ?? 100_000)),
  // Issue 16's goals at 1,000,000 cases on PostgreSQL; BENCH_SCALE_DATABASE=name keeps the database for the next run.
  scale: () => scaleBench(Number(process.env.BENCH_SCALE_CASES ?? 1_000_000)),
  uploads: () => uploadsBench(Number(process.env.BENCH_UPLOADS ?? 20)),
  // The demo council's size (205 cases a year); BENCH_PAGES_CASES_PER_YEAR=33000 for about 100,000.
  pages: () => pagesBench(Number(process.env.BENCH_PAGES_CASES_PER_YEAR ?? 205)),
  // Starting the command line and the server, compiled and through tsx (ADR 0013).
  startup: () => startupBench(Number(process.env.BENCH_STARTUP_RUNS ?? 5)),
};

const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const started = Date.now();
for (const [name, run] of Object.entries(benches)) {
  if (only && !only.includes(name)) continue;
  console.log(`Running ${name}...`);
  await run();
}
console.log(
  `\nHeard benchmarks (${new Date().toISOString().slice(0, 10)}, node ${process.version}, peak RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, ${((Date.now() - started) / 1000).toFixed(0)} s in all)\n`,
);
printTable();
