import { z } from 'zod';
import { text } from '../../forms.ts';

export const newReferenceItemForm = z.object({
  label: text(),
  code: z.string().optional(),
  financial: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});

export const referenceItemChangeForm = z.object({
  label: text(),
  active: z
    .string()
    .optional()
    .transform((v) => v !== 'no'),
});
