import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { can, type Permission } from '../../domain/access/roles.ts';
import { userActor, type Actor } from '../../services/actor.ts';
import type { Services } from '../../services/index.ts';
import type { User } from '../../services/users.ts';
import { declaresAccess, isPublicPath } from './route-access.ts';

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
    /** Set by the session store on a signed-in session that has just run out (src/services/session-store.ts). */
    endedBecause?: 'idle' | 'absolute';
    /** Signed in with a password, but must set up codes (TOTP) before anything else. */
    mfaSetupRequired?: boolean;
  }
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
    // Someone who must set up codes first may do only that, or sign out.
    if (request.user && request.session.mfaSetupRequired && !isPublicPath(request.url)) {
      const path = request.url.split('?')[0];
      if (path !== '/account/two-factor' && path !== '/sign-out') {
        if (request.method === 'GET') return reply.redirect('/account/two-factor');
        return reply.code(403).page('errors/forbidden.njk', { message: 'Set up sign-in codes first.' }, 403);
      }
    }
    if (!request.user && !isPublicPath(request.url)) {
      const ended = request.session?.endedBecause;
      const why = ended === 'idle' || ended === 'absolute' ? `ended=${ended}&` : '';
      if (request.method === 'GET') return reply.redirect(`/sign-in?${why}next=${encodeURIComponent(request.url)}`);
      return reply.code(401).page('errors/signed-out.njk', {}, 401);
    }
  });
}

/** A route guard: the server checks the permission whatever the page showed. */
export function requirePermission(...anyOf: Permission[]): preHandlerAsyncHookHandler {
  return declaresAccess(
    async function (request: FastifyRequest, reply: FastifyReply) {
      const user = request.user;
      if (!user || !anyOf.some((p) => can(user.role, p))) {
        return reply.page('errors/forbidden.njk', {}, 403);
      }
    },
    { kind: 'permission', anyOf },
  );
}

/** A route any signed-in member of staff may use (the sign-in hook has already turned everyone else away). */
export function signedIn(): preHandlerAsyncHookHandler {
  return declaresAccess(
    async function (request: FastifyRequest, reply: FastifyReply) {
      if (!request.user) return reply.code(401).page('errors/signed-out.njk', {}, 401);
    },
    { kind: 'signed-in' },
  );
}
