import { escapeHtml } from '../../../reports/html.ts';
import { displayCell, type Cell, type ReportSection, type ReportTable } from '../../../reports/sections.ts';

/** Where the cases behind row `row` of table `table` are listed, for the report chosen by `search`. */
export const casesBehindLink = (search: string) => (table: string, row: number) =>
  `/reports/annual/cases?table=${table}&row=${row}&${search}`;

/** A row's name: its text cells ("Children's statutory, Stage 2"), not only the first (several rows may share it). */
export const rowLabel = (table: Pick<ReportTable, 'formats'>, row: readonly Cell[]) =>
  row
    .filter((v, i) => (table.formats[i] ?? 'text') === 'text' && v !== null && v !== '')
    .map(String)
    .join(', ');

/**
 * Report sections as govukTable arguments: numbers right-aligned and
 * formatted, and each traced figure a link to the cases behind it (with the
 * row's label spelt out for screen reader users, who hear links out of context).
 */
export function sectionsForPage(sections: ReportSection[], traceLink: (table: string, row: number) => string) {
  return sections.map((s) => ({
    ...s,
    tables: s.tables.map((t) => ({
      name: t.name,
      caption: t.caption,
      chart: t.chart,
      head: t.head.map((text, i) => ({ text, format: t.formats[i] === 'text' ? undefined : 'numeric' })),
      rows: t.rows.map((r, row) =>
        r.map((v, i) => {
          const format = t.formats[i] ?? 'text';
          const text = displayCell(v, format);
          const numeric = format === 'text' ? undefined : 'numeric';
          if (i === t.tracedColumn && t.refs?.[row]?.length)
            return {
              html: `<a class="govuk-link" href="${escapeHtml(traceLink(t.name, row))}">${escapeHtml(text)}<span class="govuk-visually-hidden"> ${text === '1' ? 'case' : 'cases'}: ${escapeHtml(rowLabel(t, r))}, ${escapeHtml(t.head[i] ?? '')}</span></a>`,
              format: numeric,
            };
          return { text, format: numeric };
        }),
      ),
    })),
  }));
}
