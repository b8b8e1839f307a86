import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { SYSTEM_ACTOR } from '../../../services/actor.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm } from '../../forms.ts';
import { setupForm } from './setup.schema.ts';

function tokenMatches(expected: string | null, given: unknown): boolean {
  if (!expected || typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * First run: with no accounts at all, whoever has the one-time link that Heard
 * printed at start-up creates the first administrator. Once any account
 * exists, this page is gone.
 */
export const setupRoutes: FastifyPluginAsync<{
  svc: Services;
  setupToken: string | null;
  /** HEARD_MFA_FOR_ADMINISTRATORS: the first administrator sets up sign-in codes straight away. */
  mfaForAdministrators?: boolean;
}> = async (app, { svc, setupToken, mfaForAdministrators }) => {
  app.get<{ Querystring: { token?: string } }>('/setup', async (request, reply) => {
    const token = request.query.token;
    if ((await svc.users.count()) > 0 || !tokenMatches(setupToken, token))
      return reply.page('errors/not-found.njk', {}, 404);
    return reply.page('setup/setup.njk', { title: 'Create the first administrator', token, values: {} });
  });

  app.post('/setup', async (request, reply) => {
    const form = parseForm(setupForm, request.body);
    const { token } = form.values;
    if ((await svc.users.count()) > 0 || !tokenMatches(setupToken, token))
      return reply.page('errors/not-found.njk', {}, 404);
    const errors = await submitForm(
      form,
      async ({ displayName, email, password }) => {
        const user = await svc.users.create(SYSTEM_ACTOR, { displayName, email, role: 'administrator', password });
        await request.session.regenerate();
        request.session.userId = user.id;
        if (mfaForAdministrators) request.session.mfaSetupRequired = true;
      },
      'email',
    );
    if (errors.length === 0) return reply.redirect('/admin');
    const values = { displayName: form.values.displayName ?? '', email: form.values.email ?? '' };
    return reply.page(
      'setup/setup.njk',
      { title: 'Create the first administrator', token, values, errors: errorView(errors) },
      400,
    );
  });
};
