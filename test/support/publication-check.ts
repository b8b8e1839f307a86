import { ruleFor } from '../../src/reports/publication-rules.ts';
import { fewerThan, NOT_SHOWN, tableLines, WITHHELD, countCells } from '../../src/reports/publication.ts';
import type { Cell, ReportTable } from '../../src/reports/sections.ts';

/**
 * The attacker's side of the published edition, for tests: given the exact
 * tables and the tables as published, it tries to get back every hidden
 * number, directly (a small count shown, a percentage of a hidden count
 * shown, a figure hidden in one table and shown in another) or by
 * subtraction (each row and column whose total a reader knows, less what is
 * shown, knowing that "fewer than 5" is 1 to 4 and "not shown" at least 5).
 * It reads only what is published, apart from the totals a reader gets
 * elsewhere in the report (the exact column sums), and works each line out
 * by enumerating every possible value, independently of the interval
 * reasoning publication.ts uses. Returns what it could recover; none is the pass.
 */
export function recoverHidden(exact: ReportTable[], published: ReportTable[], threshold: number): string[] {
  const found: string[] = [];
  const shownFacts = new Map<string, Cell>();
  const hiddenFacts = new Set<string>();
  exact.forEach((table, ti) => {
    const out = published[ti]!;
    if (out.name !== table.name) throw new Error(`tables out of order: ${out.name} for ${table.name}`);
    const rule = ruleFor(table);
    if (!rule) {
      if (JSON.stringify(out.rows) !== JSON.stringify(table.rows))
        found.push(`${table.name}: changed, yet shown exactly`);
      return;
    }
    if (out.rows[0]?.[0] === WITHHELD) {
      if (out.rows.flat().some((v) => typeof v === 'number')) found.push(`${table.name}: withheld, yet a number shown`);
      return;
    }
    const isHidden = (v: Cell) => v === fewerThan(threshold) || v === NOT_SHOWN;
    // Directly: a small count shown as a number; a derived figure of a hidden count shown.
    for (const [r, c] of countCells(table, rule)) {
      const v = table.rows[r]![c] as number;
      const shown = out.rows[r]![c];
      if (v > 0 && v < threshold && !isHidden(shown ?? null))
        found.push(`${table.name} row ${r} (${table.rows[r]![0]}) column ${c}: ${v} shown as ${String(shown)}`);
      if (shown === fewerThan(threshold) && !(v > 0 && v < threshold))
        found.push(`${table.name} row ${r} column ${c}: ${v} shown as "${fewerThan(threshold)}", which is false`);
    }
    for (const [col, sources] of Object.entries(rule.derived ?? {}))
      out.rows.forEach((row, r) => {
        const c = Number(col);
        if (typeof row[c] === 'number' && sources.some((s) => isHidden(out.rows[r]![s] ?? null)))
          found.push(`${table.name} row ${r} column ${c}: ${String(row[c])} worked out from a hidden count, shown`);
      });
    for (const [col, fact] of Object.entries(rule.facts ?? {}))
      out.rows.forEach((row) => {
        const key = `${fact}|${String(row[0])}`;
        const v = row[Number(col)] ?? null;
        if (isHidden(v)) hiddenFacts.add(key);
        else if (typeof v === 'number') shownFacts.set(key, v);
      });
    // By subtraction: every line, every possible value of its hidden cells.
    const possible = new Map<string, Set<number>>();
    const valuesOf = (r: number, c: number, cap: number): Set<number> => {
      const k = `${r},${c}`;
      const known = possible.get(k);
      if (known) return known;
      const v = out.rows[r]![c];
      const start = new Set<number>();
      if (typeof v === 'number') start.add(v);
      else if (v === fewerThan(threshold)) for (let x = 1; x < threshold; x++) start.add(x);
      else if (v === NOT_SHOWN) for (let x = threshold; x <= cap; x++) start.add(x);
      possible.set(k, start);
      return start;
    };
    const lines = tableLines(table, rule);
    const cap = Math.max(threshold, ...lines.map((l) => (typeof l.total === 'number' ? l.total : 0)));
    for (let changed = true, rounds = 0; changed && rounds < 50; rounds++) {
      changed = false;
      for (const line of lines) {
        const cells = [...line.cells, ...(typeof line.total === 'number' ? [] : [line.total])];
        const sets = cells.map(([r, c]) => [...valuesOf(r, c, cap)]);
        const size = sets.reduce((a, s) => a * Math.max(1, s.length), 1);
        if (size > 200_000 || sets.some((s) => !s.length)) continue;
        const seen = cells.map(() => new Set<number>());
        const totalIsCell = typeof line.total !== 'number';
        const pick: number[] = [];
        const walk = (i: number) => {
          if (i === cells.length) {
            const members = totalIsCell ? pick.slice(0, -1) : pick;
            const total = totalIsCell ? pick[pick.length - 1]! : (line.total as number);
            if (members.reduce((a, b) => a + b, 0) === total) pick.forEach((v, j) => seen[j]!.add(v));
            return;
          }
          for (const v of sets[i]!) {
            pick.push(v);
            walk(i + 1);
            pick.pop();
          }
        };
        walk(0);
        cells.forEach(([r, c], j) => {
          const before = possible.get(`${r},${c}`)!;
          if (seen[j]!.size < before.size) {
            possible.set(`${r},${c}`, seen[j]!);
            changed = true;
          }
        });
      }
    }
    for (const [k, values] of possible) {
      const [r, c] = k.split(',').map(Number) as [number, number];
      if (isHidden(out.rows[r]![c] ?? null) && values.size === 1)
        found.push(
          `${table.name} row ${r} (${table.rows[r]![0]}) column ${c}: hidden, but it can only be ${[...values][0]}`,
        );
    }
  });
  for (const key of hiddenFacts)
    if (shownFacts.has(key))
      found.push(`${key}: hidden in one table, shown as ${String(shownFacts.get(key))} in another`);
  return found;
}
