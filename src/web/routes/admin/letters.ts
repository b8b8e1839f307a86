import type { FastifyPluginAsync } from 'fastify';
import { MERGE_FIELDS } from '../../../domain/letters/merge.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom } from '../../form-errors.ts';

export const letterTemplateRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const fields = Object.entries(MERGE_FIELDS).map(([name, meaning]) => ({ name, meaning }));
  app.get('/letters', async (request, reply) => {
    const flash = (request.query as { done?: string }).done ? 'Saved' : undefined;
    return reply.page('admin/letters.njk', {
      title: 'Letter templates',
      templates: await svc.letters.templates(),
      flash,
    });
  });
  app.get('/letters/:key', async (request, reply) => {
    const t = await svc.letters.template((request.params as { key: string }).key);
    return reply.page('admin/letter.njk', { title: `Change: ${t.name}`, t, values: t, fields });
  });
  app.post('/letters/:key', async (request, reply) => {
    const t = await svc.letters.template((request.params as { key: string }).key);
    const b = request.body as Record<string, string>;
    try {
      await svc.letters.updateTemplate(request.actor, t.key, { subject: b.subject ?? '', body: b.body ?? '' });
      return reply.redirect('/admin/letters?done=1');
    } catch (err) {
      return reply.page(
        'admin/letter.njk',
        { title: `Change: ${t.name}`, t, values: b, fields, errors: errorView(fieldErrorsFrom(err, 'body')) },
        400,
      );
    }
  });
};
