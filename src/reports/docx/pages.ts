import { textWidthTwips } from '../text-width.ts';
import { MARGIN, A4, textWidth, type Orientation } from './page.ts';

/**
 * Which page each section heading of the Word report starts on, worked out
 * from the same widths the tables are sized by, so the contents page can be
 * written with its page numbers (LibreOffice shows them as written; Word
 * also updates them on opening). docx's own layout estimator does this in
 * general, but took 5 to 8 seconds on the demo year; this knows the
 * report's few kinds of block and takes milliseconds. A block is a
 * paragraph of known text and size, a picture of known height, or a table
 * of known column widths whose rows do not split and whose header repeats.
 */
export type Measure =
  | { kind: 'text'; text: string; sizePt: number; bold?: boolean; before?: number; after?: number }
  | { kind: 'picture'; heightTwips: number; after?: number }
  | { kind: 'table'; widths: number[]; sizePt: number; head: string[]; rows: string[][] };

export interface Placed {
  measure: Measure;
  pageBreakBefore?: boolean;
  keepNext?: boolean;
  /** A heading whose page is wanted. */
  anchor?: string;
}

/** Line height as LibreOffice and Word draw Arial (Liberation Sans): 1.15 of the font size. */
const lineTwips = (sizePt: number) => sizePt * 20 * 1.15;
const CELL_SPACE = 2 * 85;
// The cell's top and bottom margins (LibreOffice draws the borders inside them).
const ROW_EXTRA = 80;

/** How many lines `text` takes in `width` twips, breaking only at spaces. */
export function lineCount(text: string, width: number, sizePt: number, bold = false): number {
  const space = textWidthTwips(' ', sizePt, bold);
  let lines = 1;
  let x = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = textWidthTwips(word, sizePt, bold);
    if (x > 0 && x + space + w > width) {
      lines++;
      x = w;
    } else x += (x > 0 ? space : 0) + w;
  }
  return lines;
}

function rowHeight(cells: string[], widths: number[], sizePt: number, bold: boolean): number {
  const lines = Math.max(...cells.map((c, i) => lineCount(c, (widths[i] ?? 0) - CELL_SPACE, sizePt, bold)));
  return lines * lineTwips(sizePt) + ROW_EXTRA;
}

function height(m: Measure, orientation: Orientation): number {
  if (m.kind === 'picture') return m.heightTwips + (m.after ?? 120);
  if (m.kind === 'text')
    return (
      lineCount(m.text, textWidth(orientation), m.sizePt, m.bold) * lineTwips(m.sizePt) +
      (m.before ?? 0) +
      (m.after ?? 120)
    );
  return (
    rowHeight(m.head, m.widths, m.sizePt, true) +
    m.rows.reduce((a, r) => a + rowHeight(r, m.widths, m.sizePt, false), 0)
  );
}

/** What must fit on the page with a block kept with it: all of a paragraph or picture, a table's header and first row. */
function firstPart(m: Measure, orientation: Orientation): number {
  if (m.kind !== 'table') return height(m, orientation);
  return (
    rowHeight(m.head, m.widths, m.sizePt, true) + (m.rows[0] ? rowHeight(m.rows[0], m.widths, m.sizePt, false) : 0)
  );
}

/**
 * The page each anchor starts on, for sections (Word sections: each starts a new page) laid out one after another,
 * the first on page `firstPage`.
 */
export function anchorPages(
  sections: { orientation: Orientation; blocks: Placed[] }[],
  firstPage: number,
): Map<string, number> {
  const pages = new Map<string, number>();
  let page = firstPage - 1;
  for (const { orientation, blocks } of sections) {
    const room = (orientation === 'portrait' ? A4.long : A4.short) - 2 * MARGIN;
    page++;
    let y = 0;
    blocks.forEach((b, i) => {
      if (b.pageBreakBefore && y > 0) {
        page++;
        y = 0;
      }
      // A block kept with the next (and that with its next) moves to a new page with it.
      let need = firstPart(b.measure, orientation);
      for (let j = i; blocks[j]?.keepNext && blocks[j + 1] && j < i + 3; j++)
        need += firstPart(blocks[j + 1]!.measure, orientation);
      if (y > 0 && y + need > room) {
        page++;
        y = 0;
      }
      if (b.anchor) pages.set(b.anchor, page);
      const m = b.measure;
      if (m.kind !== 'table') {
        // Space before a paragraph is left out at the top of a page.
        y += height(m, orientation) - (y === 0 && m.kind === 'text' ? (m.before ?? 0) : 0);
        while (y > room) {
          page++;
          y -= room;
        }
        return;
      }
      const header = rowHeight(m.head, m.widths, m.sizePt, true);
      y += header;
      for (const r of m.rows) {
        const h = rowHeight(r, m.widths, m.sizePt, false);
        if (y + h > room) {
          page++;
          y = header;
        }
        y += h;
      }
    });
  }
  return pages;
}
