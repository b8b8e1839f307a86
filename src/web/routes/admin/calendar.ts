import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { parseForm, submitForm } from '../../forms.ts';
import { closureDayForm } from './calendar.schema.ts';
import { firstFile } from '../../http/multipart.ts';
import type { SavedQuery } from '../../http/route-types.ts';

export const calendarRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  async function page(extra: Record<string, unknown> = {}) {
    const [closures, source, calendar] = await Promise.all([
      svc.calendar.closureDays(),
      svc.calendar.source(),
      svc.calendar.calendar(),
    ]);
    return {
      title: 'Working days',
      closures,
      source,
      range: { first: calendar.first, last: calendar.last },
      values: {},
      ...extra,
    };
  }

  app.get<{ Querystring: SavedQuery & { loaded?: string } }>('/calendar', async (request, reply) => {
    const q = request.query;
    const flash = q.loaded ? `Bank holidays loaded: ${q.loaded}` : q.done ? 'Saved' : undefined;
    return reply.page('admin/calendar.njk', { ...(await page()), flash });
  });

  app.post('/calendar/closure-days', async (request, reply) => {
    const form = parseForm(closureDayForm, request.body);
    const errors = await submitForm(form, (day) => svc.calendar.addClosureDay(request.actor, day), 'date');
    if (errors.length === 0) return reply.redirect('/admin/calendar?done=1');
    const { date, description } = form.values;
    return reply.page(
      'admin/calendar.njk',
      await page({ values: { date, description }, errors: errorView(errors) }),
      400,
    );
  });

  app.post<{ Params: { date: string } }>('/calendar/closure-days/:date/remove', async (request, reply) => {
    const { date } = request.params;
    await svc.calendar.removeClosureDay(request.actor, date);
    return reply.redirect('/admin/calendar?done=1');
  });

  app.post('/calendar/bank-holidays', async (request, reply) => {
    let errors: FieldError[] = [];
    try {
      const file = await firstFile(request);
      if (!file || !file.filename)
        throw Object.assign(new Error('Select a bank-holidays.json file'), { field: 'file' });
      const buffer = await file.toBuffer();
      if (buffer.length > 1_048_576)
        throw Object.assign(new Error('The file must be smaller than 1 MB'), { field: 'file' });
      const text = buffer.toString('utf8');
      const result = await svc.calendar.uploadBankHolidays(request.actor, text, file.filename);
      return reply.redirect(
        `/admin/calendar?loaded=${encodeURIComponent(`${result.count} bank holidays, ${result.firstYear} to ${result.lastYear}`)}`,
      );
    } catch (err) {
      const e = err as Error & { field?: string; code?: string };
      if (e.field === 'file' && !('code' in e && e.code)) errors = [{ field: 'file', message: e.message }];
      else if (e.code === 'FST_REQ_FILE_TOO_LARGE')
        errors = [{ field: 'file', message: 'The file must be smaller than 1 MB' }];
      else errors = fieldErrorsFrom(err, 'file');
    }
    return reply.page('admin/calendar.njk', await page({ errors: errorView(errors) }), 400);
  });
};
