import type { FastifyPluginAsync } from 'fastify';
import { financialYearLabel, financialYearStart, londonDate } from '../../../domain/calendar/iso-date.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm, type FormValues } from '../../forms.ts';
import { contextFigureForm } from './context.schema.ts';
import type { SavedRoute } from '../../http/route-types.ts';

export const contextRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  async function render(values: FormValues, errors = errorView([]), status = 200, flash?: string) {
    const fy = financialYearStart(londonDate(svc.clock.now()));
    const years = [0, 1, 2, 3, 4, 5]
      .map((n) => fy - n)
      .map((y) => ({
        value: String(y),
        text: financialYearLabel(y),
        selected: values.financialYearStart === String(y),
      }));
    const figures = (await svc.context.list()).map((f) => ({ ...f, year: financialYearLabel(f.financialYearStart) }));
    return { title: 'Context figures', figures, years, values, errors, status, flash };
  }
  app.get<SavedRoute>('/context', async (request, reply) => {
    const m = await render({}, undefined, 200, request.query.done ? 'Saved' : undefined);
    return reply.page('admin/context.njk', m);
  });
  app.post('/context', async (request, reply) => {
    const form = parseForm(contextFigureForm, request.body);
    const errors = await submitForm(form, (figure) => svc.context.set(request.actor, figure), 'value');
    if (errors.length === 0) return reply.redirect('/admin/context?done=1');
    return reply.page('admin/context.njk', await render(form.values, errorView(errors), 400), 400);
  });
};
