import type { FastifyPluginAsync } from 'fastify';
import { formatLongDate, londonDate } from '../../../domain/calendar/iso-date.ts';
import { DEFAULT_THRESHOLD, fewerThan, NOT_SHOWN, THRESHOLD_LIMITS } from '../../../reports/publication.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm, type FormValues } from '../../forms.ts';
import type { SavedRoute } from '../../http/route-types.ts';
import { publicationSettingForm } from './publication.schema.ts';

/**
 * Administration → Publishing the report: the threshold below which the
 * published edition (the Word document, the stand-alone HTML, the page for
 * report viewers, the workbook and CSV files for publication) shows a count
 * as "fewer than N". Who changed it last, and when, is shown; each change is audited.
 */
export const publicationSettingRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  async function model(values: FormValues) {
    const view = await svc.publication.view();
    return {
      title: 'Publishing the report',
      values,
      current: view.threshold,
      example: fewerThan(view.threshold),
      notShown: NOT_SHOWN,
      limits: THRESHOLD_LIMITS,
      defaultThreshold: DEFAULT_THRESHOLD,
      changed: view.changedAt
        ? { by: view.changedBy ?? 'Heard', on: formatLongDate(londonDate(view.changedAt)) }
        : null,
    };
  }
  app.get<SavedRoute>('/publication', async (request, reply) => {
    const { threshold } = await svc.publication.current();
    return reply.page('admin/publication.njk', {
      ...(await model({ threshold: String(threshold) })),
      flash: request.query.done ? 'Saved. Every published report uses this threshold from now on.' : undefined,
    });
  });
  app.post('/publication', async (request, reply) => {
    const form = parseForm(publicationSettingForm, request.body);
    const errors = await submitForm(form, (v) => svc.publication.update(request.actor, v), 'threshold');
    if (errors.length === 0) return reply.redirect('/admin/publication?done=1', 303);
    return reply.page('admin/publication.njk', { ...(await model(form.values)), errors: errorView(errors) }, 400);
  });
};
