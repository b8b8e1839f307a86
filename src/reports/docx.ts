import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { DEFINITIONS } from './definitions.ts';
import type { ReportModel } from './model.ts';
import { reportTables } from './tables.ts';

/**
 * The report as a Word document the team edits before it goes to committee:
 * a narrative with the figures filled in, every table, and the definitions.
 */
export function narrative(model: ReportModel, councilName: string): string[] {
  const now = model.periods[2]!;
  const other = now.byType.comment + now.byType.question + now.byType.mp_enquiry + now.byType.concern;
  const onTime = now.timescales.reduce((a, t) => a + t.metBase + t.metExtension, 0);
  const responses = now.timescales.reduce((a, t) => a + t.responses, 0);
  const upheld = now.outcomes.byOutcome.find((o) => o.outcome === 'upheld');
  const partly = now.outcomes.byOutcome.find((o) => o.outcome === 'partially_upheld');
  return [
    `In ${now.period.label} there were ${now.total} cases of feedback recorded for ${councilName}'s Children's Services: ${now.byType.compliment} compliments, ${other} comments or other types of enquiry and ${now.complaints} complaints.`,
    `There were ${now.complaints} complaint cases and ${now.investigations} complaint investigations (some complaints covered several teams).`,
    `The average number of cases of feedback a month was ${now.monthlyAverage}.`,
    responses ? `${onTime} of ${responses} Stage 1 responses (${Math.round((onTime / responses) * 1000) / 10}%) were within the timescale or an agreed extension.` : 'No Stage 1 responses were sent in the period.',
    now.outcomes.closed ? `Of the ${now.outcomes.closed} complaint investigations closed within the year, ${upheld?.percentOfClosed ?? 0}% were upheld and ${partly?.percentOfClosed ?? 0}% were partially upheld.` : '',
    `${now.progression.beyondStage1} complaints progressed beyond Stage 1: ${now.progression.stage2} to Stage 2 and ${now.progression.lgsco} to the Ombudsman.`,
  ].filter(Boolean);
}

export interface Quotes {
  compliments: { team: string | null; text: string }[];
  complaints: { text: string }[];
}

export async function reportDocument(model: ReportModel, councilName: string, quotes: Quotes = { compliments: [], complaints: [] }): Promise<Buffer> {
  const now = model.periods[2]!;
  const cell = (v: string | number | null, bold = false) => new TableCell({ children: [new Paragraph({ alignment: typeof v === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text: v === null ? '–' : String(v), bold })] })] });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: `Customer Feedback Annual Report: Children's Services ${now.period.label}`, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: councilName }),
    new Paragraph({ text: 'Summary', heading: HeadingLevel.HEADING_1 }),
    ...narrative(model, councilName).map((t) => new Paragraph({ text: t, spacing: { after: 120 } })),
  ];
  for (const t of reportTables(model)) {
    children.push(new Paragraph({ text: t.caption, heading: HeadingLevel.HEADING_2 }));
    if (t.rows.length === 0) {
      children.push(new Paragraph({ text: 'None in this period.' }));
      continue;
    }
    children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [new TableRow({ tableHeader: true, children: t.head.map((h) => cell(h, true)) }), ...t.rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) }))] }));
  }
  children.push(new Paragraph({ text: 'Example compliments', heading: HeadingLevel.HEADING_1 }));
  for (const q of quotes.compliments) children.push(new Paragraph({ children: [new TextRun({ text: `${q.team ?? 'Compliment'}: `, bold: true }), new TextRun({ text: `“${q.text}”`, italics: true })], spacing: { after: 120 } }));
  children.push(new Paragraph({ text: 'Example complaints', heading: HeadingLevel.HEADING_1 }));
  for (const q of quotes.complaints) children.push(new Paragraph({ text: q.text, spacing: { after: 120 } }));
  children.push(new Paragraph({ text: 'Definitions', heading: HeadingLevel.HEADING_1 }));
  for (const d of DEFINITIONS) children.push(new Paragraph({ children: [new TextRun({ text: `${d.measure}. `, bold: true }), new TextRun(d.definition)], spacing: { after: 120 } }));
  const doc = new Document({ creator: councilName, title: `Feedback report ${now.period.label}`, styles: { default: { document: { run: { font: 'Arial', size: 22 } } } }, sections: [{ children }] });
  return Packer.toBuffer(doc);
}
