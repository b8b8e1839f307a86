// How test files are spread over the processes that share them (scripts/run-tests.mjs).

/** A file with no timing yet: a database test costs seconds (a database of its own), a pure one a fraction. */
const GUESS_MS = { int: 4000, unit: 300 };

/**
 * Splits `files` into `count` lists of about equal time: the longest file first, each onto the
 * list with the least time so far ("longest processing time first"). `timings` maps a file to
 * the milliseconds it took last time; files without one are guessed by their tier.
 */
export function planShards(files, count, timings = {}) {
  const n = Math.max(1, Math.min(count, files.length));
  const cost = (f) => timings[f] ?? (f.endsWith('.int.test.ts') ? GUESS_MS.int : GUESS_MS.unit);
  const shards = Array.from({ length: n }, () => ({ files: [], ms: 0 }));
  const longestFirst = [...files].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b));
  for (const file of longestFirst) {
    const least = shards.reduce((best, s) => (s.ms < best.ms ? s : best));
    least.files.push(file);
    least.ms += cost(file);
  }
  return shards.filter((s) => s.files.length > 0).map((s) => s.files);
}
