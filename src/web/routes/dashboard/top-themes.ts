import { procedureLabel } from '../../../domain/procedures/registry.ts';
import type { PeriodFigures } from '../../../reports/figures.ts';
import type { Cell, ReportTable } from '../../../reports/sections.ts';

/**
 * The five most frequent complaint themes of both procedures, each with the
 * procedure its percentage is of, and the two bases spelt out: statutory and
 * corporate themes sit side by side but are percentages of different numbers
 * of complaints. Read from the report's theme tables as this reader has them,
 * so a published edition's hidden counts stay hidden (and a hidden one is not
 * ranked, since its place would hint at its size).
 */
export function topThemes(
  now: PeriodFigures,
  statutory: ReportTable,
  corporate: ReportTable,
  n = 5,
): { rows: Cell[][]; base: string } {
  const procedures = [
    { key: 'childrens_statutory' as const, table: statutory, exact: now.byTheme.statutory },
    { key: 'corporate' as const, table: corporate, exact: now.byTheme.corporate },
  ];
  const rows = procedures
    .flatMap(({ key, table, exact }) =>
      table.rows.map((row, i) => ({ row, exact: exact[i]?.count ?? 0, procedure: procedureLabel(key) })),
    )
    .filter((x) => typeof x.row[1] === 'number')
    .sort((a, b) => b.exact - a.exact || String(a.row[0]).localeCompare(String(b.row[0])))
    .slice(0, n)
    .map((x) => [x.row[0]!, x.procedure, x.row[1]!, x.row[2] ?? null]);
  const complaintsUnder = (label: string) => now.byProcedure.find((p) => p.label === label)?.count ?? 0;
  const base = procedures
    .map((p) => `${complaintsUnder(procedureLabel(p.key)).toLocaleString('en-GB')} ${procedureLabel(p.key)} complaints`)
    .join(' or of the ');
  return { rows, base: `percentages are of the ${base}` };
}
