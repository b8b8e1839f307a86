import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { TRACKING_LIMITS } from '../../../services/intake-tracking.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { parseForm, type FormValues } from '../../forms.ts';
import { trackCodeForm, trackReferenceForm } from './track.schema.ts';

declare module '@fastify/session' {
  interface FastifySessionObject {
    /** A code asked for: which one (its row's id) and the reference as typed, to say on the code page. */
    tracking?: { challengeId: string; reference: string };
    /** A code accepted: this case's progress may be shown until then (ms since the epoch). */
    tracked?: { caseId: string; until: number };
  }
}

const SERVICE_NAME = 'Track your feedback';

/**
 * Track your feedback: a reference, a one-time code to the email address
 * given with it, then where it has got to. The answer to a reference never
 * says whether it exists (intake-tracking.ts). Rate-limited per address here
 * and again, across servers, in the service.
 */
export const trackRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const page = async (
    reply: FastifyReply,
    template: string,
    context: Record<string, unknown>,
    errors: FieldError[] = [],
    status = errors.length ? 400 : 200,
  ) =>
    reply.page(
      `track/${template}.njk`,
      {
        serviceName: SERVICE_NAME,
        contact: await svc.councilSettings.contact(),
        errors: errorView(errors),
        ...context,
      },
      status,
    );

  const startPage = (reply: FastifyReply, values: FormValues = {}, errors: FieldError[] = [], status?: number) =>
    page(reply, 'start', { title: 'Track your feedback', values }, errors, status);

  const codePage = (request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], expired = false) =>
    page(
      reply,
      'code',
      {
        title: 'Enter the code we sent you',
        reference: request.session.tracking!.reference,
        minutes: TRACKING_LIMITS.codeMinutes,
        expired,
        back: '/track',
      },
      errors,
    );

  app.get('/track', async (_request, reply) => startPage(reply));

  app.post('/track', { config: { rateLimit: { max: 20, timeWindow: '1 hour' } } }, async (request, reply) => {
    const form = parseForm(trackReferenceForm, request.body);
    if (!form.ok) return startPage(reply, form.values, form.errors);
    try {
      const { challengeId } = await svc.tracking.requestCode(form.data.reference, request.ip);
      request.session.tracking = { challengeId, reference: form.data.reference.toUpperCase() };
      delete request.session.tracked;
    } catch (err) {
      return startPage(reply, form.values, fieldErrorsFrom(err, 'reference'), 429);
    }
    return reply.redirect('/track/code', 303);
  });

  app.get('/track/code', async (request, reply) => {
    if (!request.session.tracking) return reply.redirect('/track');
    return codePage(request, reply);
  });

  app.post('/track/code', { config: { rateLimit: { max: 30, timeWindow: '1 hour' } } }, async (request, reply) => {
    const tracking = request.session.tracking;
    if (!tracking) return reply.redirect('/track', 303);
    const form = parseForm(trackCodeForm, request.body);
    if (!form.ok) return codePage(request, reply, form.errors);
    try {
      const { caseId } = await svc.tracking.checkCode(tracking.challengeId, form.data.code);
      delete request.session.tracking;
      request.session.tracked = { caseId, until: svc.clock.now().getTime() + TRACKING_LIMITS.codeMinutes * 60_000 };
    } catch (err) {
      const errors = fieldErrorsFrom(err, 'code');
      return codePage(request, reply, errors, (err as { code?: string }).code === 'TRACK.CODE_EXPIRED');
    }
    return reply.redirect('/track/progress', 303);
  });

  app.get('/track/progress', async (request, reply) => {
    const tracked = request.session.tracked;
    if (!tracked || tracked.until < svc.clock.now().getTime()) {
      if (tracked) delete request.session.tracked;
      return reply.redirect('/track');
    }
    const progress = await svc.tracking.progress(tracked.caseId);
    return page(reply, 'progress', { title: 'Where your feedback has got to', progress });
  });

  /** Finished: the progress page is not shown again in this browser without a new code. */
  app.post('/track/finish', async (request, reply) => {
    delete request.session.tracked;
    delete request.session.tracking;
    return reply.redirect('/track', 303);
  });
};
