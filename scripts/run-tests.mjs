#!/usr/bin/env node
// Runs the test tiers named on the command line with node's own test runner:
//   unit  *.test.ts under src/ and test/ (not .int, not test/e2e)   pure and fast
//   int   *.int.test.ts under src/ and test/                        real database: PGlite, or PostgreSQL when DATABASE_URL is set
//   e2e   test/e2e/**/*.test.ts                                     real browser against the real server
// Anything after `--` goes to `node --test` as it is (e.g. -- --test-name-pattern=clock).
// TEST_CONCURRENCY overrides the number of test processes (default: the machine's cores).
// TEST_ISOLATION=process runs each test file in a process of its own (slower; to rule out one file disturbing another).
//
// Unit and database test files share a process per core (a "shard"): loading the modules, the
// TypeScript and PGlite's WebAssembly once per core instead of once per file is most of a file's
// time (docs/adr/0012-supported-node-and-fast-tests.md). Browser tests keep a process per file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCli, currentBuild } from './build-cli.mjs';
import { planShards } from './test-shards.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dashDash = process.argv.indexOf('--');
const tiers = process.argv.slice(2, dashDash === -1 ? undefined : dashDash);
const passThrough = dashDash === -1 ? [] : process.argv.slice(dashDash + 1);
if (tiers.length === 0) tiers.push('unit', 'int');

const GLOBS = {
  unit: ['src/**/!(*.int).test.ts', 'test/!(*.int).test.ts', 'test/!(e2e)/**/!(*.int).test.ts'],
  int: ['src/**/*.int.test.ts', 'test/*.int.test.ts', 'test/!(e2e)/**/*.int.test.ts'],
  e2e: ['test/e2e/**/*.test.ts'],
};
const unknown = tiers.filter((t) => !GLOBS[t]);
if (unknown.length) {
  console.error(`Unknown test tier: ${unknown.join(', ')} (use unit, int or e2e)`);
  process.exit(2);
}
const files = [...new Set(tiers.flatMap((t) => testFiles(t)))].sort();
if (files.length === 0) {
  console.error(`No test files for: ${tiers.join(', ')}`);
  process.exit(1);
}

/** The tier's files: Node's own glob where the runtime has it (22 and later), the same choice by walking on Node 20. */
function testFiles(tier) {
  if (typeof fs.globSync === 'function') return fs.globSync(GLOBS[tier], { cwd: root });
  const walk = (dir) =>
    fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(relative);
      return entry.name.endsWith('.test.ts') ? [relative] : [];
    });
  const isE2e = (f) => f.startsWith(path.join('test', 'e2e') + path.sep);
  const pick = {
    unit: (f) => !f.endsWith('.int.test.ts') && !isE2e(f),
    int: (f) => f.endsWith('.int.test.ts') && !isE2e(f),
    e2e: isE2e,
  };
  return [...walk('src'), ...walk('test')].filter(pick[tier]);
}

const env = { ...process.env, NODE_ENV: 'test' };
// Test processes open the embedded database (PostgreSQL compiled to WebAssembly) and end within minutes: V8
// optimising its hottest functions costs them more than it gains (src/db/wasm-tiering.ts, as every command
// but the server runs). The fuzz test alone: 44 s against 59 s, alternated on the two-core machine.
const WASM = '--liftoff-only';
const tsx = (script, ...args) =>
  spawnSync(process.execPath, [WASM, '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
    encoding: 'utf8',
    cwd: root,
  });

// A migrated database made once, for every test file to copy instead of migrating its own:
// a saved PGlite data folder (test/support/pglite-template.ts), or a template database on the PostgreSQL server.
if (tiers.some((t) => t !== 'unit')) {
  const made = tsx('test/support/pglite-template.ts');
  if (made.status !== 0) process.exit(made.status ?? 1);
}
// The command-line tests start Heard as an operator does, from the compiled build (ADR 0013), made current
// here once rather than compiled again at every start (test/support/cli.ts).
if (tiers.includes('int')) {
  let build = currentBuild();
  if ('stale' in build) {
    console.log(`Compiling Heard's command line for the tests (${build.stale})...`);
    build = await buildCli();
  }
  env.HEARD_TEST_CLI = build.entry;
}
let pgTemplate = null;
if (process.env.DATABASE_URL && tiers.includes('int')) {
  const made = tsx('test/support/postgres-template.ts');
  if (made.status !== 0) process.exit(made.status ?? 1);
  pgTemplate = made.stdout.trim();
  env.HEARD_TEST_PG_TEMPLATE = pgTemplate;
}

const browsers = tiers.includes('e2e');
const cores = os.availableParallelism?.() ?? os.cpus().length;
// Browser tests run at most two files at a time, each with a browser and a server of its own: a file spends much
// of its time waiting for its browser, so two on two cores took 145 s against 189 s one at a time (7 files).
const BROWSER_FILES_AT_ONCE = 2;
const concurrency = Number(process.env.TEST_CONCURRENCY) || (browsers ? Math.min(cores, BROWSER_FILES_AT_ONCE) : cores);
const isolated = browsers || process.env.TEST_ISOLATION === 'process';
// Each engine's times apart: a file's time on PostgreSQL says little of its time on PGlite.
const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const timingsFile = path.join(root, '.cache', `test-timings-${engine}.json`);
// A fresh clone (CI) has no times of its own yet: those kept in the repository, from a whole run on the two-core
// machine, spread its files instead of guesses by tier (which left one process 19 s behind the other).
const keptTimings = path.join(root, 'test', `test-timings-${engine}.json`);

// Shared processes: each shard is a small module that imports its test files, so a file's tests
// register and run as they would in a process of its own. Files are spread by how long they took
// last time (the timings reporter keeps them), the longest first, onto the least loaded shard.
let runFiles = files;
if (!isolated) {
  const shards = planShards(files, concurrency, { ...readTimings(keptTimings), ...readTimings(timingsFile) });
  const dir = path.join(root, '.cache', 'test-shards');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  runFiles = shards.map((shard, i) => {
    const file = path.join(dir, `shard-${i + 1}-of-${shards.length}.mjs`);
    const imports = shard.map((f) => `await import(${JSON.stringify(pathToFileURL(path.join(root, f)).href)});`);
    fs.writeFileSync(
      file,
      `// Made by scripts/run-tests.mjs: ${shard.length} test files sharing one process.\n${imports.join('\n')}\n`,
    );
    return path.relative(root, file);
  });
}

function readTimings(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

const timings = fileURLToPath(new URL('./slowest-test-files.mjs', import.meta.url));
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    WASM,
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${Math.min(concurrency, runFiles.length)}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${timings}`,
    '--test-reporter-destination=stdout',
    ...passThrough,
    ...runFiles,
  ],
  { stdio: 'inherit', env: { ...env, HEARD_TEST_TIMINGS: timingsFile }, cwd: root },
);
if (pgTemplate) tsx('test/support/postgres-template.ts', '--drop');
const how = isolated
  ? `${concurrency} test ${concurrency === 1 ? 'file' : 'files'} at a time`
  : `${files.length} test files in ${runFiles.length} ${runFiles.length === 1 ? 'process' : 'processes'}`;
console.log(
  `${tiers.join(' + ')} on Node ${process.versions.node}${process.env.DATABASE_URL ? ' and PostgreSQL' : ''}: ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s, ${how}`,
);
process.exit(result.status ?? 1);
