import { z } from 'zod';
import { dateInput, text } from '../../forms.ts';

/** A closure day; `confirm` once the administrator has seen the due dates it moves. */
export const closureDayForm = z.object({
  date: dateInput(),
  description: text(),
  confirm: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});

export const closureRemovalForm = z.object({
  confirm: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});

/** The daily refresh from GOV.UK: on when the box is ticked. */
export const refreshForm = z.object({
  enabled: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});
