import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  type Table,
  TableOfContents,
  TextRun,
  type ISectionOptions,
} from 'docx';
import { estimatePageNumbers } from 'docx/layout';
import { chartImage } from './chart-images.ts';
import { chartsByGroup, reportCharts, type Chart } from './charts.ts';
import { DEFINITIONS } from './definitions.ts';
import type { ReportModel } from './model.ts';
import { reportSections } from './sections.ts';
import { coverPage, REPORT_TITLE, SERVICE, type CoverDetails } from './docx/cover.ts';
import { pageOf, textWidth, type Orientation } from './docx/page.ts';
import { layoutTable, wordTable } from './docx/table.ts';

export type { CoverDetails } from './docx/cover.ts';

/**
 * The report as a Word document a council can put before committee and
 * publish: a cover, a contents page (a real Word table of contents, its
 * page numbers filled in, and updated by Word when it opens the file),
 * running header and page numbers, then the same sections as the web page,
 * each with its narrative, its charts (numbered, titled, with alt text) and
 * its tables (numbered and captioned); then any chosen quotes and the
 * definitions. Section headings are Word's own Heading 1, so the navigation
 * pane lists them, and every caption keeps with what it captions.
 */
export interface Quotes {
  compliments: { team: string | null; text: string }[];
  complaints: { text: string }[];
}

const FONT = 'Arial';

export async function reportDocument(
  model: ReportModel,
  councilName: string,
  quotes: Quotes = { compliments: [], complaints: [] },
  cover: CoverDetails = {},
): Promise<Buffer> {
  const now = model.periods[2]!;
  const charts = chartsByGroup(reportCharts(model));
  const body = new Body();
  body.add(
    new Paragraph({ text: 'Contents', style: 'ContentsTitle' }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-1' }),
  );
  let figures = 0;
  let tables = 0;
  for (const section of reportSections(model, councilName)) {
    body.add(heading(section.heading));
    for (const text of section.paragraphs) body.add(new Paragraph({ text }));
    for (const t of section.tables) {
      const tableCharts = t.chart ? (charts[t.chart] ?? []) : [];
      const start = body.mark();
      for (const chart of tableCharts) body.add(...figure(++figures, chart));
      const tableStart = body.mark();
      const caption = new Paragraph({ text: `Table ${++tables}: ${t.caption}`, style: 'TableCaption' });
      if (!t.rows.length) {
        body.add(caption, new Paragraph({ text: 'None in this period.' }));
        continue;
      }
      const layout = layoutTable(t);
      body.add(caption, wordTable(t, layout));
      // A little air after a table, in its own orientation, before the text goes on.
      body.add(new Paragraph({ text: '', spacing: { after: 0 } }));
      // One chart turns the page with its table, so the two are seen together; several stay on the page before
      // (two charts and a table are more than a landscape page holds).
      body.orient(layout.orientation, tableCharts.length === 1 ? start : tableStart);
    }
  }
  if (quotes.compliments.length) {
    body.add(
      heading('Example compliments'),
      ...quotes.compliments.map(
        (q) =>
          new Paragraph({
            children: [
              new TextRun({ text: `${q.team ?? 'Compliment'}: `, bold: true }),
              new TextRun({ text: `“${q.text}”`, italics: true }),
            ],
          }),
      ),
    );
  }
  if (quotes.complaints.length)
    body.add(heading('Example complaints'), ...quotes.complaints.map((q) => new Paragraph({ text: q.text })));
  body.add(heading('Definitions'));
  for (const d of DEFINITIONS)
    body.add(
      new Paragraph({
        keepLines: true,
        children: [new TextRun({ text: `${d.measure}. `, bold: true }), new TextRun(d.definition)],
      }),
    );

  const running = `${councilName}: ${REPORT_TITLE.toLowerCase().replace(/^c/, 'C')}, ${SERVICE} ${now.period.label}`;
  const headers = {
    default: new Header({
      children: [
        new Paragraph({
          alignment: AlignmentType.RIGHT,
          children: [new TextRun({ text: running, size: 18, color: '505A5F' })],
        }),
      ],
    }),
  };
  const footers = {
    default: new Footer({
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ children: ['Page ', PageNumber.CURRENT], size: 18 })],
        }),
      ],
    }),
  };
  const doc = new Document({
    creator: councilName,
    title: `${REPORT_TITLE}: ${SERVICE} ${now.period.label}`,
    description: `${councilName}'s annual report of complaints, compliments and other feedback, ${now.period.label}.`,
    features: { updateFields: true },
    // The contents page's numbers written with the file (LibreOffice shows them as written); Word updates them on opening.
    pageNumbers: estimatePageNumbers,
    styles: STYLES,
    sections: [
      { properties: { page: pageOf('portrait') }, children: coverPage(councilName, now.period, cover) },
      ...body.sections().map((s): ISectionOptions => ({
        properties: { page: pageOf(s.orientation) },
        headers,
        footers,
        children: s.children,
      })),
    ],
  });
  return Packer.toBuffer(doc);
}

const heading = (text: string) =>
  new Paragraph({ text, heading: HeadingLevel.HEADING_1, pageBreakBefore: true, keepNext: true });

/** A chart as a numbered, titled figure: its title as text (so it is read, searched and printed), the picture with alt text. */
function figure(n: number, chart: Chart): Paragraph[] {
  const image = chartImage(chart);
  const width = Math.round(Math.min(image.width, (textWidth('portrait') / 20) * (96 / 72)));
  const height = Math.round((image.height * width) / image.width);
  return [
    new Paragraph({ text: `Figure ${n}: ${chart.title}`, style: 'FigureCaption' }),
    new Paragraph({
      keepNext: true,
      spacing: { after: 120 },
      children: [
        new ImageRun({
          type: 'png',
          data: image.png,
          transformation: { width, height },
          altText: {
            name: chart.name,
            title: chart.title,
            description: `${chart.description} The table after this chart gives the same figures.`,
          },
        }),
      ],
    }),
  ];
}

/**
 * The document's body as it is written, split into Word sections where the page turns: a table too wide for a
 * portrait page goes, with its caption, onto landscape pages of its own.
 */
class Body {
  private blocks: { orientation: Orientation; children: (Paragraph | Table | TableOfContents)[] }[] = [
    { orientation: 'portrait', children: [] },
  ];
  add(...children: (Paragraph | Table | TableOfContents)[]) {
    this.blocks[this.blocks.length - 1]!.children.push(...children);
  }
  /** Where the next child will go, for `orient`. */
  mark(): number {
    return this.blocks[this.blocks.length - 1]!.children.length;
  }
  /** Puts the children added since `mark` (a table, its caption and its charts) on pages of their own orientation. */
  orient(orientation: Orientation, from: number) {
    if (orientation === 'portrait') return;
    const last = this.blocks[this.blocks.length - 1]!;
    const moved = last.children.splice(from);
    this.blocks.push({ orientation, children: moved }, { orientation: 'portrait', children: [] });
  }
  sections() {
    return this.blocks.filter((b) => b.children.length);
  }
}

const STYLES = {
  default: {
    document: { run: { font: FONT, size: 22 }, paragraph: { spacing: { after: 120 } } },
    heading1: {
      run: { font: FONT, size: 36, bold: true, color: '0B0C0C' },
      paragraph: { spacing: { before: 0, after: 240 }, keepNext: true, keepLines: true, outlineLevel: 0 },
    },
    title: { run: { font: FONT, size: 56, bold: true } },
  },
  paragraphStyles: [
    {
      id: 'ContentsTitle',
      name: 'Contents Title',
      basedOn: 'Normal',
      next: 'Normal',
      run: { size: 36, bold: true },
      paragraph: { spacing: { after: 240 } },
    },
    {
      id: 'TableCaption',
      name: 'Table Caption',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { size: 22, bold: true },
      paragraph: { spacing: { before: 240, after: 80 }, keepNext: true, keepLines: true },
    },
    {
      id: 'FigureCaption',
      name: 'Figure Caption',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { size: 22, bold: true },
      paragraph: { spacing: { before: 240, after: 80 }, keepNext: true, keepLines: true },
    },
  ],
};
