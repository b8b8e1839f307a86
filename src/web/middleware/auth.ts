import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { can, type Permission } from '../../domain/access/roles.ts';
import { userActor, type Actor } from '../../services/actor.ts';
import type { Services } from '../../services/index.ts';
import type { User } from '../../services/users.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    /** The signed-in user as services see them. Only on routes behind sign-in. */
    actor: Actor;
  }
}
declare module '@fastify/session' {
  interface FastifySessionObject {
    userId?: string;
  }
}

const PUBLIC_PREFIXES = ['/sign-in', '/setup', '/assets/', '/public/', '/health', '/feedback'];

export function isPublicPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return PUBLIC_PREFIXES.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`) || path === p);
}

/** Loads the signed-in user on every request, and sends anyone else to sign in. */
export function registerAuth(app: FastifyInstance, svc: Services): void {
  app.decorateRequest('user', null);
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('preHandler', async (request, reply) => {
    const userId = request.session?.userId;
    if (userId) {
      const user = await svc.users.get(userId);
      if (user && user.active) {
        request.user = user;
        request.actor = userActor(user);
      } else {
        await request.session.destroy();
      }
    }
    if (!request.user && !isPublicPath(request.url)) {
      if (request.method === 'GET') return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
      return reply.code(401).page('errors/signed-out.njk', {}, 401);
    }
  });
}

/** A route guard: the server checks the permission whatever the page showed. */
export function requirePermission(...anyOf: Permission[]): preHandlerAsyncHookHandler {
  return async function (request: FastifyRequest, reply: FastifyReply) {
    const user = request.user;
    if (!user || !anyOf.some((p) => can(user.role, p))) {
      return reply.page('errors/forbidden.njk', {}, 403);
    }
  };
}
