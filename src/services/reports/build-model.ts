import { addCalendarDays, type IsoDate } from '../../domain/calendar/iso-date.ts';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts';
import { unitAndBelow } from '../../domain/organisation/org-units.ts';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import type { FigureOptions } from '../../reports/figures.ts';
import { longRunCounts } from '../../reports/long-run.ts';
import { earlierPeriods, LONG_RUN_YEARS, periodProblem, reportModel, type ReportModel } from '../../reports/model.ts';
import type { ReportRows } from '../../reports/rows.ts';
import { DomainError } from '../errors.ts';

/**
 * Building a report model, in the server's thread or a thread of its own (model-thread.ts): the same steps
 * either way, so the two cannot give different figures.
 */

/** The first day of the rows a model needs: the day before the first of the three years it covers (shifted as the figures shift it). */
export function modelRowsFrom(from: IsoDate, to: IsoDate): IsoDate {
  const problem = periodProblem(from, to);
  if (problem) throw new DomainError('REPORT.BAD_DATES', problem.message);
  return addCalendarDays(earlierPeriods(from, to, 3)[0]!.from, -1);
}

const NO_SUCH_UNIT = 'There is no such part of the organisation';

/**
 * Refuses a part of the organisation that is not there before any rows are read: a made-up one in the address
 * would otherwise cost a thread and the rows of three years first. Compared as text, so a malformed id is simply
 * not found.
 */
export async function assertKnownUnit(db: Database, orgUnitId: string | null | undefined): Promise<void> {
  if (!orgUnitId) return;
  const found = rowsOf(await db.execute(sql`select 1 from org_units where id::text = ${orgUnitId} limit 1`));
  if (found.length === 0) throw new DomainError('REPORT.BAD_UNIT', NO_SUCH_UNIT);
}

/** The model for a period with the two before it, from the rows of the three years it covers. */
export async function modelFromRows(
  db: Database,
  rows: ReportRows,
  from: IsoDate,
  to: IsoDate,
  options: FigureOptions,
  calendar: WorkingDayCalendar,
): Promise<ReportModel> {
  // A unit that is not in the organisation would reach SQL as a malformed id.
  if (options.orgUnitId && !rows.teams.some((u) => u.id === options.orgUnitId))
    throw new DomainError('REPORT.BAD_UNIT', NO_SUCH_UNIT);
  // The model has the latest three years; SQL counts only the years before them.
  const teamIds = options.orgUnitId ? unitAndBelow(rows.teams, options.orgUnitId) : null;
  const older = await longRunCounts(db, earlierPeriods(from, to, LONG_RUN_YEARS).slice(0, LONG_RUN_YEARS - 3), {
    teamIds,
    procedures: options.procedures ?? null,
  });
  return reportModel(rows, from, to, options, calendar, older);
}
