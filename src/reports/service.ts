import { addCalendarDays, isIsoDate, type IsoDate } from '../domain/calendar/iso-date.ts';
import type { Database } from '../db/database.ts';
import type { CalendarService } from '../services/calendar.ts';
import { DomainError } from '../services/errors.ts';
import type { FigureOptions } from './figures.ts';
import { loadReportRows } from './load.ts';
import { reportModel, type ReportModel } from './model.ts';

/** Builds the report model for any period, with the two before it. */
export function reportsService(db: Database, deps: { calendar: CalendarService }) {
  return {
    async model(from: IsoDate, to: IsoDate, options: FigureOptions = { teamNames: 'as_was', excludeMigratedFromTimescales: true }): Promise<ReportModel> {
      if (!isIsoDate(from) || !isIsoDate(to)) throw new DomainError('REPORT.BAD_DATES', 'Give the period as real dates, like 2023-04-01 and 2024-03-31');
      if (to < from) throw new DomainError('REPORT.BAD_DATES', 'The period must end after it starts');
      const earliest = `${Number(from.slice(0, 4)) - 2}${from.slice(4)}`;
      const rows = await loadReportRows(db, addCalendarDays(earliest, -1), to);
      return reportModel(rows, from, to, options, await deps.calendar.calendar());
    },
  };
}
export type ReportsService = ReturnType<typeof reportsService>;
