import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../../domain/calendar/iso-date.ts';
import { requirePermission } from '../../middleware/auth.ts';
import { pageNumbers } from '../home/case-list-page.ts';
import type { CaseworkSupport } from './casework-support.ts';

const PAGE_SIZE = 50;

/** `?page=` as a whole page number from 1; anything else is the first page. */
function pageOf(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, n);
}

/** The actions register: every open action across the cases the user may read, a page at a time. */
export function actionsRegisterRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;

  async function showActionsRegister(
    request: FastifyRequest<{ Querystring: { overdue?: string; page?: string } }>,
    reply: FastifyReply,
  ) {
    const overdueOnly = request.query.overdue === '1';
    const page = pageOf(request.query.page);
    const { rows, total, overdue } = await svc.casework.actionsRegister(request.actor, {
      overdueOnly,
      page,
      pageSize: PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const href = (n: number) => `/actions?${overdueOnly ? 'overdue=1&' : ''}page=${n}`;
    return reply.page('cases/forms/actions.njk', {
      title: page > 1 ? `Actions register (page ${page} of ${pages})` : 'Actions register',
      rows,
      total,
      overdue,
      overdueOnly,
      first: (page - 1) * PAGE_SIZE + 1,
      pages,
      pagination: {
        previous: page > 1 ? { href: href(Math.min(page - 1, pages)) } : undefined,
        next: page < pages ? { href: href(page + 1) } : undefined,
        items: pageNumbers(Math.min(page, pages), pages).map((n) =>
          n === null ? { ellipsis: true } : { number: n, href: href(n), current: n === page },
        ),
      },
      today: londonDate(svc.clock.now()),
    });
  }

  app.get<{ Querystring: { overdue?: string; page?: string } }>(
    '/actions',
    { preHandler: requirePermission('cases.read.all', 'cases.read.allocated') },
    showActionsRegister,
  );
}
