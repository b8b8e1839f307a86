import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { chartImage } from './chart-images.ts';
import { reportCharts } from './charts.ts';
import { DEFINITIONS } from './definitions.ts';
import type { ReportModel } from './model.ts';
import { displayCell, reportSections, type ReportTable } from './sections.ts';

/**
 * The report as a Word document the team edits before it goes to committee:
 * the same sections as the web page, each with its narrative filled in, its
 * charts as pictures (with alt text) and its tables; then the chosen quotes
 * and the definitions.
 */
export interface Quotes {
  compliments: { team: string | null; text: string }[];
  complaints: { text: string }[];
}

/** A4 with Word's default margins leaves about 16 cm: charts are drawn 600 pixels wide. */
const CHART_WIDTH = 600;

export async function reportDocument(
  model: ReportModel,
  councilName: string,
  quotes: Quotes = { compliments: [], complaints: [] },
): Promise<Buffer> {
  const now = model.periods[2]!;
  const charts = new Map(reportCharts(model).map((c) => [c.name, c]));
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      text: `Customer Feedback Annual Report: Children's Services ${now.period.label}`,
      heading: HeadingLevel.TITLE,
    }),
    new Paragraph({ text: councilName }),
  ];
  for (const section of reportSections(model, councilName)) {
    children.push(new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_1 }));
    for (const text of section.paragraphs) children.push(new Paragraph({ text, spacing: { after: 120 } }));
    for (const t of section.tables) {
      const chart = t.chart ? charts.get(t.chart) : undefined;
      if (chart) {
        const image = chartImage(chart);
        const height = Math.round((image.height * CHART_WIDTH) / image.width);
        children.push(
          new Paragraph({
            children: [
              new ImageRun({
                type: 'png',
                data: image.png,
                transformation: { width: CHART_WIDTH, height },
                altText: {
                  name: chart.name,
                  title: chart.title,
                  description: `${chart.title}. The table that follows gives the same figures.`,
                },
              }),
            ],
          }),
        );
      }
      children.push(new Paragraph({ text: t.caption, heading: HeadingLevel.HEADING_2 }));
      children.push(t.rows.length ? wordTable(t) : new Paragraph({ text: 'None in this period.' }));
    }
  }
  children.push(new Paragraph({ text: 'Example compliments', heading: HeadingLevel.HEADING_1 }));
  for (const q of quotes.compliments)
    children.push(
      new Paragraph({
        children: [
          new TextRun({ text: `${q.team ?? 'Compliment'}: `, bold: true }),
          new TextRun({ text: `“${q.text}”`, italics: true }),
        ],
        spacing: { after: 120 },
      }),
    );
  children.push(new Paragraph({ text: 'Example complaints', heading: HeadingLevel.HEADING_1 }));
  for (const q of quotes.complaints) children.push(new Paragraph({ text: q.text, spacing: { after: 120 } }));
  children.push(new Paragraph({ text: 'Definitions', heading: HeadingLevel.HEADING_1 }));
  for (const d of DEFINITIONS)
    children.push(
      new Paragraph({
        children: [new TextRun({ text: `${d.measure}. `, bold: true }), new TextRun(d.definition)],
        spacing: { after: 120 },
      }),
    );
  const doc = new Document({
    creator: councilName,
    title: `Feedback report ${now.period.label}`,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

function wordTable(t: ReportTable): Table {
  const cell = (text: string, numeric: boolean, bold = false) =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: numeric ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [new TextRun({ text, bold })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: t.head.map((h, i) => cell(h, t.formats[i] !== 'text', true)) }),
      ...t.rows.map(
        (r) =>
          new TableRow({
            children: r.map((v, i) => cell(displayCell(v, t.formats[i] ?? 'text'), t.formats[i] !== 'text')),
          }),
      ),
    ],
  });
}
