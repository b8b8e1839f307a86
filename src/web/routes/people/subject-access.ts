import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom } from '../../form-errors.ts';
import { sendDownload } from '../../http/download.ts';
import { requirePermission } from '../../middleware/auth.ts';

/** One or many ticked boxes arrive as a string or an array of strings. */
const ticked = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const chosenForm = z.object({ personIds: ticked, redact: ticked });

/**
 * Subject access (People → Subject access): find the person (or several
 * records of the same person), see the third parties on their cases and
 * choose which to redact, then download one zip. Administrators and
 * complaints officers, who already see every case; each export is audited.
 */
export const subjectAccessRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const guard = { preHandler: requirePermission('cases.write.all') };

  app.get<{ Querystring: { q?: string } }>('/people/subject-access', guard, async (request, reply) => {
    const q = typeof request.query.q === 'string' ? request.query.q.slice(0, 200) : '';
    const found = q ? await svc.subjectAccess.search(q) : null;
    return reply.page('people/subject-access.njk', { title: 'Subject access', q, found });
  });

  app.post('/people/subject-access/review', guard, async (request, reply) => {
    const form = chosenForm.safeParse(request.body ?? {});
    const personIds = form.success ? form.data.personIds : [];
    try {
      const [people, thirdParties] = await Promise.all([
        svc.subjectAccess.names(personIds),
        svc.subjectAccess.thirdParties(personIds),
      ]);
      return reply.page('people/subject-access-review.njk', { title: 'Check what to redact', people, thirdParties });
    } catch (err) {
      const errors = fieldErrorsFrom(err, 'personIds');
      return reply.page(
        'people/subject-access.njk',
        { title: 'Subject access', q: '', found: null, errors: errorView(errors) },
        400,
      );
    }
  });

  app.post('/people/subject-access/export', guard, async (request, reply) => {
    const form = chosenForm.safeParse(request.body ?? {});
    const { personIds, redact } = form.success ? form.data : { personIds: [], redact: [] };
    try {
      const zip = await svc.subjectAccess.export(request.actor, personIds, redact);
      return sendDownload(reply, { fileName: zip.fileName, contentType: 'application/zip', body: zip.content });
    } catch (err) {
      const errors = fieldErrorsFrom(err, 'personIds');
      return reply.page(
        'people/subject-access.njk',
        { title: 'Subject access', q: '', found: null, errors: errorView(errors) },
        400,
      );
    }
  });
};
