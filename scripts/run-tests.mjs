#!/usr/bin/env node
// Runs the test tiers named on the command line with node's own test runner:
//   unit  *.test.ts under src/ and test/ (not .int, not test/e2e)   pure and fast
//   int   *.int.test.ts under src/ and test/                        real database: PGlite, or PostgreSQL when DATABASE_URL is set
//   e2e   test/e2e/**/*.test.ts                                     real browser against the real server
// Anything after `--` goes to `node --test` as it is (e.g. -- --test-name-pattern=clock).
// TEST_CONCURRENCY overrides the number of test files run at once (default: the machine's cores).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dashDash = process.argv.indexOf('--');
const tiers = process.argv.slice(2, dashDash === -1 ? undefined : dashDash);
const passThrough = dashDash === -1 ? [] : process.argv.slice(dashDash + 1);
if (tiers.length === 0) tiers.push('unit', 'int');

// Node 21 and later expand these globs themselves (with extglob's !(…)); the same choice is made by hand below for Node 20.
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
const nodeMajor = Number(process.versions.node.split('.')[0]);
const files = nodeMajor >= 22 ? tiers.flatMap((t) => GLOBS[t]) : walkedFiles(tiers);

/** Node 20's --test takes no globs: the same files as GLOBS, found by walking the folders. */
function walkedFiles(wanted) {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return entry.name.endsWith('.test.ts') ? [full] : [];
    });
  const isE2e = (f) => f.startsWith(path.join('test', 'e2e') + path.sep);
  const pick = {
    unit: (f) => !f.endsWith('.int.test.ts') && !isE2e(f),
    int: (f) => f.endsWith('.int.test.ts') && !isE2e(f),
    e2e: isE2e,
  };
  const found = [...walk('src'), ...walk('test')].filter((f) => wanted.some((t) => pick[t](f))).sort();
  if (found.length === 0) {
    console.error(`No test files for: ${wanted.join(', ')}`);
    process.exit(1);
  }
  return found;
}

const env = { ...process.env, NODE_ENV: 'test' };
const tsx = (script, ...args) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
    encoding: 'utf8',
  });

// A migrated database made once, for every test file to copy instead of migrating its own:
// a saved PGlite data folder (test/support/pglite-template.ts), or a template database on the PostgreSQL server.
if (tiers.some((t) => t !== 'unit')) {
  const made = tsx('test/support/pglite-template.ts');
  if (made.status !== 0) process.exit(made.status ?? 1);
}
let pgTemplate = null;
if (process.env.DATABASE_URL && tiers.includes('int')) {
  const made = tsx('test/support/postgres-template.ts');
  if (made.status !== 0) process.exit(made.status ?? 1);
  pgTemplate = made.stdout.trim();
  env.HEARD_TEST_PG_TEMPLATE = pgTemplate;
}

// Browser tests run one file at a time: two browsers and two servers on two cores make timings flaky.
const concurrency =
  Number(process.env.TEST_CONCURRENCY) ||
  (tiers.length === 1 && tiers[0] === 'e2e' ? 1 : (os.availableParallelism?.() ?? os.cpus().length));
const timings = fileURLToPath(new URL('./slowest-test-files.mjs', import.meta.url));
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${timings}`,
    '--test-reporter-destination=stdout',
    ...passThrough,
    ...files,
  ],
  { stdio: 'inherit', env },
);
if (pgTemplate) tsx('test/support/postgres-template.ts', '--drop');
console.log(
  `${tiers.join(' + ')} on Node ${process.versions.node}${process.env.DATABASE_URL ? ' and PostgreSQL' : ''}: ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s, ${concurrency} test ${concurrency === 1 ? 'file' : 'files'} at a time`,
);
process.exit(result.status ?? 1);
