import type { FastifyPluginAsync } from 'fastify';
import { financialYearLabel, financialYearStart, londonDate } from '../../../domain/calendar/iso-date.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom } from '../../form-errors.ts';

export const contextRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  async function render(values: Record<string, string>, errors = errorView([]), status = 200, flash?: string) {
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
  app.get('/context', async (request, reply) => {
    const m = await render({}, undefined, 200, (request.query as { done?: string }).done ? 'Saved' : undefined);
    return reply.page('admin/context.njk', m);
  });
  app.post('/context', async (request, reply) => {
    const b = request.body as Record<string, string>;
    try {
      await svc.context.set(request.actor, {
        financialYearStart: Number(b.financialYearStart),
        measure: b.measure ?? '',
        value: b.value ?? '',
        note: b.note,
      });
      return reply.redirect('/admin/context?done=1');
    } catch (err) {
      return reply.page('admin/context.njk', await render(b, errorView(fieldErrorsFrom(err, 'value')), 400), 400);
    }
  });
};
