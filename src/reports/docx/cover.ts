import { AlignmentType, ImageRun, Paragraph, TextRun } from 'docx';
import { fitWithin } from '../../domain/images/png.ts';
import { formatLongDate, type IsoDate } from '../../domain/calendar/iso-date.ts';
import type { Period } from '../figures.ts';
import type { ReportTexts } from '../text-blocks.ts';

/** What the cover says besides the figures: the day the document was made, and which version it is. */
export interface CoverDetails {
  issuedOn?: IsoDate;
  /** Default: a draft, as every download is until the council finishes it in Word. */
  version?: string;
  /** The document's title, when it is not the annual feedback report (the Complaint Handling Code's report). */
  title?: string;
  /** The council's logo (a PNG), placed above its name. */
  logo?: { png: Buffer; width: number; height: number } | null;
}

/** The largest a logo is drawn on the cover, in pixels (Word's 96 to the inch): about 6 by 3 cm. */
const LOGO_BOX = { width: 230, height: 115 };

export const REPORT_TITLE = 'Customer Feedback Annual Report';

/** The version the cover states, from whether the council has marked the report's text final. */
export function versionOf(texts: ReportTexts | null | undefined): string | undefined {
  if (texts?.status === 'final') return 'final';
  if (texts?.status === 'draft') return 'draft: the council’s text is still being written';
  return undefined;
}

/** The cover page: council, title, service, period, date and version, each on its own line. */
export function coverPage(councilName: string, scope: string, period: Period, details: CoverDetails): Paragraph[] {
  const line = (text: string, size: number, opts: { bold?: boolean; before?: number; colour?: string } = {}) =>
    new Paragraph({
      alignment: AlignmentType.LEFT,
      spacing: { before: opts.before ?? 0, after: 160 },
      children: [new TextRun({ text, size, bold: opts.bold, color: opts.colour ?? '0B0C0C' })],
    });
  const logo = details.logo
    ? [
        new Paragraph({
          spacing: { before: 1200, after: 240 },
          children: [
            new ImageRun({
              type: 'png',
              data: details.logo.png,
              transformation: fitWithin(details.logo, LOGO_BOX),
              altText: { name: 'logo', title: `${councilName} logo`, description: `${councilName} logo` },
            }),
          ],
        }),
      ]
    : [];
  return [
    ...logo,
    line(councilName, 36, { bold: true, before: logo.length ? 480 : 2400 }),
    line(details.title ?? REPORT_TITLE, details.title ? 44 : 56, { bold: true, before: 480 }),
    line(scope, 40),
    line(`${formatLongDate(period.from)} to ${formatLongDate(period.to)} (${period.label})`, 28, { before: 480 }),
    ...(details.issuedOn ? [line(`Produced on ${formatLongDate(details.issuedOn)}`, 24, { before: 2400 })] : []),
    line(`Version: ${details.version ?? 'draft, for the council to edit before publication'}`, 24, {
      before: details.issuedOn ? 0 : 2400,
    }),
  ];
}
