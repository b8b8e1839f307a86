import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { requirePermission } from '../../middleware/auth.ts';
import { referenceDataRoutes } from './reference-data.ts';
import { teamRoutes } from './teams.ts';
import { userRoutes } from './users.ts';
import { timescaleRoutes } from './timescales.ts';
import { calendarRoutes } from './calendar.ts';
import { importRoutes } from './import.ts';
import { setupRoutes } from './setup.ts';
import { letterTemplateRoutes } from './letters.ts';
import { contextRoutes } from './context.ts';
import { councilSettingsRoutes } from './council.ts';
import { publicationSettingRoutes } from './publication.ts';
import { auditRoutes } from './audit.ts';
import { retentionRoutes } from './retention.ts';
import { rightsRequestRoutes } from './rights-requests.ts';
import { signInSettingRoutes } from './sign-in.ts';

export const adminRoutes: FastifyPluginAsync<{ svc: Services; ssoConfigured: boolean }> = async (
  app,
  { svc, ssoConfigured },
) => {
  // Every route in here is for administrators: the guard goes onto each route, where the route table sees it.
  const guard = requirePermission('admin.manage');
  app.addHook('onRoute', (route) => {
    route.preHandler = [guard, ...[route.preHandler ?? []].flat()];
  });
  app.get('/', async (_request, reply) => {
    // The public form, emails and letters give these to complainants: an installation without them says so here.
    const contact = await svc.councilSettings.contact();
    const missing = [!contact.phone && 'phone number', !contact.email && 'email address'].filter(Boolean);
    return reply.page('admin/index.njk', { title: 'Administration', missingContact: missing });
  });
  await app.register(teamRoutes, { svc });
  await app.register(referenceDataRoutes, { svc });
  await app.register(userRoutes, { svc });
  await app.register(timescaleRoutes, { svc });
  await app.register(calendarRoutes, { svc });
  await app.register(importRoutes, { svc });
  await app.register(setupRoutes, { svc });
  await app.register(letterTemplateRoutes, { svc });
  await app.register(contextRoutes, { svc });
  await app.register(councilSettingsRoutes, { svc });
  await app.register(publicationSettingRoutes, { svc });
  await app.register(auditRoutes, { svc });
  await app.register(retentionRoutes, { svc });
  await app.register(rightsRequestRoutes, { svc });
  await app.register(signInSettingRoutes, { svc, ssoConfigured });
};
