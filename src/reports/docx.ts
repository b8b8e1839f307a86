import {
  AlignmentType,
  Bookmark,
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
import { chartImage } from './chart-images.ts';
import { chartsByGroup, reportCharts, type Chart } from './charts.ts';
import { DEFINITIONS } from './definitions.ts';
import type { ReportModel } from './model.ts';
import { displayCell, reportSections } from './sections.ts';
import { coverPage, REPORT_TITLE, versionOf, type CoverDetails } from './docx/cover.ts';
import { pageOf, textWidth, type Orientation } from './docx/page.ts';
import { layoutTable, wordTable } from './docx/table.ts';
import { anchorPages, type Placed } from './docx/pages.ts';

export type { CoverDetails } from './docx/cover.ts';

/**
 * The report as a Word document a council can put before committee and
 * publish: a cover, a contents page (a real Word table of contents, its
 * page numbers worked out by docx/pages.ts, and updated by Word when it
 * opens the file),
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
  const headings: { id: string; title: string }[] = [];
  const heading = (title: string) => {
    const id = `section-${headings.length + 1}`;
    headings.push({ id, title });
    body.add(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: true,
        keepNext: true,
        children: [new Bookmark({ id, children: [new TextRun(title)] })],
      }),
      {
        measure: { kind: 'text', text: title, sizePt: 18, bold: true, after: 240 },
        pageBreakBefore: true,
        keepNext: true,
        anchor: id,
      },
    );
  };
  const text = (t: string, opts: { bold?: string } = {}) =>
    body.add(
      new Paragraph({
        keepLines: !!opts.bold,
        children: opts.bold ? [new TextRun({ text: opts.bold, bold: true }), new TextRun(t)] : [new TextRun(t)],
      }),
      { measure: { kind: 'text', text: `${opts.bold ?? ''}${t}`, sizePt: 11 } },
    );
  const caption = (t: string, style: 'TableCaption' | 'FigureCaption') =>
    body.add(new Paragraph({ text: t, style }), {
      measure: { kind: 'text', text: t, sizePt: 11, bold: true, before: 240, after: 80 },
      keepNext: true,
    });
  let figures = 0;
  let tables = 0;
  for (const section of reportSections(model, councilName)) {
    heading(section.heading);
    for (const p of section.paragraphs) text(p);
    for (const t of section.tables) {
      const tableCharts = t.chart ? (charts[t.chart] ?? []) : [];
      const start = body.mark();
      for (const chart of tableCharts) {
        caption(`Figure ${++figures}: ${chart.title}`, 'FigureCaption');
        const { paragraph, heightTwips } = await picture(chart);
        body.add(paragraph, { measure: { kind: 'picture', heightTwips }, keepNext: true });
      }
      const tableStart = body.mark();
      caption(`Table ${++tables}: ${t.caption}`, 'TableCaption');
      if (!t.rows.length) {
        text('None in this period.');
        continue;
      }
      const layout = layoutTable(t);
      body.add(wordTable(t, layout), {
        measure: {
          kind: 'table',
          widths: layout.widths,
          sizePt: layout.sizePt,
          head: t.head,
          rows: t.rows.map((r) => r.map((v, i) => displayCell(v, t.formats[i] ?? 'text'))),
        },
      });
      // A little air after a table, in its own orientation, before the text goes on.
      body.add(new Paragraph({ text: '', spacing: { after: 0 } }), {
        measure: { kind: 'text', text: '', sizePt: 11, after: 0 },
      });
      // One chart turns the page with its table, so the two are seen together; several stay on the page before
      // (two charts and a table are more than a landscape page holds).
      body.orient(layout.orientation, tableCharts.length === 1 ? start : tableStart);
    }
  }
  if (quotes.compliments.length) {
    heading('Example compliments');
    for (const q of quotes.compliments)
      body.add(
        new Paragraph({
          children: [
            new TextRun({ text: `${q.team ?? 'Compliment'}: `, bold: true }),
            new TextRun({ text: `“${q.text}”`, italics: true }),
          ],
        }),
        { measure: { kind: 'text', text: `${q.team ?? 'Compliment'}: “${q.text}”`, sizePt: 11 } },
      );
  }
  if (quotes.complaints.length) {
    heading('Example complaints');
    for (const q of quotes.complaints) text(q.text);
  }
  heading('Definitions');
  for (const d of DEFINITIONS) text(d.definition, { bold: `${d.measure}. ` });

  // Cover on page 1, contents on page 2, the body from page 3.
  const pages = anchorPages(
    body.sections().map((s) => ({ orientation: s.orientation, blocks: s.placed })),
    3,
  );
  const contents = [
    new Paragraph({ text: 'Contents', style: 'ContentsTitle' }),
    new TableOfContents('Contents', {
      hyperlink: true,
      headingStyleRange: '1-1',
      cachedEntries: headings.map((h) => ({ title: h.title, level: 1, page: pages.get(h.id), href: h.id })),
    }),
  ];

  const running = `${councilName}: ${REPORT_TITLE.toLowerCase().replace(/^c/, 'C')}, ${model.scope} ${now.period.label}`;
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
    title: `${REPORT_TITLE}: ${model.scope} ${now.period.label}`,
    description: `${councilName}'s annual report of complaints, compliments and other feedback, ${now.period.label}.`,
    features: { updateFields: true },
    styles: STYLES,
    sections: [
      {
        properties: { page: pageOf('portrait') },
        children: coverPage(councilName, model.scope, now.period, {
          ...cover,
          version: cover.version ?? versionOf(model.texts),
        }),
      },
      { properties: { page: pageOf('portrait') }, headers, footers, children: contents },
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

/** A chart's picture, with alt text; its title is the figure caption before it (text, so it is read, searched and printed). */
async function picture(chart: Chart): Promise<{ paragraph: Paragraph; heightTwips: number }> {
  const image = await chartImage(chart);
  const width = Math.round(Math.min(image.width, (textWidth('portrait') / 20) * (96 / 72)));
  const height = Math.round((image.height * width) / image.width);
  return {
    heightTwips: height * 15,
    paragraph: new Paragraph({
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
  };
}

/**
 * The document's body as it is written, split into Word sections where the page turns: a table too wide for a
 * portrait page goes, with its caption, onto landscape pages of its own.
 */
class Body {
  private blocks: { orientation: Orientation; children: (Paragraph | Table)[]; placed: Placed[] }[] = [
    { orientation: 'portrait', children: [], placed: [] },
  ];
  /** A paragraph or table, with what the page count needs to know of it. */
  add(child: Paragraph | Table, placed: Placed) {
    const last = this.blocks[this.blocks.length - 1]!;
    last.children.push(child);
    last.placed.push(placed);
  }
  /** Where the next child will go, for `orient`. */
  mark(): number {
    return this.blocks[this.blocks.length - 1]!.children.length;
  }
  /** Puts the children added since `mark` (a table, its caption and maybe its chart) on pages of their own orientation. */
  orient(orientation: Orientation, from: number) {
    if (orientation === 'portrait') return;
    const last = this.blocks[this.blocks.length - 1]!;
    this.blocks.push(
      { orientation, children: last.children.splice(from), placed: last.placed.splice(from) },
      { orientation: 'portrait', children: [], placed: [] },
    );
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
