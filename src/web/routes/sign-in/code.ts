import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { safeReturnPath } from '../../http/return-path.ts';

declare module '@fastify/session' {
  interface FastifySessionObject {
    /** Password right, code still to come: who is signing in, and where they were going. */
    mfaPendingUserId?: string;
    mfaNext?: string;
  }
}

/** The second step of a password sign-in for someone set up for codes (public, under /sign-in). */
export const signInCodeRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const title = 'Enter your sign-in code';

  // Arriving with no password step behind (a bookmark, an expired session): say so, and where to start.
  const startAgain = (reply: FastifyReply) =>
    reply.page(
      'sign-in/sso-refused.njk',
      {
        title: 'Sign in again',
        message: 'Your sign-in had expired or had not begun. Sign in with your email address and password first.',
      },
      400,
    );

  app.get('/sign-in/code', async (request, reply) => {
    if (!request.session.mfaPendingUserId) return startAgain(reply);
    return reply.page('sign-in/code.njk', { title });
  });

  app.post('/sign-in/code', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const userId = request.session.mfaPendingUserId;
    if (!userId) return startAgain(reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const code = typeof body.code === 'string' ? body.code.slice(0, 64) : '';
    let message: string;
    if (!code.trim()) message = 'Enter the code from your authenticator app, or a recovery code';
    else {
      const result = await svc.mfa.verify(userId, code, { address: request.ip });
      if (result.ok) {
        const next = safeReturnPath(request.session.mfaNext);
        await request.session.regenerate();
        request.session.userId = userId;
        return reply.redirect(
          result.usedRecoveryCode ? `/account/two-factor?recovery=${await svc.mfa.recoveryCodesLeft(userId)}` : next,
        );
      }
      if (result.reason === 'throttled') {
        const minutes = Math.ceil(result.retryAfterSeconds / 60);
        message = `Too many wrong codes. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`;
      } else message = 'The code is not right. Enter the 6 digits the app shows now, or a recovery code';
    }
    return reply.page('sign-in/code.njk', { title, errors: errorView([{ field: 'code', message }]) }, 400);
  });
};
