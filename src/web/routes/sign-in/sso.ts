import { userActor } from '../../../services/actor.ts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { OidcClient, PendingSignIn } from '../../../services/oidc-client.ts';
import type { Services } from '../../../services/index.ts';
import type { SsoRefusal } from '../../../services/sso.ts';
import { safeReturnPath } from '../../http/return-path.ts';

declare module '@fastify/session' {
  interface FastifySessionObject {
    /** Between sending someone to the identity provider and their return: state, nonce, PKCE verifier. */
    ssoPending?: PendingSignIn;
    /** The ID token of a single sign-on, for signing out at the provider (id_token_hint). */
    idToken?: string;
  }
}

/** What the refusal page says; the reason itself is in the audit trail, for an administrator. */
const REFUSALS: Record<SsoRefusal, string> = {
  no_role:
    'Your council account is not in a group that has access to Heard. If you need it, ask a Heard administrator to give your group a role.',
  inactive: 'Your Heard account has been deactivated. If you think it should not be, ask a Heard administrator.',
  no_email:
    'Your council account did not tell Heard your email address, so Heard cannot tell who you are. Ask a Heard administrator to check the single sign-on settings.',
  other_identity:
    'A different council account is already linked to this email address in Heard. Ask a Heard administrator.',
};

/**
 * Single sign-on with the council's identity provider (OpenID Connect). The
 * paths are under /sign-in, so anyone may reach them: the provider's answer,
 * checked here, is what signs someone in.
 */
export const ssoRoutes: FastifyPluginAsync<{ svc: Services; oidc: OidcClient | null }> = async (app, { svc, oidc }) => {
  const unavailable = (reply: FastifyReply) =>
    reply.page(
      'sign-in/sso-refused.njk',
      {
        title: 'Sign-in is not working',
        message: 'Heard could not reach the council’s sign-in service. Try again in a few minutes.',
      },
      502,
    );

  // Each start saves a session (state, nonce, verifier): limited per address, like signing in.
  app.get<{ Querystring: { next?: string } }>(
    '/sign-in/sso',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      if (!oidc) return reply.page('errors/not-found.njk', {}, 404);
      if (request.user) return reply.redirect('/');
      let start;
      try {
        start = await oidc.start(safeReturnPath(request.query.next));
      } catch (err) {
        request.log.error({ err }, 'single sign-on: the identity provider could not be reached');
        return unavailable(reply);
      }
      request.session.ssoPending = start.pending;
      return reply.redirect(start.url);
    },
  );

  app.get('/sign-in/sso/callback', async (request, reply) => {
    if (!oidc) return reply.page('errors/not-found.njk', {}, 404);
    const pending = request.session.ssoPending;
    // Used once: a second arrival with the same answer finds nothing to match it.
    delete request.session.ssoPending;
    const refused = (message: string, status: number) =>
      reply.page('sign-in/sso-refused.njk', { title: 'You cannot sign in to Heard', message }, status);
    if (!pending)
      return refused(
        'This sign-in had expired or was already used. Go back to Heard’s sign-in page and start again.',
        400,
      );
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    let answer;
    try {
      answer = await oidc.finish(query, pending);
    } catch (err) {
      const detail = describeFailure(err);
      request.log.warn({ err }, 'single sign-on: the provider’s answer was refused');
      await svc.sso.recordFailure('invalid_response', detail);
      return refused(
        'The answer from the council’s sign-in service could not be checked, so Heard did not sign you in. Go back to Heard’s sign-in page and start again.',
        400,
      );
    }
    const result = await svc.sso.signIn(answer.identity);
    if (!result.ok) return refused(REFUSALS[result.reason], 403);
    await svc.accessLog.record(userActor(result.user), { action: 'sign_in.succeeded', address: request.ip });
    await request.session.regenerate();
    request.session.userId = result.user.id;
    request.session.idToken = answer.idToken;
    return reply.redirect(pending.next);
  });
};

/**
 * What went wrong, for the audit trail: openid-client says which check
 * failed in its error's code and cause (the claim, the parameter), never
 * anything secret. Kept short.
 */
function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown';
  const { code, cause } = err as Error & { code?: string; cause?: unknown };
  // The library's own error (oauth4webapi) is the cause: its message names the claim or parameter.
  const inner = cause instanceof Error ? cause.message : '';
  return [code, err.message, inner].filter(Boolean).join(': ').slice(0, 300);
}
