import type { FastifyRequest } from 'fastify';
import type { AccessEntry } from '../../services/access-log.ts';
import type { Services } from '../../services/index.ts';

/**
 * Records what the signed-in person is about to see, with where they are, in
 * the access log (ADR 0017). Awaited before the reply: if it cannot be
 * written the request fails like any other database failure.
 */
export function recordRead(svc: Services, request: FastifyRequest, entry: Omit<AccessEntry, 'address'>): Promise<void> {
  return svc.accessLog.record(request.actor, { ...entry, address: request.ip });
}
