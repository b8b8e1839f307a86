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
});
