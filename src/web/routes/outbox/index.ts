import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { requirePermission } from '../../middleware/auth.ts';
import type { IdRoute } from '../../http/route-types.ts';

/** The local outbox: every message Heard has queued or sent, whatever the adapter. */
export const outboxRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const guard = { preHandler: requirePermission('cases.write.all') };
  app.get('/outbox', guard, async (_request, reply) => {
    const [messages, counts] = await Promise.all([svc.notifications.list({ limit: 200 }), svc.notifications.counts()]);
    return reply.page('outbox/outbox.njk', { title: 'Outbox', messages, counts, via: svc.notifications.sender.name });
  });
  app.get<IdRoute>('/outbox/:id', guard, async (request, reply) => {
    const message = await svc.notifications.get(request.params.id);
    if (!message) return reply.page('errors/not-found.njk', {}, 404);
    return reply.page('outbox/message.njk', { title: message.subject, message });
  });
};
