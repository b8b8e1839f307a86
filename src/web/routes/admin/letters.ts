import type { FastifyPluginAsync } from 'fastify';
import { MERGE_FIELDS } from '../../../domain/letters/merge.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm } from '../../forms.ts';
import { letterTemplateForm } from './letters.schema.ts';

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
    const form = parseForm(letterTemplateForm, request.body);
    const errors = await submitForm(form, (change) => svc.letters.updateTemplate(request.actor, t.key, change), 'body');
    if (errors.length === 0) return reply.redirect('/admin/letters?done=1');
    return reply.page(
      'admin/letter.njk',
      { title: `Change: ${t.name}`, t, values: form.values, fields, errors: errorView(errors) },
      400,
    );
  });
};
