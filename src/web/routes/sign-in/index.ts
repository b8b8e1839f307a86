import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../../config.ts';
import type { OidcClient } from '../../../services/oidc-client.ts';
import type { Services } from '../../../services/index.ts';
import { safeReturnPath as safeNext } from '../../http/return-path.ts';
import { signedIn } from '../../middleware/auth.ts';
import { errorView, type FieldError } from '../../form-errors.ts';
import { parseForm } from '../../forms.ts';
import { signInForm } from './sign-in.schema.ts';

/** Why someone is on the sign-in page again, from ?ended= (only these words are ever shown). */
const ENDED: Record<string, string> = {
  idle: 'You were signed out because you had not used Heard for a while.',
  absolute: 'You were signed out because you had been signed in for the longest time Heard allows. Sign in again.',
  'signed-out': 'You have signed out.',
  'password-reset': 'Your password has been changed. Sign in with your new password.',
};

export const signInRoutes: FastifyPluginAsync<{ svc: Services; config: Config; oidc: OidcClient | null }> = async (
  app,
  { svc, config, oidc },
) => {
  // With single sign-on, a Heard password may be kept for administrators only: the break-glass way in.
  const localOnlyForAdministrators = oidc !== null && config.localSignIn === 'administrators';
  const pageContext = (next: string) => ({
    title: 'Sign in',
    next,
    sso: oidc !== null,
    localOnlyForAdministrators,
  });

  app.get<{ Querystring: { next?: string; ended?: string } }>('/sign-in', async (request, reply) => {
    if (request.user) return reply.redirect('/');
    const query = request.query;
    const needsSetup = (await svc.users.count()) === 0;
    const ended = typeof query.ended === 'string' ? ENDED[query.ended] : undefined;
    return reply.page('sign-in/sign-in.njk', { ...pageContext(safeNext(query.next)), values: {}, needsSetup, ended });
  });

  app.post('/sign-in', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const form = parseForm(signInForm, request.body);
    const email = String(form.values.email ?? '').trim();
    const next = safeNext(form.values.next);
    const errors: FieldError[] = [...form.errors];
    if (form.ok) {
      const result = await svc.users.signIn(form.data.email, form.data.password, { address: request.ip });
      await svc.accessLog.signInAttempt(form.data.email, result, request.ip);
      if (result.ok && localOnlyForAdministrators && result.user.role !== 'administrator') {
        await svc.sso.recordLocalSignIn(result.user, 'refused');
        errors.push({
          field: 'email',
          message: 'Sign in with your council account: Heard passwords are only for administrators when it is down',
        });
      } else if (result.ok) {
        if (localOnlyForAdministrators) await svc.sso.recordLocalSignIn(result.user, 'break-glass');
        await request.session.regenerate();
        // Set up for codes: not signed in until one is given (sign-in/code.ts).
        if (result.user.totpEnabledAt) {
          request.session.mfaPendingUserId = result.user.id;
          request.session.mfaNext = next;
          return reply.redirect('/sign-in/code');
        }
        request.session.userId = result.user.id;
        if (await svc.mfa.required(result.user.role, config.mfa)) {
          request.session.mfaSetupRequired = true;
          return reply.redirect('/account/two-factor');
        }
        return reply.redirect(next);
      }
      if (!result.ok && result.reason === 'throttled') {
        const minutes = Math.ceil(result.retryAfterSeconds / 60);
        errors.push({
          field: 'email',
          message: `Too many failed attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`,
        });
      } else if (!result.ok) {
        errors.push({ field: 'email', message: 'The email address or password is not right' });
      }
    }
    return reply.page(
      'sign-in/sign-in.njk',
      { ...pageContext(next), values: { email }, errors: errorView(errors) },
      errors.length ? 400 : 200,
    );
  });

  // Someone who came by single sign-on is signed out at the provider too, or the next visit signs them straight back in.
  app.post('/sign-out', { preHandler: signedIn() }, async (request, reply) => {
    await svc.accessLog.record(request.actor, { action: 'sign_out', address: request.ip });
    const idToken = request.session.idToken;
    await request.session.destroy();
    if (oidc && idToken) {
      try {
        const url = await oidc.endSessionUrl(idToken);
        if (url) return reply.redirect(url);
      } catch (err) {
        request.log.warn({ err }, 'single sign-on: could not sign out at the identity provider');
      }
    }
    return reply.redirect('/sign-in?ended=signed-out');
  });
};
