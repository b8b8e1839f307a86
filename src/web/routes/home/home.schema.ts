import { z } from 'zod';
import { isIsoDate } from '../../../domain/calendar/iso-date.ts';
import { STAGE_KINDS } from '../../../domain/cases/vocabulary.ts';
import { isProcedureKey } from '../../../domain/procedures/registry.ts';

/** A filter that is not one of its choices (or not given) filters nothing. */
const orNull = <T extends z.ZodType>(schema: T) => schema.nullable().catch(null);
const textOrNull = () => orNull(z.string().transform((v) => v || null));

/**
 * The case list's filters, from its query: open cases by default, page 1,
 * and any filter that is not a usable choice left out.
 */
export const caseListQuery = z.object({
  status: z.enum(['open', 'closed', 'all']).catch('open'),
  page: z
    .string()
    .optional()
    .transform((v) => Math.max(1, Number.parseInt(v ?? '1', 10) || 1))
    .catch(1),
  procedure: orNull(z.string().refine(isProcedureKey)),
  stage: orNull(z.enum(['none', ...STAGE_KINDS])),
  teamId: textOrNull(),
  themeId: textOrNull(),
  from: orNull(z.string().refine(isIsoDate)),
  to: orNull(z.string().refine(isIsoDate)),
  /** Words to find: at most 100 characters of them. */
  q: textOrNull().transform((v) => v?.slice(0, 100) || null),
});
