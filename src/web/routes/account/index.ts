import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../../config.ts';
import type { Services } from '../../../services/index.ts';
import { twoFactorRoutes } from './two-factor.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm } from '../../forms.ts';
import { passwordChangeForm } from './password.schema.ts';
import { signedIn } from '../../middleware/auth.ts';
import type { SavedRoute } from '../../http/route-types.ts';

/**
 * Every signed-in user's own account: changing their password. The sign-in
 * check in the auth middleware keeps everyone else out; no role is needed.
 */
export const accountRoutes: FastifyPluginAsync<{ svc: Services; config: Config }> = async (app, { svc, config }) => {
  await app.register(twoFactorRoutes, { svc, config });
  const title = 'Change your password';

  app.get<SavedRoute>('/account/password', { preHandler: signedIn() }, async (request, reply) => {
    const done = request.query.done === '1';
    return reply.page('account/password.njk', { title, done });
  });

  // Rate-limited per client address as well as counted like a sign-in, since it checks a password.
  app.post(
    '/account/password',
    { preHandler: signedIn(), config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const form = parseForm(passwordChangeForm, request.body);
      const errors = await submitForm(
        form,
        async (change) => {
          await svc.users.changeOwnPassword(request.actor, change, {
            address: request.ip,
            keepSid: request.session.sessionId,
          });
          // The other sessions are gone; this one gets a new id, keeping only who is signed in.
          await request.session.regenerate(['userId']);
        },
        'currentPassword',
      );
      if (errors.length === 0) return reply.redirect('/account/password?done=1');
      // Passwords are never shown again, right or wrong.
      return reply.page('account/password.njk', { title, errors: errorView(errors) }, 400);
    },
  );
};
