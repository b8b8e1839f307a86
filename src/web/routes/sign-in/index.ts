import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { safeReturnPath as safeNext } from '../../http/return-path.ts';
import { signedIn } from '../../middleware/auth.ts';
import { errorView, type FieldError } from '../../form-errors.ts';
import { parseForm } from '../../forms.ts';
import { signInForm } from './sign-in.schema.ts';

export const signInRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  app.get<{ Querystring: { next?: string } }>('/sign-in', async (request, reply) => {
    if (request.user) return reply.redirect('/');
    const query = request.query;
    const needsSetup = (await svc.users.count()) === 0;
    return reply.page('sign-in/sign-in.njk', { title: 'Sign in', next: safeNext(query.next), values: {}, needsSetup });
  });

  app.post('/sign-in', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const form = parseForm(signInForm, request.body);
    const email = String(form.values.email ?? '').trim();
    const next = safeNext(form.values.next);
    const errors: FieldError[] = [...form.errors];
    if (form.ok) {
      const result = await svc.users.signIn(form.data.email, form.data.password, { address: request.ip });
      await svc.accessLog.signInAttempt(form.data.email, result, request.ip);
      if (result.ok) {
        await request.session.regenerate();
        request.session.userId = result.user.id;
        return reply.redirect(next);
      }
      if (result.reason === 'throttled') {
        const minutes = Math.ceil(result.retryAfterSeconds / 60);
        errors.push({
          field: 'email',
          message: `Too many failed attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`,
        });
      } else {
        errors.push({ field: 'email', message: 'The email address or password is not right' });
      }
    }
    return reply.page(
      'sign-in/sign-in.njk',
      { title: 'Sign in', next, values: { email }, errors: errorView(errors) },
      errors.length ? 400 : 200,
    );
  });

  app.post('/sign-out', { preHandler: signedIn() }, async (request, reply) => {
    await svc.accessLog.record(request.actor, { action: 'sign_out', address: request.ip });
    await request.session.destroy();
    return reply.redirect('/sign-in');
  });
};
