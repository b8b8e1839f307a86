#!/usr/bin/env node
// Runs the test tiers named on the command line with node's own test runner:
//   unit  src/**/*.test.ts (not .int)    pure and fast
//   int   **/*.int.test.ts               real database: PGlite, or PostgreSQL when DATABASE_URL is set
//   e2e   test/e2e/**/*.test.ts          real browser against the real server
// Node 20's --test does not expand globs itself, so the files are found here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const tiers = process.argv.slice(2);
if (tiers.length === 0) tiers.push('unit', 'int');

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const all = [...walk('src'), ...walk('test')].sort();
const isE2e = (f) => f.startsWith(path.join('test', 'e2e') + path.sep);
const pick = {
  unit: (f) => !f.endsWith('.int.test.ts') && !isE2e(f),
  int: (f) => f.endsWith('.int.test.ts') && !isE2e(f),
  e2e: isE2e,
};
const files = all.filter((f) => tiers.some((t) => pick[t]?.(f)));
if (files.length === 0) {
  console.error(`No test files for: ${tiers.join(', ')}`);
  process.exit(1);
}
// A migrated PGlite database, saved once for the test files to copy (test/support/pglite-template.ts).
if (!process.env.DATABASE_URL && tiers.some((t) => t !== 'unit')) {
  const made = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/pglite-template.ts'], {
    stdio: 'inherit',
  });
  if (made.status !== 0) process.exit(made.status ?? 1);
}
// Browser tests run one file at a time: two browsers and two servers on two cores make timings flaky.
const concurrency = tiers.length === 1 && tiers[0] === 'e2e' ? 1 : 2;
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
