import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ReportModel } from '../../../reports/model.ts';
import { addCalendarDays, financialYearStart, isIsoDate, londonDate } from '../../../domain/calendar/iso-date.ts';
import { FEEDBACK_TYPE_LABELS, FEEDBACK_TYPES, OUTCOME_LABELS, PROCEDURE_LABELS } from '../../../domain/cases/vocabulary.ts';
import type { Services } from '../../../services/index.ts';
import { DEFINITIONS } from '../../../reports/definitions.ts';
import { reportDocument } from '../../../reports/docx.ts';
import { reportTables, tableCsv } from '../../../reports/tables.ts';
import { reportWorkbook } from '../../../reports/xlsx.ts';
import { reportCharts } from '../../../reports/charts.ts';
import { requirePermission } from '../../middleware/auth.ts';

/**
 * The report for any period, with the two before it: a page of tables and
 * charts, and the same figures as Word, Excel, CSV per table and JSON.
 */
export const reportRoutes: FastifyPluginAsync<{ svc: Services; councilName: string }> = async (app, { svc, councilName }) => {
  const guard = { preHandler: requirePermission('reports.read') };

  function period(query: Record<string, string | undefined>) {
    const fy = financialYearStart(londonDate(svc.clock.now())) - 1;
    const from = isIsoDate(query.from) ? query.from : `${fy}-04-01`;
    // Without an end date, a year from the start: a financial year when it starts on 1 April.
    const to = isIsoDate(query.to) && query.to >= from ? query.to : addCalendarDays(`${Number(from.slice(0, 4)) + 1}${from.slice(4)}`, -1);
    const options = { teamNames: query.teams === 'today' ? ('today' as const) : ('as_was' as const), excludeMigratedFromTimescales: query.migrated !== 'include', orgUnitId: query.unit || null };
    // The same choices as a query string, for the page's download links.
    const search = `from=${from}&to=${to}&teams=${options.teamNames}&migrated=${options.excludeMigratedFromTimescales ? 'exclude' : 'include'}&unit=${options.orgUnitId ?? ''}`;
    return { from, to, options, search };
  }

  /** Every report route reads its period from the query and builds the model the same way. */
  async function reportFor(request: FastifyRequest) {
    const p = period(request.query as Record<string, string | undefined>);
    return { p, model: await svc.reports.model(p.from, p.to, p.options) };
  }

  const downloadName = (model: ReportModel, extension: string) => `attachment; filename="feedback-report-${model.periods[2]!.period.label.replace('/', '-')}.${extension}"`;

  app.get('/reports/annual', guard, async (request, reply) => {
    const { p, model } = await reportFor(request);
    const fy = financialYearStart(londonDate(svc.clock.now()));
    const years = [0, 1, 2, 3, 4].map((n) => fy - n).map((y) => ({ value: `${y}-04-01`, text: `${y}/${String((y + 1) % 100).padStart(2, '0')}`, selected: p.from === `${y}-04-01` }));
    const examples = await svc.examples.forPeriod(p.from, p.to);
    const units = await svc.organisation.all();
    const unitItems = [{ value: '', text: 'The whole council', selected: !p.options.orgUnitId }, ...units.filter((u) => u.kind !== 'team' || !u.closedOn).map((u) => ({ value: u.id, text: `${u.name} (${u.kind})`, selected: u.id === p.options.orgUnitId }))];
    const unitName = units.find((u) => u.id === p.options.orgUnitId)?.name ?? null;
    return reply.page('reports/annual.njk', {
      unitItems,
      unitName,
      examples,
      charts: Object.fromEntries(reportCharts(model).map((c) => [c.name, c])),
      title: `Feedback report ${model.periods[2]!.period.label}`,
      model,
      p,
      years,
      typeLabels: FEEDBACK_TYPE_LABELS,
      types: FEEDBACK_TYPES,
      outcomeLabels: OUTCOME_LABELS,
      procedureLabels: PROCEDURE_LABELS,
      definitions: DEFINITIONS,
      tables: reportTables(model).map((t) => ({ name: t.name, caption: t.caption })),
      query: p.search,
      json: `/reports/annual.json?${p.search}`,
    });
  });

  app.get('/reports/annual.xlsx', guard, async (request, reply) => {
    const { model } = await reportFor(request);
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', downloadName(model, 'xlsx'))
      .send(await reportWorkbook(model, councilName));
  });

  app.get('/reports/annual.docx', guard, async (request, reply) => {
    const { p, model } = await reportFor(request);
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', downloadName(model, 'docx'))
      .send(await reportDocument(model, councilName, await svc.examples.forPeriod(p.from, p.to)));
  });

  app.get('/reports/annual/:table.csv', guard, async (request, reply) => {
    const { model } = await reportFor(request);
    const table = reportTables(model).find((t) => t.name === (request.params as { table: string }).table);
    if (!table) return reply.page('errors/not-found.njk', {}, 404);
    return reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${table.name}.csv"`).send(tableCsv(table));
  });

  app.get('/reports/annual.json', guard, async (request, reply) => {
    const { model } = await reportFor(request);
    return reply.header('Cache-Control', 'no-store').send(model);
  });
};
