import { PageOrientation } from 'docx';

/**
 * The page the Word document is laid out on: A4, 2 cm margins. Tables wider
 * than a portrait page can hold get a landscape page of their own.
 */
export const A4 = { short: 11906, long: 16838 } as const;
export const MARGIN = 1134;
export type Orientation = 'portrait' | 'landscape';

/** The width text may take on a page, in twips. */
export const textWidth = (o: Orientation) => (o === 'portrait' ? A4.short : A4.long) - 2 * MARGIN;

/** A section's page settings. docx swaps width and height itself for landscape, so both are given portrait-wise. */
export const pageOf = (o: Orientation) => ({
  size: {
    width: A4.short,
    height: A4.long,
    orientation: o === 'portrait' ? PageOrientation.PORTRAIT : PageOrientation.LANDSCAPE,
  },
  margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 567, footer: 567 },
});
