// A node:test reporter that prints, after the run, how long each test file took, slowest first, to
// show where a slow run spends its time, and keeps the times (HEARD_TEST_TIMINGS) so the next run
// can spread the files evenly over its processes (scripts/test-shards.mjs).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SHOWN = 15;

export default async function* slowestTestFiles(source) {
  const whole = new Map(); // a file run in a process of its own: reported as a test named by its path
  const summed = new Map(); // a file sharing a process: the sum of its top-level tests
  for await (const event of source) {
    if (event.type !== 'test:complete' || event.data.nesting !== 0 || !event.data.file) continue;
    const file = path.relative(process.cwd(), event.data.file);
    if (file.startsWith(path.join('.cache', 'test-shards'))) continue;
    const ms = event.data.details.duration_ms;
    if (path.resolve(event.data.name) === path.resolve(event.data.file)) whole.set(file, ms);
    else summed.set(file, (summed.get(file) ?? 0) + ms);
  }
  const took = new Map([...summed, ...whole]);
  if (took.size === 0) return;
  keep(took);
  const sorted = [...took].sort((a, b) => b[1] - a[1]);
  const total = sorted.reduce((sum, [, ms]) => sum + ms, 0);
  yield `\nSlowest test files (of ${took.size}, ${(total / 1000).toFixed(0)} s in all):\n`;
  for (const [file, ms] of sorted.slice(0, SHOWN)) yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${file}\n`;
}

/** Merged into the last run's times, so a run of a few files keeps the others'. */
function keep(took) {
  const file = process.env.HEARD_TEST_TIMINGS;
  if (!file) return;
  let kept = {};
  try {
    kept = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // none yet, or unreadable: start again
  }
  for (const [f, ms] of took) kept[f] = Math.round(ms);
  try {
    writeFileSync(file, `${JSON.stringify(kept, null, 1)}\n`);
  } catch {
    // only a hint for the next run
  }
}
