import { procedureKeys, procedureLabel } from '../../../domain/procedures/registry.ts';
import type { FastifyPluginAsync } from 'fastify';
import { can } from '../../../domain/access/roles.ts';
import { STAGE_KINDS, STAGE_LABELS } from '../../../domain/cases/vocabulary.ts';
import { STATUS_LABELS } from '../../../domain/timescales/explain.ts';
import type { CaseClock } from '../../../domain/timescales/case-clocks.ts';
import type { Services } from '../../../services/index.ts';
import { signedIn } from '../../middleware/auth.ts';
import type { CaseListRow } from '../../../services/cases/index.ts';
import { caseListQuery } from './home.schema.ts';

/** Overdue first, then due soon, then by due date; cases with no running clock last. */
export function byUrgency(a: { next: CaseClock | null }, b: { next: CaseClock | null }): number {
  const rank = (n: CaseClock | null) =>
    !n ? 3 : n.result.status === 'overdue' ? 0 : n.result.status === 'due_soon' ? 1 : 2;
  return rank(a.next) - rank(b.next) || (a.next?.result.dueOn ?? '9999').localeCompare(b.next?.result.dueOn ?? '9999');
}

export const homeRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  app.get('/', { preHandler: signedIn() }, async (request, reply) => {
    const user = request.user!;
    // Report viewers see figures, never case details: their home is the dashboard.
    if (!can(user.role, 'cases.read.all') && !can(user.role, 'cases.read.allocated'))
      return reply.redirect('/dashboard');
    const q = caseListQuery.parse(request.query);
    const { status, page } = q;
    const filters = {
      status,
      procedure: q.procedure,
      stage: q.stage,
      teamId: q.teamId,
      themeId: q.themeId,
      receivedFrom: q.from,
      receivedTo: q.to,
      q: q.q,
    } as const;
    const mine = !can(user.role, 'cases.read.all');
    const result = await svc.cases.list(request.actor, {
      ...filters,
      page: mine ? 1 : page,
      pageSize: mine ? 200 : 50,
    });
    const clocks = await svc.timescales.nextClocks(result.rows.map((r) => r.id));
    let rows: (CaseListRow & { next: CaseClock | null })[] = result.rows.map((r) => ({
      ...r,
      next: clocks.get(r.id) ?? null,
    }));
    if (mine) rows = rows.sort(byUrgency); // an investigating manager's own queue: what needs doing first, first
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    const params = new URLSearchParams(
      Object.entries({
        status,
        procedure: filters.procedure ?? '',
        stage: filters.stage ?? '',
        teamId: filters.teamId ?? '',
        themeId: filters.themeId ?? '',
        from: filters.receivedFrom ?? '',
        to: filters.receivedTo ?? '',
        q: filters.q ?? '',
      }).filter(([, v]) => v),
    );
    const link = (p: number) => `/?${new URLSearchParams([...params, ['page', String(p)]]).toString()}`;
    const pagination = {
      previous: page > 1 ? { href: link(page - 1) } : undefined,
      next: page < pages ? { href: link(page + 1) } : undefined,
      items: pageNumbers(page, pages).map((n) =>
        n === null ? { ellipsis: true } : { number: n, href: link(n), current: n === page },
      ),
    };
    const [teams, themes] = await Promise.all([
      svc.organisation.teams({ includeClosed: true }),
      svc.referenceData.list('theme'),
    ]);
    const opt = (items: { value: string; text: string }[], selected: string | null, blank: string) => [
      { value: '', text: blank },
      ...items.map((i) => ({ ...i, selected: i.value === selected })),
    ];
    return reply.page('home/cases.njk', {
      title: mine ? 'My cases' : 'Cases',
      mine,
      status,
      rows,
      result,
      pages: mine ? 1 : pages,
      pagination,
      from: (page - 1) * result.pageSize + 1,
      statusLabels: STATUS_LABELS,
      filters,
      filtered: Object.values(filters).filter((v) => v && v !== status).length > 0,
      procedureItems: opt(
        procedureKeys().map((p) => ({ value: p, text: procedureLabel(p) })),
        filters.procedure,
        'Any procedure',
      ),
      stageItems: opt(
        [{ value: 'none', text: 'No stage yet' }, ...STAGE_KINDS.map((k) => ({ value: k, text: STAGE_LABELS[k] }))],
        filters.stage,
        'Any stage',
      ),
      teamItems: opt(
        teams.map((t) => ({ value: t.id, text: t.name })),
        filters.teamId,
        'Any team',
      ),
      themeItems: opt(
        themes.map((t) => ({ value: t.id, text: t.label })),
        filters.themeId,
        'Any theme',
      ),
    });
  });
};

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
