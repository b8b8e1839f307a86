import { chartsByGroup, reportCharts } from './charts.ts';
import { fitWithin } from '../domain/images/png.ts';
import { DEFINITIONS } from './definitions.ts';
import type { ReportModel } from './model.ts';
import { displayCell, reportSections, type ReportTable } from './sections.ts';

/**
 * The report as one self-contained HTML file (for `heard report annual
 * --format html`): the same sections, charts and tables as the web page,
 * with its own small print stylesheet, so it opens and prints anywhere
 * without the server.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text made safe to place in HTML, attributes included. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

export const STYLE = `body{font-family:Arial,sans-serif;color:#0b0c0c;max-width:960px;margin:2em auto;padding:0 1em;line-height:1.4}
h1{font-size:2em}h2{font-size:1.5em;margin-top:1.5em;break-after:avoid}table{border-collapse:collapse;width:100%;margin:0 0 1.5em}
caption{text-align:left;font-weight:bold;padding:.5em 0}th,td{border-bottom:1px solid #b1b4b6;padding:.4em .6em .4em 0;text-align:left;vertical-align:top}
.num{text-align:right}figure{margin:0 0 1em;break-inside:avoid}svg{max-width:100%;height:auto}dt{font-weight:bold}dd{margin:0 0 .8em}`;

export function htmlTable(t: ReportTable): string {
  if (!t.rows.length) return `<p>${escapeHtml(t.caption)}: none in this period.</p>`;
  const cls = (i: number) => (t.formats[i] === 'text' ? '' : ' class="num"');
  const head = t.head.map((h, i) => `<th scope="col"${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r.map((v, i) => `<td${cls(i)}>${escapeHtml(displayCell(v, t.formats[i] ?? 'text'))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><caption>${escapeHtml(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function reportHtml(
  model: ReportModel,
  councilName: string,
  { logo }: { logo?: { png: Buffer; width: number; height: number } | null } = {},
): string {
  const now = model.periods[2]!;
  const charts = chartsByGroup(reportCharts(model));
  const parts: string[] = [];
  for (const s of reportSections(model, councilName)) {
    parts.push(`<h2 id="${s.id}">${escapeHtml(s.heading)}</h2>`, ...s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`));
    for (const t of s.tables) {
      for (const chart of t.chart ? (charts[t.chart] ?? []) : [])
        parts.push(
          `<figure><figcaption><strong>${escapeHtml(chart.title)}</strong> (chart; the table below gives the numbers)</figcaption><div role="img" aria-label="${escapeHtml(chart.title)}">${chart.svg}</div></figure>`,
        );
      parts.push(htmlTable(t));
    }
  }
  parts.push(
    '<h2 id="definitions">Definitions</h2><dl>',
    ...DEFINITIONS.map((d) => `<dt>${escapeHtml(d.measure)}</dt><dd>${escapeHtml(d.definition)}</dd>`),
    '</dl>',
  );
  const title = `Customer Feedback Annual Report: ${model.scope} ${now.period.label}`;
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} – ${escapeHtml(councilName)}</title><style>${STYLE}</style></head>\n<body>${logo ? `<img src="data:image/png;base64,${logo.png.toString('base64')}" alt="${escapeHtml(councilName)} logo" width="${fitWithin(logo, { width: 230, height: 115 }).width}" height="${fitWithin(logo, { width: 230, height: 115 }).height}">` : ''}<h1>${escapeHtml(title)}</h1><p>${escapeHtml(councilName)}</p>${model.texts?.status === 'draft' ? '<p><strong>Draft: the council’s text is still being written.</strong></p>' : ''}\n${parts.join('\n')}\n</body></html>\n`;
}
