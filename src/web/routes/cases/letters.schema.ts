import { z } from 'zod';
import { text } from '../../forms.ts';

/** A letter drafted from a template: made as a Word file, or sent by email. */
export const letterForm = z.object({
  templateKey: text(),
  subject: text(),
  body: text(),
  delivery: z
    .string()
    .optional()
    .transform((v) => (v === 'email' ? 'email' : 'word')),
  to: z.string().optional(),
  /**
   * Set only by the "check the letter" page's button: a letter goes only once
   * the officer has seen exactly what will go. Anything else shows them that page.
   */
  confirmed: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
  /** A response letter: also record today as the day the stage it answers was answered. */
  recordResponse: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});
export type LetterForm = z.output<typeof letterForm>;
