import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../../domain/calendar/iso-date.ts';
import { requirePermission } from '../../middleware/auth.ts';
import type { CaseworkSupport } from './casework-support.ts';

/** The actions register: every open action across the cases the user may read. */
export function actionsRegisterRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;

  async function showActionsRegister(
    request: FastifyRequest<{ Querystring: { overdue?: string } }>,
    reply: FastifyReply,
  ) {
    const overdueOnly = request.query.overdue === '1';
    const rows = await svc.casework.openActions(request.actor, { overdueOnly });
    return reply.page('cases/forms/actions.njk', {
      title: 'Actions register',
      rows,
      overdueOnly,
      today: londonDate(svc.clock.now()),
    });
  }

  app.get<{ Querystring: { overdue?: string } }>(
    '/actions',
    { preHandler: requirePermission('cases.read.all', 'cases.read.allocated') },
    showActionsRegister,
  );
}
