import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../services/index.ts';

/**
 * Wraps a report route's handler so that it is counted against its reader from reading the model to the last
 * byte rendered: at most REPORT_REQUESTS_PER_READER at once (src/services/reports/waits-per-reader.ts), or the
 * 429 page that says what to do.
 */
export const countedFor =
  (svc: Pick<Services, 'reports'>) =>
  <R extends FastifyRequest>(handler: (request: R, reply: FastifyReply) => Promise<unknown>) =>
  (request: R, reply: FastifyReply) =>
    svc.reports.forReader(request.actor, () => handler(request, reply));
