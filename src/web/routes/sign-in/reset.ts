import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm, text } from '../../forms.ts';

const forgottenForm = z.object({
  email: text()
    .catch('')
    .transform((v) => v.trim())
    .refine((v) => v !== '', 'Enter your email address'),
});
const newPasswordForm = z.object({ newPassword: text().catch(''), confirmPassword: text().catch('') });

/**
 * "Forgotten your password?" (public, under /sign-in). The page after asking
 * says the same whether or not the address has an account; the link in the
 * email is a path with a random token, of which Heard keeps only a hash.
 */
export const passwordResetRoutes: FastifyPluginAsync<{ svc: Services; baseUrl: string }> = async (
  app,
  { svc, baseUrl },
) => {
  const expired = { title: 'This link has expired or was already used', expired: true };

  app.get('/sign-in/forgotten', async (_request, reply) => {
    return reply.page('sign-in/forgotten.njk', { title: 'Reset your password' });
  });

  app.post(
    '/sign-in/forgotten',
    { config: { rateLimit: { max: 5, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const form = parseForm(forgottenForm, request.body);
      if (!form.ok)
        return reply.page(
          'sign-in/forgotten.njk',
          { title: 'Reset your password', values: form.values, errors: errorView(form.errors) },
          400,
        );
      await svc.passwordReset.request(form.data.email, baseUrl);
      // The same page whatever the address, shown here rather than after a redirect.
      return reply.page('sign-in/forgotten.njk', { title: 'Check your email', sent: true });
    },
  );

  app.get<{ Params: { token: string } }>('/sign-in/reset/:token', async (request, reply) => {
    const owner = await svc.passwordReset.check(request.params.token);
    if (!owner) return reply.page('sign-in/reset.njk', expired, 404);
    return reply.page('sign-in/reset.njk', { title: 'Choose a new password', owner, token: request.params.token });
  });

  app.post<{ Params: { token: string } }>(
    '/sign-in/reset/:token',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const { token } = request.params;
      const owner = await svc.passwordReset.check(token);
      if (!owner) return reply.page('sign-in/reset.njk', expired, 404);
      const form = parseForm(newPasswordForm, request.body);
      let outcome: 'done' | 'expired' = 'expired';
      const errors = await submitForm(
        form,
        async (input) => {
          outcome = await svc.passwordReset.reset(token, input);
        },
        'newPassword',
      );
      if (errors.length)
        return reply.page(
          'sign-in/reset.njk',
          { title: 'Choose a new password', owner, token, errors: errorView(errors) },
          400,
        );
      if (outcome === 'expired') return reply.page('sign-in/reset.njk', expired, 404);
      // Whoever was signed in in this browser is signed out too: they sign in again with the new password.
      if (request.session.userId) await request.session.destroy();
      return reply.redirect('/sign-in?ended=password-reset');
    },
  );
};
