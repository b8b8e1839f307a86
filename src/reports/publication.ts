import { ruleFor, SECTIONS_QUOTING_EXACT_TABLES, type TableRule } from './publication-rules.ts';
import type { Cell, ReportSection, ReportTable } from './sections.ts';

/**
 * The published edition of the report: small numbers hidden so that no
 * child can be picked out of a breakdown by ethnicity, relationship, service
 * user group, team or theme. One pure function over the sections every
 * output renders from, applied by reportSections when the model carries a
 * publication setting, so the Word document, the page, the stand-alone HTML,
 * the workbook and the CSV files cannot differ (ADR 0015).
 *
 * - A count from 1 to threshold − 1 shows as "fewer than 5" (primary).
 * - In each row or column whose total the reader knows and which has exactly
 *   one hidden count, the next smallest count is hidden too, as "not shown"
 *   (secondary), so the hidden one cannot be got by subtraction. Then every
 *   hidden cell is checked the way a reader would attack it (each line's
 *   total less what is shown, knowing a "fewer than 5" is 1 to 4 and a "not
 *   shown" at least 5); while one could be worked out exactly, the next
 *   smallest count in its line is hidden too, and a table where nothing more
 *   can be hidden is withheld whole.
 * - A percentage (or any figure worked out from counts) of a hidden count is hidden.
 * - A figure shown in two tables is hidden in both or in neither.
 * - Tables with hidden cells lose their chart (drawn from exact figures) and
 *   their drill-down to cases; sentences of such sections that quote figures are left out.
 */
export interface PublicationSetting {
  /** Counts from 1 to threshold − 1 are hidden. */
  threshold: number;
}

export const DEFAULT_THRESHOLD = 5;
/** The smallest and largest threshold an administrator may set: below 3, "fewer than 2" would say "1"; 10 is the most the usual statistical guidance asks. */
export const THRESHOLD_LIMITS = { min: 3, max: 10 } as const;

export const fewerThan = (threshold: number) => `fewer than ${threshold}`;
/** A count hidden so that a smaller one cannot be worked out from a total. */
export const NOT_SHOWN = 'not shown';
/** The only row of a table too small to show in any form. */
export const WITHHELD = 'Withheld: too few to show without identifying someone';

export type Hidden = 'primary' | 'secondary' | 'derived';

/** A published table: its cells with hidden ones replaced, and which were hidden and why. */
export interface PublishedTable extends ReportTable {
  hidden: (Hidden | null)[][];
  withheld: boolean;
}

type Pos = `${number},${number}`;
const pos = (r: number, c: number): Pos => `${r},${c}`;

/** A row or column of counts that adds up to a total the reader knows (a number) or sees (a cell). */
export interface Line {
  cells: [number, number][];
  total: number | [number, number];
}

interface Plan {
  table: ReportTable;
  rule: TableRule;
  marks: Map<Pos, 'primary' | 'secondary'>;
  /** Derived cells hidden because the same figure is hidden in another table. */
  forced: Set<Pos>;
  withheld: boolean;
}

const isCount = (v: Cell): v is number => typeof v === 'number';

/** The count cells of a table under its rule: [row, column] where the cell holds a number. */
export function countCells(table: ReportTable, rule: TableRule): [number, number][] {
  const out: [number, number][] = [];
  table.rows.forEach((row, r) => {
    if (rule.countRows && !rule.countRows(String(row[0]))) return;
    for (const c of rule.counts) if (isCount(row[c] ?? null)) out.push([r, c]);
  });
  return out;
}

/** The rows and columns of a table whose totals a reader knows: each count column (its sum), each row with a total column. */
export function tableLines(table: ReportTable, rule: TableRule): Line[] {
  const cells = countCells(table, rule);
  const lines: Line[] = [];
  if (rule.columnTotals)
    for (const c of rule.counts) {
      const column = cells.filter(([, cc]) => cc === c);
      if (column.length)
        lines.push({ cells: column, total: column.reduce((a, [r]) => a + (table.rows[r]![c] as number), 0) });
    }
  if (rule.rowTotal) {
    const { column, members } = rule.rowTotal;
    table.rows.forEach((row, r) => {
      if (!isCount(row[column] ?? null)) return;
      lines.push({ cells: members.filter((c) => isCount(row[c] ?? null)).map((c) => [r, c]), total: [r, column] });
    });
  }
  return lines;
}

/**
 * What a reader can work out about each hidden cell of a table: the range of values it could take,
 * narrowed line by line until nothing changes. A hidden cell whose range is one value is recovered.
 */
export function hiddenRanges(
  table: ReportTable,
  lines: Line[],
  hiddenAs: (r: number, c: number) => 'primary' | 'secondary' | null,
  threshold: number,
): Map<Pos, [number, number]> {
  const range = new Map<Pos, [number, number]>();
  const get = (r: number, c: number): [number, number] => {
    const k = pos(r, c);
    const known = range.get(k);
    if (known) return known;
    const how = hiddenAs(r, c);
    const v = table.rows[r]![c] as number;
    const start: [number, number] =
      how === 'primary' ? [1, threshold - 1] : how === 'secondary' ? [threshold, Infinity] : [v, v];
    range.set(k, start);
    return start;
  };
  for (let changed = true, rounds = 0; changed && rounds < 100; rounds++) {
    changed = false;
    const narrow = (r: number, c: number, lo: number, hi: number) => {
      const [a, b] = get(r, c);
      const next: [number, number] = [Math.max(a, lo), Math.min(b, hi)];
      if (next[0] !== a || next[1] !== b) {
        range.set(pos(r, c), next);
        changed = true;
      }
    };
    for (const line of lines) {
      const members = line.cells.map(([r, c]) => get(r, c));
      const [tLo, tHi] = typeof line.total === 'number' ? [line.total, line.total] : get(...line.total);
      // Sums of the others, not the whole less this one: a "not shown" has no upper bound (Infinity − Infinity is NaN).
      const others = (i: number, end: 0 | 1) => members.reduce((a, m, j) => (j === i ? a : a + m[end]), 0);
      line.cells.forEach(([r, c], i) => narrow(r, c, tLo - others(i, 1), tHi - others(i, 0)));
      if (typeof line.total !== 'number') narrow(...line.total, others(-1, 0), others(-1, 1));
    }
  }
  const out = new Map<Pos, [number, number]>();
  for (const [k, v] of range) {
    const [r, c] = k.split(',').map(Number) as [number, number];
    if (hiddenAs(r, c)) out.set(k, v);
  }
  return out;
}

function hiddenAs(plan: Plan) {
  return (r: number, c: number) => plan.marks.get(pos(r, c)) ?? null;
}

/** The smallest count of a line still shown, above 0 (hiding a 0 protects nothing), or null. */
function nextSmallest(plan: Plan, line: Line): [number, number] | null {
  const candidates = [...line.cells, ...(typeof line.total === 'number' ? [] : [line.total])].filter(
    ([r, c]) => !plan.marks.has(pos(r, c)) && (plan.table.rows[r]![c] as number) > 0,
  );
  candidates.sort(([r1, c1], [r2, c2]) => (plan.table.rows[r1]![c1] as number) - (plan.table.rows[r2]![c2] as number));
  return candidates[0] ?? null;
}

function hideAll(plan: Plan, threshold: number) {
  plan.withheld = true;
  for (const [r, c] of countCells(plan.table, plan.rule))
    if (!plan.marks.has(pos(r, c)))
      plan.marks.set(pos(r, c), (plan.table.rows[r]![c] as number) < threshold ? 'primary' : 'secondary');
}

const labelOf = (table: ReportTable, r: number) => String(table.rows[r]![0]);

/** Whether a derived cell is hidden: a count it comes from is, or the same figure is hidden elsewhere. */
function derivedHidden(plan: Plan, r: number, c: number): boolean {
  if (plan.withheld || plan.forced.has(pos(r, c))) return true;
  return (plan.rule.derived?.[c] ?? []).some((s) => plan.marks.has(pos(r, s)));
}

/**
 * Hides more of one table until no hidden count can be worked out from its rows and columns; whether
 * anything changed. Complementary first (a line with one hidden count and a known total gives it
 * away: hide the next smallest), then as a reader would attack it: any hidden cell still pinned to one
 * value takes the next smallest count of its line with it; a table with nothing more to hide is withheld.
 */
function protect(p: Plan, threshold: number): boolean {
  const lines = tableLines(p.table, p.rule);
  const hide = (line: Line) => {
    const next = nextSmallest(p, line);
    if (next) p.marks.set(pos(...next), 'secondary');
    else hideAll(p, threshold);
  };
  let any = false;
  while (!p.withheld) {
    let step = false;
    for (const line of lines) {
      if (p.withheld) break;
      const members = [...line.cells, ...(typeof line.total === 'number' ? [] : [line.total])];
      if (members.filter(([r, c]) => p.marks.has(pos(r, c))).length !== 1) continue;
      hide(line);
      step = true;
    }
    if (!step && !p.withheld) {
      const pinned = [...hiddenRanges(p.table, lines, hiddenAs(p), threshold)].find(([, [lo, hi]]) => lo === hi);
      if (pinned) {
        const [pr, pc] = pinned[0].split(',').map(Number) as [number, number];
        const holding = lines.filter(
          (l) =>
            l.cells.some(([r, c]) => r === pr && c === pc) ||
            (typeof l.total !== 'number' && l.total[0] === pr && l.total[1] === pc),
        );
        const next = holding.map((l) => nextSmallest(p, l)).find((n) => n !== null);
        if (next) p.marks.set(pos(...next), 'secondary');
        else hideAll(p, threshold);
        step = true;
      }
    }
    if (!step) break;
    any = true;
  }
  return any;
}

/** Decides which cells of every table are hidden; pure. */
function plan(tables: ReportTable[], threshold: number): Map<ReportTable, Plan> {
  const plans = new Map<ReportTable, Plan>();
  for (const table of tables) {
    const rule = ruleFor(table);
    if (!rule) continue;
    const p: Plan = { table, rule, marks: new Map(), forced: new Set(), withheld: false };
    for (const [r, c] of countCells(table, rule)) {
      const v = table.rows[r]![c] as number;
      if (v > 0 && v < threshold) p.marks.set(pos(r, c), 'primary');
    }
    plans.set(table, p);
  }
  const all = [...plans.values()];
  // Marks are only ever added, so this ends: at worst every count is hidden.
  for (let changed = true; changed;) {
    changed = false;
    // The same figure in two tables: hidden in one, hidden in the other.
    const hiddenFacts = new Set<string>();
    for (const p of all)
      for (const [col, fact] of Object.entries(p.rule.facts ?? {}))
        p.table.rows.forEach((_, r) => {
          const c = Number(col);
          if (p.marks.has(pos(r, c)) || (p.rule.derived?.[c] && derivedHidden(p, r, c)))
            hiddenFacts.add(`${fact}|${labelOf(p.table, r)}`);
        });
    for (const p of all)
      for (const [col, fact] of Object.entries(p.rule.facts ?? {}))
        p.table.rows.forEach((row, r) => {
          const c = Number(col);
          if (!hiddenFacts.has(`${fact}|${labelOf(p.table, r)}`) || !isCount(row[c] ?? null)) return;
          if (p.rule.derived?.[c]) {
            if (!derivedHidden(p, r, c)) {
              p.forced.add(pos(r, c));
              changed = true;
            }
          } else if (!p.marks.has(pos(r, c))) {
            p.marks.set(pos(r, c), (row[c] as number) < threshold ? 'primary' : 'secondary');
            changed = true;
          }
        });
    for (const p of all) if (protect(p, threshold)) changed = true;
  }
  return plans;
}

/** A table too small to show in any form: one row saying so. */
function withheldTable(table: ReportTable): PublishedTable {
  return {
    ...table,
    rows: [[WITHHELD, ...table.head.slice(1).map(() => NOT_SHOWN)]],
    hidden: [table.head.map((_, i) => (i === 0 ? null : 'secondary'))],
    refs: undefined,
    chart: undefined,
    withheld: true,
  };
}

function publishTable(p: Plan, threshold: number): PublishedTable {
  const { table } = p;
  if (p.withheld) return withheldTable(table);
  const hidden = table.rows.map((row, r) =>
    row.map((v, c): Hidden | null => {
      const mark = p.marks.get(pos(r, c));
      if (mark) return mark;
      return isCount(v) && p.rule.derived?.[c] && derivedHidden(p, r, c) ? 'derived' : null;
    }),
  );
  const rows = table.rows.map((row, r) =>
    row.map((v, c): Cell => {
      const h = hidden[r]![c];
      return h === 'primary' ? fewerThan(threshold) : h ? NOT_SHOWN : v;
    }),
  );
  const any = hidden.some((row) => row.some(Boolean));
  const traced = table.tracedColumn ?? 1;
  return {
    ...table,
    rows,
    hidden,
    // A hidden figure has no list of cases behind it: the list's length would be the figure.
    refs: table.refs?.map((refs, r) => (hidden[r]![traced] ? [] : refs)),
    // Charts are drawn from the exact figures: a table with hidden cells has none.
    chart: any ? undefined : table.chart,
    withheld: false,
  };
}

/** The note a section with hidden numbers carries, saying what the marks mean. */
export const suppressionNote = (threshold: number) =>
  `To protect the people concerned, numbers from 1 to ${threshold - 1} are shown as “${fewerThan(threshold)}”, and numbers marked “${NOT_SHOWN}” are hidden so that a smaller one cannot be worked out from a total; tables with hidden numbers have no chart.`;

/** What a published report narrowed to a part of the organisation says instead of its figures. */
export const NARROWED_WITHHELD =
  'The report as published covers the whole service. Figures for one part of the organisation are not published: they are counts by team, and could identify someone. Choose the whole service.';

/**
 * The published edition of the report's sections: the same sections and tables, small numbers hidden. A report
 * `narrowed` to a part of the organisation is withheld whole (every table, every sentence with a number), with
 * a note saying why: narrowed, the tables shown exactly for the whole service (totals, months, outcomes,
 * timescales) are counts by team, and two published units, one inside the other, would give the counts of
 * what lies between them by subtraction.
 */
export function publishSections(
  sections: ReportSection[],
  setting: PublicationSetting,
  { narrowed = false }: { narrowed?: boolean } = {},
): ReportSection[] {
  const { threshold } = setting;
  if (narrowed)
    return sections.map((s, i) => ({
      ...s,
      paragraphs: [...(i === 0 ? [NARROWED_WITHHELD] : []), ...s.paragraphs.filter((x) => !/\d/.test(x))],
      tables: s.tables.map(withheldTable),
    }));
  const plans = plan(
    sections.flatMap((s) => s.tables),
    threshold,
  );
  return sections.map((s) => {
    const tables = s.tables.map((t) => {
      const p = plans.get(t);
      return p ? publishTable(p, threshold) : t;
    });
    const hides = tables.some((t) => 'hidden' in t && (t as PublishedTable).hidden.some((row) => row.some(Boolean)));
    if (!hides) return { ...s, tables };
    // Sentences here may quote a hidden figure: only those without a number stay, unless the section quotes only exact tables.
    const paragraphs = SECTIONS_QUOTING_EXACT_TABLES.has(s.id)
      ? s.paragraphs
      : s.paragraphs.filter((x) => !/\d/.test(x));
    return { ...s, paragraphs: [...paragraphs, suppressionNote(threshold)], tables };
  });
}
