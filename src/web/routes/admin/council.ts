import type { FastifyPluginAsync } from 'fastify';
import { defaultPages } from '../../../services/council-settings.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm, type FormValues } from '../../forms.ts';
import type { SavedRoute } from '../../http/route-types.ts';
import { councilSettingsForm } from './council.schema.ts';

/**
 * Administration → Council contact and pages: how the public reaches the
 * complaints team (on the form's pages, in every email and letter) and the
 * privacy notice, accessibility statement and cookies page. A page text left
 * empty shows Heard's default, which the page shows for copying.
 */
export const councilSettingsRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  function model(values: FormValues) {
    return {
      title: 'Council contact and pages',
      values,
      defaults: { ...defaultPages(svc.councilSettings.defaults.councilName), ...svc.councilSettings.defaults },
    };
  }
  app.get<SavedRoute>('/council', async (request, reply) =>
    reply.page('admin/council.njk', {
      ...model(await svc.councilSettings.saved()),
      flash: request.query.done ? 'Saved. The public pages and emails use these details from now on.' : undefined,
    }),
  );
  app.post('/council', async (request, reply) => {
    const form = parseForm(councilSettingsForm, request.body);
    const errors = await submitForm(form, (v) => svc.councilSettings.update(request.actor, v), 'phone');
    if (errors.length === 0) return reply.redirect('/admin/council?done=1', 303);
    return reply.page('admin/council.njk', { ...model(form.values), errors: errorView(errors) }, 400);
  });
};
