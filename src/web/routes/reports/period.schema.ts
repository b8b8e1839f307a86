import { z } from 'zod';
import { isIsoDate } from '../../../domain/calendar/iso-date.ts';
import { isProcedureKey } from '../../../domain/procedures/registry.ts';
import { isReportDate } from '../../../reports/model.ts';

/** A choice that is not usable reads as not made. */
const ifUsable = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/**
 * What a report page, download or the dashboard may be asked for in its
 * query: a period (a financial year's start, or dates typed in the filter
 * form's GOV.UK date inputs), how to name teams, whether to leave migrated
 * cases out of timescales (they count unless `migrated=exclude`; `include`,
 * the old links' word, is the default), a part of the organisation and a
 * procedure; `publication=yes` asks for the published edition (small numbers
 * hidden), which readers who may not see exact figures get anyway. Anything
 * else in the query is ignored.
 */
export const reportQuery = z.object({
  from: ifUsable(z.string().refine(isReportDate)),
  /** Checked against `from` too, when the period is read. */
  to: ifUsable(z.string().refine(isIsoDate)),
  teams: ifUsable(z.literal('today')),
  migrated: ifUsable(z.enum(['include', 'exclude'])),
  unit: ifUsable(z.string()),
  procedure: ifUsable(z.string().refine(isProcedureKey)),
  publication: ifUsable(z.literal('yes')),
  'start-day': ifUsable(z.string()),
  'start-month': ifUsable(z.string()),
  'start-year': ifUsable(z.string()),
  'end-day': ifUsable(z.string()),
  'end-month': ifUsable(z.string()),
  'end-year': ifUsable(z.string()),
});

export type ReportQuery = z.output<typeof reportQuery>;
