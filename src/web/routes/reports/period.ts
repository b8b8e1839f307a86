import { procedureKeys, procedureLabel } from '../../../domain/procedures/registry.ts';
import { financialYearLabel, financialYearStart, londonDate, type IsoDate } from '../../../domain/calendar/iso-date.ts';
import type { FigureOptions } from '../../../reports/figures.ts';
import { periodProblem, yearOn } from '../../../reports/model.ts';
import type { OrgUnit } from '../../../services/organisation.ts';
import { dateFromParts } from '../../form-errors.ts';
import { reportQuery, type ReportQuery } from './period.schema.ts';

export interface ReportPeriod {
  from: string;
  to: string;
  options: FigureOptions;
  /** Whether the published edition (small numbers hidden) was asked for. */
  publication: boolean;
  /** The same choices as a query string, for links and downloads. */
  search: string;
  /** Other dates typed into the form (a part year, a calendar year), as typed, with any problem. */
  dates: {
    start: DateParts;
    end: DateParts;
    errors: { summary: { text: string; href: string }[]; field: Record<string, { text: string }> } | null;
  };
}

type DateParts = { day: string; month: string; year: string };

/** Start and end dates typed in GOV.UK date inputs; both or neither. */
function typedDates(query: ReportQuery) {
  const start = dateFromParts(query, 'start');
  const end = dateFromParts(query, 'end');
  const problems: { field: 'start' | 'end'; text: string }[] = [];
  if (start.error) problems.push({ field: 'start', text: `Start date: ${start.error.toLowerCase()}` });
  if (end.error) problems.push({ field: 'end', text: `End date: ${end.error.toLowerCase()}` });
  if (!problems.length && !!start.value !== !!end.value)
    problems.push(
      start.value
        ? { field: 'end', text: 'Enter the end date as well as the start date' }
        : { field: 'start', text: 'Enter the start date as well as the end date' },
    );
  if (!problems.length && start.value && end.value && end.value < start.value)
    problems.push({ field: 'end', text: 'The end date must be the same as or after the start date' });
  const period = !problems.length && start.value && end.value ? periodProblem(start.value, end.value) : null;
  if (period) problems.push({ field: period.field === 'from' ? 'start' : 'end', text: period.message });
  const errors = problems.length
    ? {
        summary: problems.map((p) => ({ text: p.text, href: `#${p.field}-day` })),
        field: Object.fromEntries(problems.map((p) => [p.field, { text: p.text }])),
      }
    : null;
  return {
    start: start.parts,
    end: end.parts,
    errors,
    from: errors ? null : start.value,
    to: errors ? null : end.value,
  };
}

/** The period and choices a report page, download or dashboard was asked for (its query, read with reportQuery); last financial year by default. */
/**
 * Today, when the period from `from` to `to` is still running (this year so far), else null: a report or dashboard
 * works its figures out to today and compares them with the same dates before, rather than counting the months
 * not yet come as nothing.
 */
export const runningUntil = (from: IsoDate, to: IsoDate, today: IsoDate): IsoDate | null =>
  from <= today && today < to ? today : null;

export function readPeriod(rawQuery: unknown, now: Date, defaultYearsBack = 1): ReportPeriod {
  const query = reportQuery.parse(rawQuery ?? {});
  const fy = financialYearStart(londonDate(now)) - defaultYearsBack;
  const dates = typedDates(query);
  const from = dates.from ?? query.from ?? `${fy}-04-01`;
  // Without a usable end date, a year from the start: a financial year when it starts on 1 April.
  const to = dates.to ?? (query.to && !periodProblem(from, query.to) ? query.to : yearOn(from));
  const procedure = query.procedure ?? null;
  const options: FigureOptions = {
    teamNames: query.teams === 'today' ? 'today' : 'as_was',
    excludeMigratedFromTimescales: query.migrated === 'exclude',
    orgUnitId: query.unit || null,
    procedures: procedure ? [procedure] : null,
  };
  const search = new URLSearchParams({
    from,
    to,
    teams: options.teamNames,
    migrated: options.excludeMigratedFromTimescales ? 'exclude' : 'include',
    unit: options.orgUnitId ?? '',
    procedure: procedure ?? '',
    ...(query.publication ? { publication: 'yes' } : {}),
  }).toString();
  return {
    from,
    to,
    options,
    publication: !!query.publication,
    search,
    dates: { start: dates.start, end: dates.end, errors: dates.errors },
  };
}

/** The choices for the filter form: financial years, parts of the organisation and procedures. */
export function filterItems(units: OrgUnit[], p: ReportPeriod, currentYear: number) {
  const years = [0, 1, 2, 3, 4]
    .map((n) => currentYear - n)
    .map((y) => ({
      value: `${y}-04-01`,
      text: `${financialYearLabel(y)}${y === currentYear ? ' (so far)' : ''}`,
      selected: p.from === `${y}-04-01`,
    }));
  const isFinancialYear = /-04-01$/.test(p.from) && p.to === `${Number(p.from.slice(0, 4)) + 1}-03-31`;
  if (!isFinancialYear) years.unshift({ value: '', text: `${p.from} to ${p.to} (other dates, below)`, selected: true });
  const unitItems = [
    { value: '', text: 'The whole council', selected: !p.options.orgUnitId },
    ...units
      .filter((u) => u.kind !== 'team' || !u.closedOn)
      .map((u) => ({ value: u.id, text: `${u.name} (${u.kind})`, selected: u.id === p.options.orgUnitId })),
  ];
  const procedure = p.options.procedures?.[0] ?? null;
  const procedureItems = [
    { value: '', text: 'All feedback, every procedure', selected: !procedure },
    ...procedureKeys().map((x) => ({ value: x, text: procedureLabel(x), selected: x === procedure })),
  ];
  return {
    years,
    unitItems,
    procedureItems,
    unitName: units.find((u) => u.id === p.options.orgUnitId)?.name ?? null,
    procedureName: procedure ? procedureLabel(procedure) : null,
  };
}
