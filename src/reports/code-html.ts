import { escapeHtml, htmlTable, STYLE } from './html.ts';
import { codeReportSections, type CodeAnswer } from './code-self-assessment.ts';
import type { ReportModel } from './model.ts';

/**
 * The Complaint Handling Code's annual report as one self-contained HTML file
 * (`heard report annual --edition code --format html`): the same sections as
 * the page at /reports/code, to send to the governing body and publish.
 */
export function codeReportHtml(
  model: ReportModel,
  councilName: string,
  answers: Partial<Record<string, CodeAnswer>>,
): string {
  const parts: string[] = [];
  for (const s of codeReportSections(model, councilName, answers)) {
    parts.push(`<h2 id="${s.id}">${escapeHtml(s.heading)}</h2>`, ...s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`));
    for (const t of s.tables) parts.push(htmlTable(t));
  }
  const title = `Complaint handling performance and service improvement report: ${model.scope} ${model.periods[2]!.period.label}`;
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} – ${escapeHtml(councilName)}</title><style>${STYLE}</style></head>\n<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(councilName)}. With the council’s self-assessment against the Local Government and Social Care Ombudsman’s Complaint Handling Code.</p>\n${parts.join('\n')}\n</body></html>\n`;
}
