import type { FastifyPluginAsync } from 'fastify';
import { can } from '../../../domain/access/roles.ts';
import { financialYearLabel, financialYearStart, londonDate } from '../../../domain/calendar/iso-date.ts';
import { FEEDBACK_TYPES } from '../../../domain/cases/vocabulary.ts';
import type { Services } from '../../../services/index.ts';

export const homeRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  app.get('/', async (request, reply) => {
    const user = request.user!;
    if (!can(user.role, 'cases.read.all') && !can(user.role, 'cases.read.allocated')) {
      // Report viewers see figures, never case details.
      const fy = financialYearStart(londonDate(svc.clock.now()));
      const counts = await svc.cases.countsByType(request.actor, `${fy}-04-01`, `${fy + 1}-03-31`);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      return reply.page('home/figures.njk', { title: 'Feedback this year', yearLabel: financialYearLabel(fy), counts: FEEDBACK_TYPES.map((t) => ({ type: t, n: counts[t] })), total });
    }
    const query = request.query as { page?: string; status?: string };
    const status = query.status === 'closed' || query.status === 'all' ? query.status : 'open';
    const page = Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1);
    const result = await svc.cases.list(request.actor, { status, page, pageSize: 50 });
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    const link = (p: number) => `/?status=${status}&page=${p}`;
    const pagination = {
      previous: page > 1 ? { href: link(page - 1) } : undefined,
      next: page < pages ? { href: link(page + 1) } : undefined,
      items: pageNumbers(page, pages).map((n) => (n === null ? { ellipsis: true } : { number: n, href: link(n), current: n === page })),
    };
    const title = can(user.role, 'cases.read.all') ? 'Cases' : 'My cases';
    return reply.page('home/cases.njk', { title, status, result, pages, pagination, from: (page - 1) * result.pageSize + 1 });
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
