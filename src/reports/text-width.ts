/**
 * How wide text is in Arial (Liberation Sans, which LibreOffice draws it
 * with, has the same widths), from Helvetica's published character widths
 * in thousandths of an em. Word tables size their columns from this, so that
 * the longest word of every cell fits on one line (a guess made too small is
 * what broke "Complime nt" across two lines), and the charts place their
 * legends and labels by it.
 */
// prettier-ignore
const WIDTHS: Record<string, number> = {
  ' ': 278, '!': 278, '"': 355, '#': 556, $: 556, '%': 889, '&': 667, "'": 191, '(': 333, ')': 333, '*': 389,
  '+': 584, ',': 278, '-': 333, '.': 278, '/': 278, ':': 278, ';': 278, '<': 584, '=': 584, '>': 584, '?': 556,
  '@': 1015, A: 667, B: 667, C: 722, D: 722, E: 667, F: 611, G: 778, H: 722, I: 278, J: 500, K: 667, L: 556,
  M: 833, N: 722, O: 778, P: 667, Q: 778, R: 722, S: 667, T: 611, U: 722, V: 667, W: 944, X: 667, Y: 667,
  Z: 611, '[': 278, '\\': 278, ']': 278, '^': 469, _: 556, '`': 333, a: 556, b: 556, c: 500, d: 556, e: 556,
  f: 278, g: 556, h: 556, i: 222, j: 222, k: 500, l: 222, m: 833, n: 556, o: 556, p: 556, q: 556, r: 333,
  s: 500, t: 278, u: 556, v: 500, w: 722, x: 500, y: 500, z: 500, '{': 334, '|': 260, '}': 334, '~': 584,
  '’': 222, '‘': 222, '“': 333, '”': 333, '–': 556, '—': 1000, '£': 556, '€': 556,
};
/** Digits are all as wide as one another. */
for (const d of '0123456789') WIDTHS[d] = 556;
/** Bold Arial is wider, by up to a tenth for lower-case letters. */
const BOLD = 1.1;

/** The width of `text` in ems of its font size. Unknown characters count as wide as an "M" less a little. */
export function textWidthEm(text: string, bold = false): number {
  let units = 0;
  for (const ch of text) units += WIDTHS[ch] ?? 700;
  return (units / 1000) * (bold ? BOLD : 1);
}

/** The width of `text` in twips (twentieths of a point) at `sizePt` points. */
export const textWidthTwips = (text: string, sizePt: number, bold = false): number =>
  textWidthEm(text, bold) * sizePt * 20;

/** The width of the widest word of `text`: the narrowest a column can be without breaking a word. */
export function widestWordTwips(text: string, sizePt: number, bold = false): number {
  return Math.max(0, ...text.split(/\s+/).map((w) => textWidthTwips(w, sizePt, bold)));
}
