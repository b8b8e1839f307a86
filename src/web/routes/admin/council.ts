import type { FastifyPluginAsync } from 'fastify';
import { defaultPages } from '../../../services/council-settings.ts';
import type { Services } from '../../../services/index.ts';
import { createHash } from 'node:crypto';
import { fitWithin } from '../../../domain/images/png.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { firstFile } from '../../http/multipart.ts';
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
  async function model(values: FormValues) {
    const logo = await svc.councilSettings.logo();
    return {
      logo: logo && {
        ...fitWithin(logo, { width: 230, height: 115 }),
        version: createHash('sha256').update(logo.png).digest('hex').slice(0, 12),
      },
      title: 'Council contact and pages',
      values,
      defaults: { ...defaultPages(svc.councilSettings.defaults.councilName), ...svc.councilSettings.defaults },
    };
  }
  app.get<SavedRoute>('/council', async (request, reply) =>
    reply.page('admin/council.njk', {
      ...(await model(await svc.councilSettings.saved())),
      flash: request.query.done
        ? request.query.done === 'logo'
          ? 'Logo saved. The report’s Word document and web page use it from now on.'
          : request.query.done === 'no-logo'
            ? 'Logo removed.'
            : 'Saved. The public pages and emails use these details from now on.'
        : undefined,
    }),
  );
  app.post('/council', async (request, reply) => {
    const form = parseForm(councilSettingsForm, request.body);
    const errors = await submitForm(form, (v) => svc.councilSettings.update(request.actor, v), 'phone');
    if (errors.length === 0) return reply.redirect('/admin/council?done=1', 303);
    return reply.page('admin/council.njk', { ...(await model(form.values)), errors: errorView(errors) }, 400);
  });

  app.get('/council/logo.png', async (_request, reply) => {
    const logo = await svc.councilSettings.logo();
    if (!logo) return reply.page('errors/not-found.njk', {}, 404);
    return reply.type('image/png').header('Cache-Control', 'private, max-age=31536000, immutable').send(logo.png);
  });

  app.post('/council/logo', async (request, reply) => {
    let errors: FieldError[];
    try {
      const file = await firstFile(request);
      const png = file ? await file.toBuffer() : null;
      if (!file?.filename || !png?.length) errors = [{ field: 'logo', message: 'Choose a PNG file to upload' }];
      else {
        await svc.councilSettings.setLogo(request.actor, png);
        return reply.redirect('/admin/council?done=logo#logo-section', 303);
      }
    } catch (err) {
      errors =
        (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
          ? [{ field: 'logo', message: 'The logo must be smaller than 500 KB' }]
          : fieldErrorsFrom(err, 'logo');
    }
    return reply.page(
      'admin/council.njk',
      { ...(await model(await svc.councilSettings.saved())), errors: errorView(errors) },
      400,
    );
  });

  app.post('/council/logo/remove', async (request, reply) => {
    await svc.councilSettings.setLogo(request.actor, null);
    return reply.redirect('/admin/council?done=no-logo#logo-section', 303);
  });
};
