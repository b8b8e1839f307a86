import { performance } from 'node:perf_hooks';

/**
 * A small benchmark harness: each benchmark adds rows to one table, printed at
 * the end. Timings are wall-clock on this machine; targets are stated beside
 * them, never asserted in unit tests.
 */
export interface BenchRow {
  benchmark: string;
  engine: string;
  size: string;
  result: string;
  target: string;
}

export const rows: BenchRow[] = [];

export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Runs fn `runs` times after `warmup` runs; returns percentiles in milliseconds. */
export async function sample(
  fn: () => Promise<unknown>,
  runs = 50,
  warmup = 5,
): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await time(fn)).ms);
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p95: at(0.95), max: times[times.length - 1]! };
}

export function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`;
}

export function printTable(): void {
  const headers: (keyof BenchRow)[] = ['benchmark', 'engine', 'size', 'result', 'target'];
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => r[h].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(headers.map((h) => r[h])));
}
