import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../domain/access/roles.ts';
import { STAGE_KINDS, STAGE_LABELS } from '../../../domain/cases/vocabulary.ts';
import { procedureKeys, procedureLabel } from '../../../domain/procedures/registry.ts';
import type { CaseClock } from '../../../domain/timescales/case-clocks.ts';
import { STATUS_LABELS } from '../../../domain/timescales/explain.ts';
import {
  CaseSearchTooSlowError,
  type CaseListFilters,
  type CaseListRow,
  type CaseListSort,
} from '../../../services/cases/listing.ts';
import type { Services } from '../../../services/index.ts';
import { isoToParts } from '../../form-errors.ts';
import { requirePermission } from '../../middleware/auth.ts';
import { canonicalQuery, readCaseListQuery, type CaseListQuery } from './home.schema.ts';

/** Where the list lives; `/` shows the same page, as the staff home. */
export const CASE_LIST_PATH = '/cases';

/** Those who see cases: every case, or the cases allocated to them (a report viewer sees none). */
export const readsCases = () => requirePermission('cases.read.all', 'cases.read.allocated');

/** Overdue first, then due soon, then by due date; cases with no running clock last. */
export function byUrgency(a: { next: CaseClock | null }, b: { next: CaseClock | null }): number {
  const rank = (n: CaseClock | null) =>
    !n ? 3 : n.result.status === 'overdue' ? 0 : n.result.status === 'due_soon' ? 1 : 2;
  return rank(a.next) - rank(b.next) || (a.next?.result.dueOn ?? '9999').localeCompare(b.next?.result.dueOn ?? '9999');
}

/** The service's filters from the page's query. */
export function filtersOf(q: CaseListQuery): CaseListFilters {
  return {
    status: q.status,
    procedure: q.procedure,
    stage: q.stage,
    teamId: q.teamId,
    themeId: q.themeId,
    receivedFrom: q.from.value,
    receivedTo: q.to.value,
    q: q.q,
    sort: q.sort,
    direction: q.dir,
  };
}

/** The table's columns, in order: those with a sort key have a sort link in their heading. */
// What is due next sits beside the reference: it is what an officer scans for, and a wide table must not push it out of sight.
const COLUMNS: { text: string; sort?: CaseListSort }[] = [
  { text: 'Reference', sort: 'reference' },
  { text: 'Next due' },
  { text: 'Type', sort: 'type' },
  { text: 'Subject', sort: 'subject' },
  { text: 'Team', sort: 'team' },
  { text: 'Investigating manager', sort: 'manager' },
  { text: 'Received', sort: 'received' },
  { text: 'Stage', sort: 'stage' },
];

/**
 * The case list (`/cases`, and `/` as the staff home): an officer's every
 * case with filters, or an investigating manager's own queue, most urgent
 * first. Filters, order and the page are all in the address, so a link or a
 * saved filter opens exactly this list, and it all works without JavaScript.
 */
export async function showCaseList(
  svc: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  opts: { home?: boolean } = {},
) {
  const user = request.user!;
  // On the staff home: due dates a newer list of bank holidays moved, on the cases this person may see.
  const dueDateNotices = opts.home ? await svc.bankHolidays.noticesFor(request.actor) : [];
  const q = readCaseListQuery(request.query);
  const filters = filtersOf(q);
  const mine = !can(user.role, 'cases.read.all');
  // An investigating manager's own queue is one page, most urgent first unless they choose a column.
  const page = mine ? 1 : q.page;
  const pageSize = mine ? 200 : 50;
  // A search stopped at its time limit lists nothing and says why beside the search box: never "no cases match".
  let searchError: string | null = null;
  const result = await svc.cases.list(request.actor, { ...filters, page, pageSize }).catch((err: unknown) => {
    if (!(err instanceof CaseSearchTooSlowError)) throw err;
    searchError = err.message;
    return { rows: [], total: 0, moreThanTotal: false, page, pageSize };
  });
  const clocks = await svc.timescales.nextClocks(result.rows.map((r) => r.id));
  let rows: (CaseListRow & { next: CaseClock | null })[] = result.rows.map((r) => ({
    ...r,
    next: clocks.get(r.id) ?? null,
  }));
  if (mine && !q.sort) rows = rows.sort(byUrgency);
  const pages = mine ? 1 : Math.max(1, Math.ceil(result.total / result.pageSize));
  const query = canonicalQuery(q);
  const link = (extra: Record<string, string>) => {
    const s = canonicalQuery(q, extra);
    return s ? `${CASE_LIST_PATH}?${s}` : CASE_LIST_PATH;
  };
  // A page past the last (an old link, a hand-typed address): the last page, not "Showing 49,901 to 49,900".
  if (page > pages && result.total > 0 && !result.moreThanTotal)
    return reply.redirect(link({ page: String(pages) }), 303);
  const pagination = {
    previous: page > 1 ? { href: link({ page: String(page - 1) }) } : undefined,
    next: page < pages ? { href: link({ page: String(page + 1) }) } : undefined,
    items: pageNumbers(page, pages).map((n) =>
      n === null ? { ellipsis: true } : { number: n, href: link({ page: String(n) }), current: n === page },
    ),
  };
  const columns = COLUMNS.map((c) => {
    if (!c.sort) return { text: c.text };
    const current = q.sort === c.sort ? q.dir : null;
    // Choosing a column sorts it ascending; choosing it again turns it round. The page starts again at 1.
    const next = current === 'asc' ? 'desc' : 'asc';
    const sorted = { ...q, sort: c.sort, dir: next } as CaseListQuery;
    const s = canonicalQuery(sorted);
    return {
      text: c.text,
      href: `${CASE_LIST_PATH}?${s}`,
      ariaSort: current === 'asc' ? 'ascending' : current === 'desc' ? 'descending' : 'none',
      testId: `sort-${c.sort}`,
    };
  });
  const [teams, themes, saved] = await Promise.all([
    svc.organisation.teams({ includeClosed: true }),
    svc.referenceData.list('theme'),
    svc.savedFilters.list(request.actor),
  ]);
  const opt = (items: { value: string; text: string }[], selected: string | null, blank: string) => [
    { value: '', text: blank },
    ...items.map((i) => ({ ...i, selected: i.value === selected })),
  ];
  const fieldErrors = [
    ...(searchError ? [{ field: 'q', message: searchError, href: '#q' }] : []),
    ...(q.from.error
      ? [{ field: 'from', message: `Received on or after: ${q.from.error.toLowerCase()}`, href: '#from-day' }]
      : []),
    ...(q.to.error
      ? [{ field: 'to', message: `Received on or before: ${q.to.error.toLowerCase()}`, href: '#to-day' }]
      : []),
    // Dates the wrong way round match nothing: say so, rather than "No cases match".
    ...(q.from.value && q.to.value && q.from.value > q.to.value
      ? [
          {
            field: 'to',
            message: 'The “received on or before” date must be the same as or after the “received on or after” date',
            href: '#to-day',
          },
        ]
      : []),
  ];
  const canAllocate = can(user.role, 'cases.write.all');
  // Back from saving these filters: say so, by the name the person gave them (the address carries only "saved=1").
  const justSaved =
    (request.query as Record<string, unknown>).saved === '1' ? saved.find((f) => f.query === query) : undefined;
  return reply.page('home/cases.njk', {
    flash: justSaved ? `Filters saved as “${justSaved.name}”. They are listed under “Your saved filters”.` : undefined,
    title: mine ? 'My cases' : 'Cases',
    dueDateNotices,
    noticesTold: dueDateNotices.some((n) => n.toldInLetter),
    mine,
    status: q.status,
    rows,
    result,
    pages,
    pagination,
    from: (page - 1) * result.pageSize + 1,
    statusLabels: STATUS_LABELS,
    filters,
    query,
    columns,
    canAllocate,
    saved: saved.map((f) => ({ ...f, href: `${CASE_LIST_PATH}?${f.query}`, current: f.query === query })),
    dates: {
      from: { parts: q.from.parts ?? isoToParts(q.from.value), error: q.from.error },
      to: { parts: q.to.parts ?? isoToParts(q.to.value), error: q.to.error },
    },
    errors: fieldErrors.length
      ? {
          summary: fieldErrors.map((e) => ({ text: e.message, href: e.href })),
          field: Object.fromEntries(fieldErrors.map((e) => [e.field, { text: e.message }])),
        }
      : undefined,
    searchStopped: searchError !== null,
    filtered: Object.entries(filters).some(([k, v]) => v && !['status', 'sort', 'direction'].includes(k)),
    exportCsv: `${CASE_LIST_PATH}/export.csv${query ? `?${query}` : ''}`,
    exportXlsx: `${CASE_LIST_PATH}/export.xlsx${query ? `?${query}` : ''}`,
    saveFilterHref: `/saved-filters/new${query ? `?${query}` : ''}`,
    procedureItems: opt(
      procedureKeys().map((p) => ({ value: p, text: procedureLabel(p) })),
      filters.procedure ?? null,
      'Any procedure',
    ),
    stageItems: opt(
      [{ value: 'none', text: 'No stage yet' }, ...STAGE_KINDS.map((k) => ({ value: k, text: STAGE_LABELS[k] }))],
      filters.stage ?? null,
      'Any stage',
    ),
    teamItems: opt(
      teams.map((t) => ({ value: t.id, text: t.name })),
      filters.teamId ?? null,
      'Any team',
    ),
    themeItems: opt(
      themes.map((t) => ({ value: t.id, text: t.label })),
      filters.themeId ?? null,
      'Any theme',
    ),
    sort: q.sort,
    sortLabel: COLUMNS.find((c) => c.sort && c.sort === q.sort)?.text ?? null,
    dir: q.dir,
  });
}

/** 1 … 4 5 6 … 20: the pages GOV.UK pagination shows around the current one. */
export function pageNumbers(current: number, total: number): (number | null)[] {
  const wanted = new Set([1, total, current - 1, current, current + 1].filter((n) => n >= 1 && n <= total));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1]! > 1) out.push(null);
    out.push(n);
  });
  return out;
}
