import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { actionsRegisterRoutes } from './actions-register.ts';
import { allocationRoutes } from './allocation.ts';
import { caseworkSupport } from './casework-support.ts';
import { complimentRoutes } from './compliment.ts';
import { detailsRoutes } from './details.ts';
import { escalationRoutes } from './escalation.ts';
import { investigationRoutes } from './investigations.ts';
import { learningRoutes } from './learning.ts';
import { quoteRoutes } from './quote.ts';
import { stageRoutes } from './stages.ts';
import { statusRoutes } from './status.ts';

/**
 * The casework pages: each records one thing about a complaint and comes back
 * to the case. A refused change shows the GOV.UK error summary with what was
 * typed; the services decide what is allowed. One file per page.
 */
export const caseworkRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const cw = caseworkSupport(svc);
  allocationRoutes(app, cw);
  investigationRoutes(app, cw);
  stageRoutes(app, cw);
  escalationRoutes(app, cw);
  learningRoutes(app, cw);
  statusRoutes(app, cw);
  complimentRoutes(app, cw);
  detailsRoutes(app, cw);
  quoteRoutes(app, cw);
  actionsRegisterRoutes(app, cw);
};
