import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { parseForm, submitForm } from '../../forms.ts';
import { closureDayForm, closureRemovalForm, refreshForm } from './calendar.schema.ts';
import type { HolidaySource } from '../../../domain/calendar/holiday-years.ts';
import type { BankHolidaySource } from '../../../services/calendar.ts';
import type { MovedDueDate } from '../../../services/timescales.ts';
import { escapeHtml } from '../../../reports/html.ts';
import { isoToParts } from '../../form-errors.ts';
import { dateTime, label, longDate } from '../../format.ts';
import { firstFile } from '../../http/multipart.ts';
import type { SavedQuery } from '../../http/route-types.ts';

export const calendarRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  async function page(extra: Record<string, unknown> = {}) {
    const [closures, source, calendar, refresh] = await Promise.all([
      svc.calendar.closureDays(),
      svc.calendar.source(),
      svc.calendar.calendar(),
      svc.bankHolidays.settings(),
    ]);
    return {
      title: 'Working days',
      closures,
      source,
      sourceRows: yearSourceRows(source.years),
      refresh,
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

  /**
   * Before a closure day is added or taken away: the open cases whose due
   * dates it moves, dates already told to a complainant first, to confirm.
   */
  async function confirmPage(
    reply: FastifyReply,
    what: { adding: boolean; date: string; description: string },
    moved: MovedDueDate[],
  ) {
    const sorted = [...moved].sort(
      (a, b) => Number(b.toldInLetter) - Number(a.toldInLetter) || a.from.localeCompare(b.from),
    );
    return reply.page('admin/closure-confirm.njk', {
      title: what.adding ? 'Add the closure day?' : 'Remove the closure day?',
      what,
      dateParts: isoToParts(what.date),
      told: moved.filter((m) => m.toldInLetter).length,
      rows: sorted.map((m) => [
        {
          html: `<a class="govuk-link" href="/cases/${encodeURIComponent(m.reference)}">${escapeHtml(m.reference)}</a>`,
        },
        { text: m.subject },
        { text: label(m.clock, 'clock') },
        { text: `${longDate(m.from)} → ${longDate(m.to)}` },
        { text: m.toldInLetter ? 'Yes: tell them the new date' : 'No' },
      ]),
    });
  }

  app.post('/calendar/closure-days', async (request, reply) => {
    const form = parseForm(closureDayForm, request.body);
    if (form.ok && form.data.date && !form.data.confirm) {
      const moved = await svc.timescales.dueDatesMovedBy({
        add: { date: form.data.date, description: form.data.description },
      });
      if (moved.length)
        return confirmPage(reply, { adding: true, date: form.data.date, description: form.data.description }, moved);
    }
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
    const form = parseForm(closureRemovalForm, request.body);
    const existing = (await svc.calendar.closureDays()).find((c) => c.date === date);
    if (existing && !form.data?.confirm) {
      const moved = await svc.timescales.dueDatesMovedBy({ remove: date });
      if (moved.length) return confirmPage(reply, { adding: false, date, description: existing.description }, moved);
    }
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
      const result = await svc.bankHolidays.upload(request.actor, text, file.filename);
      const moved = result.moved
        ? `; ${result.moved} due date${result.moved === 1 ? '' : 's'} moved, shown on the home page of those responsible`
        : '';
      return reply.redirect(
        `/admin/calendar?loaded=${encodeURIComponent(`${result.count} bank holidays, ${result.firstYear} to ${result.lastYear}${moved}`)}`,
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

  app.post('/calendar/refresh', async (request, reply) => {
    const form = parseForm(refreshForm, request.body);
    await svc.bankHolidays.setRefresh(request.actor, { enabled: form.data?.enabled ?? false });
    return reply.redirect('/admin/calendar?done=1');
  });
};

/** Consecutive years with the same source, as one row: "2012 to 2027", where from, how many bank holidays. */
export function yearSourceRows(
  years: BankHolidaySource['years'],
): { years: string; source: string; count: number; provisional: boolean }[] {
  const rows: { first: number; last: number; source: string; count: number; provisional: boolean }[] = [];
  for (const y of years) {
    const source = sourceText(y.source);
    const prev = rows[rows.length - 1];
    if (prev && prev.source === source && prev.last === y.year - 1) {
      prev.last = y.year;
      prev.count += y.count;
    } else
      rows.push({ first: y.year, last: y.year, source, count: y.count, provisional: y.source.kind === 'computed' });
  }
  return rows.map((r) => ({
    years: r.first === r.last ? String(r.first) : `${r.first} to ${r.last}`,
    source: r.source,
    count: r.count,
    provisional: r.provisional,
  }));
}

function sourceText(s: HolidaySource): string {
  switch (s.kind) {
    case 'shipped':
      return "GOV.UK's list, shipped with Heard";
    case 'loaded':
      return s.via === 'refresh'
        ? `GOV.UK's list, fetched by the daily refresh on ${dateTime(s.loadedAt)}`
        : `${s.fileName ?? 'A file'}, loaded by an administrator on ${dateTime(s.loadedAt)}`;
    case 'computed':
      return 'Computed from the usual rules: provisional until GOV.UK publishes them';
  }
}
