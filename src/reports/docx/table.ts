import {
  AlignmentType,
  BorderStyle,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { displayCell, type ReportTable } from '../sections.ts';
import { textWidthTwips, widestWordTwips } from '../text-width.ts';
import { textWidth, type Orientation } from './page.ts';

/**
 * A report table in Word, its columns sized from what they hold so that no
 * word is ever broken inside a cell: every column is at least as wide as its
 * longest word (in the header, bold), and the room left over goes to the
 * columns whose text would otherwise wrap most. A table too wide at 10 point
 * is tried at 9 and 8, then on a landscape page. The header row repeats on
 * every page the table runs onto, and no row is split across two pages.
 */
const CELL_MARGIN = 85; // twips each side (0.15 cm)
/** Allowance for the guess at text widths being a little short, and for the cell's borders. */
const SLACK = 1.08;
const PADDING = 2 * CELL_MARGIN + 30;
const SIZES = [10, 9, 8];

export interface TableLayout {
  orientation: Orientation;
  sizePt: number;
  widths: number[];
}

/**
 * The columns' widths and the font size and page that let every word of the table sit whole in its cell: the first
 * of 10, 9 and 8 point, portrait then landscape, where every row's cells fit on one line (a label read in one go),
 * or failing that the first where every word fits.
 */
export function layoutTable(t: ReportTable): TableLayout {
  const texts = [t.head, ...t.rows.map((r) => r.map((v, i) => displayCell(v, t.formats[i] ?? 'text')))];
  const tries = (['portrait', 'landscape'] as const).flatMap((orientation) =>
    SIZES.map((sizePt) => {
      const room = textWidth(orientation);
      const min = t.head.map((_, c) =>
        Math.max(...texts.map((row, r) => widestWordTwips(row[c] ?? '', sizePt, r === 0) * SLACK + PADDING)),
      );
      const natural = (rows: string[][]) =>
        t.head.map((_, c) =>
          Math.max(...rows.map((row) => textWidthTwips(row[c] ?? '', sizePt, row === t.head) * SLACK + PADDING)),
        );
      // The rows on one line first, then the headers, which wrap more happily.
      const oneLine = natural(texts.slice(1)).map((w, c) => Math.max(w, min[c]!));
      return { orientation, sizePt, room, min, oneLine, all: natural(texts) };
    }),
  );
  const rowsFit = tries.find((x) => sum(x.oneLine) <= x.room);
  if (rowsFit)
    return {
      orientation: rowsFit.orientation,
      sizePt: rowsFit.sizePt,
      widths: share(rowsFit.oneLine, rowsFit.all, rowsFit.room),
    };
  const wordsFit = tries.find((x) => sum(x.min) <= x.room);
  if (wordsFit)
    return {
      orientation: wordsFit.orientation,
      sizePt: wordsFit.sizePt,
      widths: share(wordsFit.min, wordsFit.oneLine, wordsFit.room),
    };
  // Wider than a landscape page even at 8 point: the narrowest columns, scaled to fit (no report table is this wide).
  const last = tries[tries.length - 1]!;
  return {
    orientation: 'landscape',
    sizePt: 8,
    widths: last.min.map((w) => Math.floor((w * last.room) / sum(last.min))),
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The page's width shared out: each column its narrowest, then what is left in proportion to how much more each
 * needs to hold its longest cell on one line; once every cell fits on one line, the rest in proportion to width.
 */
function share(min: number[], natural: number[], room: number): number[] {
  const spare = room - sum(min);
  const wants = natural.map((n, i) => Math.max(0, n - min[i]!));
  const wanted = sum(wants);
  if (wanted >= spare) return min.map((m, i) => Math.floor(m + (wanted ? (spare * wants[i]!) / wanted : 0)));
  const full = natural.map((n, i) => Math.max(n, min[i]!));
  const fill = room - sum(full);
  const total = sum(full);
  return full.map((n) => Math.floor(n + (fill * n) / total));
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: 'B1B4B6' };

export function wordTable(t: ReportTable, layout: TableLayout): Table {
  const size = layout.sizePt * 2;
  const cell = (text: string, column: number, header: boolean) =>
    new TableCell({
      width: { size: layout.widths[column]!, type: WidthType.DXA },
      margins: { left: CELL_MARGIN, right: CELL_MARGIN, top: 40, bottom: 40 },
      ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'F3F2F1', color: 'auto' } } : {}),
      children: [
        new Paragraph({
          // None of the body text's space after a paragraph: the cell's margins space the rows.
          spacing: { before: 0, after: 0 },
          alignment: t.formats[column] !== 'text' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [new TextRun({ text, bold: header, size })],
        }),
      ],
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: sum(layout.widths), type: WidthType.DXA },
    columnWidths: layout.widths,
    borders: {
      top: BORDER,
      bottom: BORDER,
      left: BORDER,
      right: BORDER,
      insideHorizontal: BORDER,
      insideVertical: BORDER,
    },
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: t.head.map((h, i) => cell(h, i, true)),
      }),
      ...t.rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: r.map((v, i) => cell(displayCell(v, t.formats[i] ?? 'text'), i, false)),
          }),
      ),
    ],
  });
}
