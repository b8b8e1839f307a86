import type { FastifyPluginAsync } from 'fastify';
import { can } from '../../../domain/access/roles.ts';
import type { Services } from '../../../services/index.ts';
import { signedIn } from '../../middleware/auth.ts';
import { bulkAllocationRoutes } from './bulk-allocation.ts';
import { CASE_LIST_PATH, readsCases, showCaseList } from './case-list-page.ts';
import { caseListExportRoutes } from './case-list-export.ts';
import { savedFilterRoutes } from './saved-filters.ts';

export { byUrgency, pageNumbers } from './case-list-page.ts';

/**
 * The staff home and the case list. The list's address is `/cases`; `/` is
 * the staff home, which for anyone who handles cases is that same list (the
 * page people land on after signing in and keep bookmarked, so it stays, with
 * no redirect to wait for), and for a report viewer, who sees no case, the
 * dashboard.
 */
export const homeRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  app.get('/', { preHandler: signedIn() }, async (request, reply) => {
    const user = request.user!;
    // Report viewers see figures, never case details: their home is the dashboard.
    if (!can(user.role, 'cases.read.all') && !can(user.role, 'cases.read.allocated'))
      return reply.redirect('/dashboard');
    return showCaseList(svc, request, reply, { home: true });
  });
  app.get(CASE_LIST_PATH, { preHandler: readsCases() }, (request, reply) => showCaseList(svc, request, reply));
  caseListExportRoutes(app, svc);
  savedFilterRoutes(app, svc);
  bulkAllocationRoutes(app, svc);
};
