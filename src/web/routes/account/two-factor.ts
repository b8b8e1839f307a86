import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../../config.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom } from '../../form-errors.ts';
import { signedIn } from '../../middleware/auth.ts';

declare module '@fastify/session' {
  interface FastifySessionObject {
    /** A secret shown on the set-up page, kept until a code from the app confirms it. */
    totpSetupSecret?: string;
  }
}

/**
 * Setting up sign-in codes (TOTP) for one's own Heard password: the secret
 * as text, as an otpauth:// address and as a QR code drawn on the server
 * (SVG, no script), confirmed with a code; then ten recovery codes, shown
 * once. Someone who signs in by single sign-on has no Heard password, so
 * their provider's own multi-factor applies instead.
 */
export const twoFactorRoutes: FastifyPluginAsync<{ svc: Services; config: Config }> = async (app, { svc, config }) => {
  const title = 'Sign-in codes';

  async function setupPage(email: string, secret: string) {
    const uri = svc.mfa.uriFor(secret, email);
    // Loaded when someone sets up codes, not at every start (ADR 0013).
    const { default: QRCode } = await import('qrcode');
    const qr = await QRCode.toString(uri, { type: 'svg', margin: 1, width: 200, errorCorrectionLevel: 'M' });
    return { title: 'Set up sign-in codes', secret, uri, qr };
  }

  app.get<{ Querystring: { recovery?: string } }>(
    '/account/two-factor',
    { preHandler: signedIn() },
    async (request, reply) => {
      const user = request.user!;
      const required = await svc.mfa.required(user.role, config.mfa);
      if (user.totpEnabledAt) {
        const left = await svc.mfa.recoveryCodesLeft(user.id);
        const usedRecovery = request.query.recovery !== undefined;
        return reply.page('account/two-factor.njk', { title, enabled: true, left, required, usedRecovery });
      }
      // A new secret each time the page is shown, until one is confirmed.
      const { secret } = svc.mfa.newSecret(user.email);
      request.session.totpSetupSecret = secret;
      return reply.page('account/two-factor.njk', {
        ...(await setupPage(user.email, secret)),
        required,
        mustFirst: request.session.mfaSetupRequired === true,
      });
    },
  );

  app.post('/account/two-factor', { preHandler: signedIn() }, async (request, reply) => {
    const user = request.user!;
    const secret = request.session.totpSetupSecret;
    if (user.totpEnabledAt || !secret) return reply.redirect('/account/two-factor');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const code = typeof body.code === 'string' ? body.code.slice(0, 64) : '';
    try {
      const codes = await svc.mfa.enrol(request.actor, secret, code);
      delete request.session.totpSetupSecret;
      delete request.session.mfaSetupRequired;
      // Shown in this answer only, never stored as text: no redirect, and the page is not cached.
      return reply.page('account/two-factor.njk', { title: 'Save your recovery codes', codes });
    } catch (err) {
      const errors = fieldErrorsFrom(err, 'code');
      return reply.page(
        'account/two-factor.njk',
        {
          ...(await setupPage(user.email, secret)),
          required: await svc.mfa.required(user.role, config.mfa),
          mustFirst: request.session.mfaSetupRequired === true,
          errors: errorView(errors),
        },
        400,
      );
    }
  });

  app.post('/account/two-factor/disable', { preHandler: signedIn() }, async (request, reply) => {
    const user = request.user!;
    if (!user.totpEnabledAt) return reply.redirect('/account/two-factor');
    if (await svc.mfa.required(user.role, config.mfa))
      return reply.page('errors/forbidden.njk', { message: 'Sign-in codes are required for your account.' }, 403);
    await svc.mfa.disable(request.actor, user.id);
    return reply.redirect('/account/two-factor');
  });
};
