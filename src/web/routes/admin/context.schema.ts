import { z } from 'zod';
import { text } from '../../forms.ts';

/** A context figure (a population, a count of children in care): the service checks the year, measure and value. */
export const contextFigureForm = z.object({
  financialYearStart: z
    .string()
    .optional()
    .transform((v) => Number(v)),
  measure: text(),
  value: text(),
  note: z.string().optional(),
});
