import { AlignmentType, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import { coverPage, type CoverDetails } from './docx/cover.ts';
import { codeReportSections, type CodeAnswer } from './code-self-assessment.ts';
import type { ReportModel } from './model.ts';
import { pageOf } from './docx/page.ts';
import { layoutTable, wordTable } from './docx/table.ts';

/**
 * The Complaint Handling Code's annual report as a Word document to put
 * before the governing body (Code paragraph 8.2): the same sections as
 * /reports/code, on landscape pages so the self-assessment's six columns
 * read, after a cover (council, logo, title, period, date), each page numbered.
 */
export async function codeReportDocument(
  model: ReportModel,
  councilName: string,
  answers: Partial<Record<string, CodeAnswer>>,
  cover: CoverDetails = {},
): Promise<Buffer> {
  const label = model.periods[2]!.period.label;
  const title = `Complaint handling performance and service improvement report ${label}`;
  const children: (Paragraph | ReturnType<typeof wordTable>)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }),
    new Paragraph(
      `${councilName}, ${model.scope}. With the council’s self-assessment against the Local Government and Social Care Ombudsman’s Complaint Handling Code.`,
    ),
  ];
  for (const s of codeReportSections(model, councilName, answers)) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(s.heading)] }));
    for (const p of s.paragraphs) children.push(new Paragraph(p));
    for (const t of s.tables) {
      children.push(new Paragraph({ keepNext: true, children: [new TextRun({ text: t.caption, bold: true })] }));
      if (!t.rows.length) children.push(new Paragraph('None in this period.'));
      else children.push(wordTable(t, layoutTable(t)), new Paragraph(''));
    }
  }
  const doc = new Document({
    creator: councilName,
    title: `${title}: ${model.scope}`,
    description: `${councilName}'s annual complaints performance and service improvement report, ${label}.`,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [
      {
        properties: { page: pageOf('portrait') },
        children: coverPage(councilName, model.scope, model.periods[2]!.period, {
          ...cover,
          title: 'Complaint handling performance and service improvement report',
          version: cover.version ?? 'for the governing body',
        }),
      },
      {
        properties: { page: pageOf('landscape') },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['Page ', PageNumber.CURRENT], size: 18 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
