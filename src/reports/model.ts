import type { ReportTexts } from './text-blocks.ts';
import type { OmbudsmanLetter } from './ombudsman-letter.ts';
import { currentName, unitAndBelow } from '../domain/organisation/org-units.ts';
import { procedureLabel } from '../domain/procedures/registry.ts';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import {
  addCalendarDays,
  financialYearLabel,
  financialYearStart,
  formatLongDate,
  isFinancialYear,
  isIsoDate,
  type IsoDate,
} from '../domain/calendar/iso-date.ts';
import {
  dataHeldFor,
  periodFigures,
  shiftYears,
  stage1Timeliness,
  type FigureOptions,
  type Period,
  type PeriodFigures,
} from './figures.ts';
import type { YearCounts } from './long-run.ts';
import type { ReportCase, ReportRows } from './rows.ts';
import type { Traceability } from './traceability.ts';
import type { PublicationSetting } from './publication.ts';

/**
 * The report model: the period asked for with the two before it, and the
 * direction of travel of each headline measure. Built from rows by pure
 * functions; the dashboard, annual report, CLI and API all use it.
 */
export interface Trend {
  measure: string;
  values: (number | null)[];
  direction: 'increased' | 'decreased' | 'the same' | 'not known';
  /** Whether the change is good news: a fall in days to respond is better; more complaints is neither. */
  judgement: 'better' | 'worse' | 'neither';
}

export interface ReportModel {
  options: FigureOptions;
  /** What the report covers, for its title: the service, or the part of the organisation and the procedure chosen. */
  scope: string;
  periods: PeriodFigures[];
  trends: Trend[];
  /** Feedback by type over six years, oldest first: the three years of the figures after the older years the query layer counted (empty without them). */
  longRun: YearCounts[];
  /** Whose case references the model carries: everyone's as built; a reader's copy is shaped by shapeModel. */
  traceability: Traceability;
  /** Set for the published edition: small numbers hidden in every output (publication.ts); absent, exact figures. */
  publication?: PublicationSetting | null;
  /** The council's own words for the period (foreword, commentary, "You said, we did"), when read for an output. */
  texts?: ReportTexts | null;
  /** The Ombudsman's annual letter for the period's financial year, when one was entered. */
  ombudsmanLetter?: OmbudsmanLetter | null;
}

/** The service the whole report is about, named on every cover and title. */
export const WHOLE_SERVICE = "Children's Services";

/** "Children's Services", or "Assessment Team (Children Act 1989 statutory procedure)": what the figures cover. */
export function reportScope(rows: Pick<ReportRows, 'teams'>, options: FigureOptions): string {
  const unit = options.orgUnitId ? rows.teams.find((u) => u.id === options.orgUnitId) : undefined;
  const unitName = (unit && currentName(unit.names)) ?? WHOLE_SERVICE;
  const procedures = options.procedures ?? [];
  return procedures.length ? `${unitName} (${procedures.map((p) => procedureLabel(p)).join(', ')})` : unitName;
}

/** How many years the long-run table shows (Warwickshire's report shows six). */
export const LONG_RUN_YEARS = 6;

/** The last day of a year-long period from `from`: 31 March for 1 April. */
export function yearOn(from: IsoDate): IsoDate {
  return addCalendarDays(`${Number(from.slice(0, 4)) + 1}${from.slice(4)}`, -1);
}

/** The dates a report may cover, with the six years the long run looks back. */
export const REPORT_DATES = { first: '1900-01-01', last: '2999-12-31' } as const;
export const isReportDate = (d: unknown): d is IsoDate =>
  isIsoDate(d) && d >= REPORT_DATES.first && d <= REPORT_DATES.last;

/**
 * Why a period cannot be reported on, or null. At most a year long: it is set
 * against the same dates one and two years before, which a longer period would
 * overlap. Within the dates above: date arithmetic past year 9999 never ends.
 */
export function periodProblem(from: IsoDate, to: IsoDate): { field: 'from' | 'to'; message: string } | null {
  if (!isIsoDate(from) || !isIsoDate(to))
    return {
      field: isIsoDate(from) ? 'to' : 'from',
      message: 'Give the period as real dates, like 2023-04-01 and 2024-03-31',
    };
  if (!isReportDate(from) || !isReportDate(to))
    return { field: isReportDate(from) ? 'to' : 'from', message: 'The period must fall between 1900 and 2999' };
  if (to < from) return { field: 'to', message: 'The period must end after it starts' };
  if (to > yearOn(from))
    return {
      field: 'to',
      message: 'The period can be at most a year long, as it is compared with the same dates one and two years before',
    };
  return null;
}

/** The period and the years before it, oldest first: `years` periods in all. */
export function earlierPeriods(from: IsoDate, to: IsoDate, years: number): Period[] {
  const current: Period = { from, to, label: periodLabel(from, to) };
  return Array.from({ length: years }, (_, i) => years - 1 - i).map((back) => {
    if (back === 0) return current;
    const p = shiftYears(current, back, '');
    return { ...p, label: periodLabel(p.from, p.to) };
  });
}

/** "2023/24" for a financial year, else the dates. */
export function periodLabel(from: IsoDate, to: IsoDate): string {
  // Written out as GOV.UK style writes dates ("1 January 2024 to 31 December 2024"): it titles published reports.
  return isFinancialYear(from, to)
    ? financialYearLabel(financialYearStart(from))
    : `${formatLongDate(from)} to ${formatLongDate(to)}`;
}

/** The rows for one part of the organisation: cases whose lead team sits under the unit, and their stages. */
export function rowsForUnit(rows: ReportRows, unitId: string): ReportRows {
  const inside = unitAndBelow(rows.teams, unitId);
  return rowsWhere(rows, (c) => !!c.teamId && inside.has(c.teamId));
}

/** The rows of the cases that pass a test, with everything that hangs off them. */
export function rowsWhere(rows: ReportRows, keep: (c: ReportCase) => boolean): ReportRows {
  const cases = rows.cases.filter(keep);
  const ids = new Set(cases.map((c) => c.id));
  const mine = <T extends { caseId: string }>(list: T[]) => list.filter((r) => ids.has(r.caseId));
  return {
    ...rows,
    cases,
    stages: mine(rows.stages),
    investigations: mine(rows.investigations),
    remedies: mine(rows.remedies),
    learning: mine(rows.learning),
    actions: mine(rows.actions),
    compliments: mine(rows.compliments),
    clockEvents: mine(rows.clockEvents),
  };
}

export function reportModel(
  allRows: ReportRows,
  from: IsoDate,
  to: IsoDate,
  options: FigureOptions,
  calendar: WorkingDayCalendar,
  olderYears: YearCounts[] = [],
): ReportModel {
  const inUnit = options.orgUnitId ? rowsForUnit(allRows, options.orgUnitId) : allRows;
  const procedures = options.procedures?.length ? new Set(options.procedures) : null;
  const rows = procedures ? rowsWhere(inUnit, (c) => !!c.procedure && procedures.has(c.procedure)) : inUnit;
  const periods = earlierPeriods(from, to, 3);
  const figures = periods.map((p) => periodFigures(rows, p, options, calendar));
  // A year with no data held is not known, never 0.
  const pick = (f: (p: PeriodFigures) => number | null) => figures.map((p) => (p.dataHeld ? f(p) : null));
  const upheld = (p: PeriodFigures) =>
    p.outcomes.closed
      ? Math.round(
          ((p.outcomes.byOutcome.find((o) => o.outcome === 'upheld')?.count ?? 0) / p.outcomes.closed) * 1000,
        ) / 10
      : null;
  const trends: Trend[] = [
    trend(
      'Complaints',
      pick((p) => p.complaints),
      'neither',
    ),
    trend(
      'Complaint investigations',
      pick((p) => p.investigations),
      'neither',
    ),
    trend(
      'Compliments',
      pick((p) => p.byType.compliment),
      'higher',
    ),
    trend(
      'Average working days to respond at Stage 1',
      pick((p) => stage1Timeliness(p).averageDays),
      'lower',
    ),
    trend(
      'Stage 1 responses within timescale (%)',
      pick((p) => stage1Timeliness(p).onTimePercent),
      'higher',
    ),
    trend('Upheld (% of closed investigations)', pick(upheld), 'neither'),
    trend(
      'Complaints progressing beyond Stage 1',
      pick((p) => p.progression.beyondStage1),
      'lower',
    ),
  ];
  // The years before the three, counted by the query layer, then the three from the figures.
  const longRun = olderYears.length
    ? [...olderYears, ...figures.map((f) => ({ period: f.period, byType: f.byType }))].map((y) => ({
        ...y,
        held: dataHeldFor(allRows, y.period),
      }))
    : [];
  return { options, scope: reportScope(allRows, options), periods: figures, trends, longRun, traceability: 'full' };
}

function trend(measure: string, values: (number | null)[], better: 'higher' | 'lower' | 'neither'): Trend {
  const [prev, now] = [values[values.length - 2] ?? null, values[values.length - 1] ?? null];
  if (prev === null || now === null) return { measure, values, direction: 'not known', judgement: 'neither' };
  const direction = now > prev ? 'increased' : now < prev ? 'decreased' : 'the same';
  const judgement =
    better === 'neither' || direction === 'the same'
      ? 'neither'
      : (direction === 'increased') === (better === 'higher')
        ? 'better'
        : 'worse';
  return { measure, values, direction, judgement };
}
