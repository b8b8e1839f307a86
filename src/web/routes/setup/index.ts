import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { SYSTEM_ACTOR } from '../../../services/actor.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';

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
export const setupRoutes: FastifyPluginAsync<{ svc: Services; setupToken: string | null }> = async (
  app,
  { svc, setupToken },
) => {
  app.get('/setup', async (request, reply) => {
    const token = (request.query as { token?: string }).token;
    if ((await svc.users.count()) > 0 || !tokenMatches(setupToken, token))
      return reply.page('errors/not-found.njk', {}, 404);
    return reply.page('setup/setup.njk', { title: 'Create the first administrator', token, values: {} });
  });

  app.post('/setup', async (request, reply) => {
    const body = request.body as Record<string, string>;
    if ((await svc.users.count()) > 0 || !tokenMatches(setupToken, body.token))
      return reply.page('errors/not-found.njk', {}, 404);
    const values = { displayName: body.displayName ?? '', email: body.email ?? '' };
    let errors: FieldError[] = [];
    if ((body.password ?? '') !== (body.confirmPassword ?? ''))
      errors.push({ field: 'confirmPassword', message: 'The passwords do not match' });
    if (errors.length === 0) {
      try {
        const user = await svc.users.create(SYSTEM_ACTOR, {
          displayName: values.displayName,
          email: values.email,
          role: 'administrator',
          password: body.password ?? '',
        });
        await request.session.regenerate();
        request.session.userId = user.id;
        return reply.redirect('/admin');
      } catch (err) {
        errors = fieldErrorsFrom(err, 'email');
      }
    }
    return reply.page(
      'setup/setup.njk',
      { title: 'Create the first administrator', token: body.token, values, errors: errorView(errors) },
      400,
    );
  });
};
