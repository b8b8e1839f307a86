import type { FastifyPluginAsync } from 'fastify';
import { can } from '../../../domain/access/roles.ts';
import type { Services } from '../../../services/index.ts';
import { STATUS_LABELS } from '../../../domain/timescales/explain.ts';
import { requirePermission } from '../../middleware/auth.ts';

export const caseRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  app.get('/cases/:reference', { preHandler: requirePermission('cases.read.all', 'cases.read.allocated') }, async (request, reply) => {
    const { reference } = request.params as { reference: string };
    const id = await svc.cases.idForReference(reference);
    if (!id) return reply.page('errors/not-found.njk', {}, 404);
    const record = await svc.cases.record(request.actor, id);
    const timescales = await svc.timescales.clocksForCase(id);
    const costs = record.stages.map((s) => ({
      kind: s.kind,
      total: (s.investigatorCostPence ?? 0) + (s.independentPersonCostPence ?? 0) + (s.panelCostPence ?? 0) + (s.otherCostPence ?? 0),
    }));
    return reply.page('cases/case.njk', { title: `${record.case.reference}: ${record.case.subject}`, record, costs, timescales, statusLabels: STATUS_LABELS, showAudit: can(request.user!.role, 'audit.read') });
  });
};
