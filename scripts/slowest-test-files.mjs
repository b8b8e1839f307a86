// A node:test reporter that prints, after the run, how long each test file took (its whole process:
// starting Node, loading the modules, the tests), slowest first, to show where a slow run spends its time.
import path from 'node:path';

const SHOWN = 15;

export default async function* slowestTestFiles(source) {
  const took = new Map();
  for await (const event of source) {
    if (event.type !== 'test:complete' || event.data.nesting !== 0 || !event.data.file) continue;
    // The file itself is reported as a test named by its path (absolute on Node 20, relative later).
    if (path.resolve(event.data.name) !== path.resolve(event.data.file)) continue;
    took.set(path.relative(process.cwd(), event.data.file), event.data.details.duration_ms);
  }
  if (took.size === 0) return;
  const sorted = [...took].sort((a, b) => b[1] - a[1]);
  const total = sorted.reduce((sum, [, ms]) => sum + ms, 0);
  yield `\nSlowest test files (of ${took.size}, ${(total / 1000).toFixed(0)} s in all):\n`;
  for (const [file, ms] of sorted.slice(0, SHOWN)) yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${file}\n`;
}
