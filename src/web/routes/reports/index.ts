import { procedureLabel } from '../../../domain/procedures/registry.ts';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ReportModel } from '../../../reports/model.ts';
import { financialYearStart, isFinancialYear, londonDate } from '../../../domain/calendar/iso-date.ts';
import { CASE_STATUS_LABELS, FEEDBACK_TYPE_LABELS } from '../../../domain/cases/vocabulary.ts';
import type { Services } from '../../../services/index.ts';
import { DEFINITIONS } from '../../../reports/definitions.ts';
import { reportSections, reportTables, tableCsv } from '../../../reports/sections.ts';
import { chartsByGroup, reportCharts } from '../../../reports/charts.ts';
import { MIME, sendDownload } from '../../http/download.ts';
import { requirePermission } from '../../middleware/auth.ts';
import { filterItems, readPeriod, runningUntil } from './period.ts';
import { casesBehindLink, rowLabel, sectionsForPage } from './tables-view.ts';
import { escapeHtml } from '../../../reports/html.ts';
import { seesExactFigures } from '../../../reports/publication-reader.ts';
import { can } from '../../../domain/access/roles.ts';
import { financialYearOf } from '../../../services/ombudsman-letters.ts';
import { referencesIn } from '../../../reports/traceability.ts';
import { recordRead } from '../../http/record-read.ts';
import { countedFor } from './counted.ts';

/**
 * The report for any period, with the two before it: a page of sections with
 * charts and tables, the cases behind any figure, and the same figures as
 * Word, Excel, CSV per table and JSON. Every route reads the model shaped for
 * the signed-in reader (traceability.ts), so what it may not trace never
 * reaches a template or a file.
 */
export const reportRoutes: FastifyPluginAsync<{ svc: Services; councilName: string }> = async (
  app,
  { svc, councilName },
) => {
  const guard = { preHandler: requirePermission('reports.read') };
  /** The cases behind a figure: only for readers who may trace figures to cases at all. */
  // The cases behind a figure are cases: only those who may read some cases follow a figure to them
  // (everyone who may has reports.read too); traceability() then limits them to the ones they may read.
  const traceGuard = { preHandler: requirePermission('cases.read.all', 'cases.read.allocated') };

  const counted = countedFor(svc);

  /**
   * Every report route reads its period from the query and builds the model, for this reader, the
   * same way: the published edition when the query asks for it (`publication=yes`), when `published`
   * is forced (the Word document), or whenever the reader may not see exact figures.
   */
  async function reportFor(request: FastifyRequest, { published = false }: { published?: boolean } = {}) {
    const p = readPeriod(request.query, svc.clock.now());
    // A period still running (this year so far) is reported to today, as the dashboard does: the months not yet
    // come would count as nothing, and the part of a year would be compared with whole years before it.
    const soFar = runningUntil(p.from, p.to, londonDate(svc.clock.now()));
    const shaped = await svc.reports.modelFor(request.actor, p.from, p.to, p.options, {
      published: published || p.publication,
      figuresTo: soFar ?? p.to,
    });
    return { p, soFar, ...shaped };
  }

  // A financial year by its label ("2024-25"), any other period by its dates ("2024-01-15-to-2024-03-31").
  const fileNamePart = (period: ReportModel['periods'][number]['period']) =>
    isFinancialYear(period.from, period.to) ? period.label.replace('/', '-') : `${period.from}-to-${period.to}`;
  const downloadName = (model: ReportModel, extension: string) =>
    `feedback-report-${fileNamePart(model.periods[2]!.period)}${model.publication ? '-for-publication' : ''}.${extension}`;

  app.get(
    '/reports/annual',
    guard,
    counted(async (request, reply) => {
      const { p, model, reader, soFar } = await reportFor(request);
      const filters = filterItems(await svc.organisation.all(), p, financialYearStart(londonDate(svc.clock.now())));
      const sections = reportSections(model, councilName);
      const exactAllowed = seesExactFigures(request.actor);
      const withPublication = new URLSearchParams(p.search);
      withPublication.set('publication', 'yes');
      const withoutPublication = new URLSearchParams(p.search);
      withoutPublication.delete('publication');
      return reply.page('reports/annual.njk', {
        edition: {
          published: !!model.publication,
          threshold: model.publication?.threshold ?? null,
          exactAllowed,
          publishedQuery: withPublication.toString(),
          exactQuery: withoutPublication.toString(),
        },
        ...filters,
        errors: p.dates.errors,
        soFar,
        filterAction: '/reports/annual',
        p,
        query: p.search,
        examples: await svc.examples.forPeriod(p.from, p.to),
        charts: chartsByGroup(reportCharts(model)),
        title: `Feedback report ${model.periods[2]!.period.label}`,
        periodLabel: model.periods[2]!.period.label,
        sections: sectionsForPage(sections, casesBehindLink(p.search)),
        traceability: reader.traceability,
        tableLinks: sections.flatMap((s) => s.tables).map((t) => ({ name: t.name, caption: t.caption })),
        definitions: DEFINITIONS,
        texts: {
          status: model.texts?.status ?? null,
          mayWrite: can(request.actor.role!, 'reports.write'),
          financialYear: financialYearOf(p.from, p.to),
          hasLetter: !!model.ombudsmanLetter,
        },
      });
    }),
  );

  app.get<{ Querystring: { table?: string; row?: string } }>(
    '/reports/annual/cases',
    traceGuard,
    counted(async (request, reply) => {
      const { p, model, reader } = await reportFor(request);
      const q = request.query;
      const table = reportTables(model, councilName).find((t) => t.name === q.table);
      const row = Number.parseInt(q.row ?? '', 10);
      const refs = table?.refs?.[row];
      if (!table || !refs?.length) return reply.page('errors/not-found.njk', {}, 404);
      const cases = await svc.reports.casesBehind(request.actor, refs);
      await recordRead(svc, request, {
        action: 'report.cases_viewed',
        caseIds: await svc.accessLog.caseIdsFor(cases.map((c) => c.reference)),
        detail: { table: table.caption, rows: cases.length },
      });
      return reply.page('reports/cases.njk', {
        title: `Cases behind a figure: ${table.caption}`,
        caption: table.caption,
        label: rowLabel(table, table.rows[row]!),
        figure: table.rows[row]![table.tracedColumn ?? 1],
        column: table.head[table.tracedColumn ?? 1],
        periodLabel: model.periods[2]!.period.label,
        back: `/reports/annual?${p.search}`,
        ownCasesOnly: reader.traceability === 'own cases',
        rows: cases.map((c) => [
          {
            html: `<a class="govuk-link" href="/cases/${escapeHtml(encodeURIComponent(c.reference))}">${escapeHtml(c.reference)}</a>`,
          },
          { text: FEEDBACK_TYPE_LABELS[c.type] },
          { text: c.procedure ? procedureLabel(c.procedure) : 'Not decided' },
          { text: c.receivedOn },
          { text: CASE_STATUS_LABELS[c.status] + (c.migrated ? ' (migrated)' : '') },
        ]),
      });
    }),
  );

  app.get(
    '/reports/annual.xlsx',
    guard,
    counted(async (request, reply) => {
      const { model } = await reportFor(request);
      // The workbook's and the Word document's libraries load at the first download, not at every start (ADR 0013).
      const { reportWorkbook } = await import('../../../reports/xlsx.ts');
      return sendDownload(reply, {
        fileName: downloadName(model, 'xlsx'),
        contentType: MIME.xlsx,
        body: await reportWorkbook(model, councilName),
      });
    }),
  );

  // The Word document is what goes to committee and onto the website: the published edition, for everyone.
  app.get(
    '/reports/annual.docx',
    guard,
    counted(async (request, reply) => {
      const { p, model } = await reportFor(request, { published: true });
      const { reportDocument } = await import('../../../reports/docx.ts');
      return sendDownload(reply, {
        fileName: downloadName(model, 'docx'),
        contentType: MIME.docx,
        body: await reportDocument(model, councilName, await svc.examples.forPeriod(p.from, p.to), {
          issuedOn: londonDate(svc.clock.now()),
          logo: await svc.councilSettings.logo(),
        }),
      });
    }),
  );

  app.get<{ Params: { table: string } }>(
    '/reports/annual/:table.csv',
    guard,
    counted(async (request, reply) => {
      const { model } = await reportFor(request);
      const table = reportTables(model, councilName).find((t) => t.name === request.params.table);
      if (!table) return reply.page('errors/not-found.njk', {}, 404);
      return sendDownload(reply, {
        fileName: `${table.name}${model.publication ? '-for-publication' : ''}.csv`,
        contentType: MIME.csv,
        body: tableCsv(table),
      });
    }),
  );

  app.get(
    '/reports/annual.json',
    guard,
    counted(async (request, reply) => {
      const { model } = await reportFor(request);
      // The model holds every exact figure: the published edition is its tables, small numbers hidden.
      const body = model.publication
        ? {
            edition: 'published',
            publication: model.publication,
            period: model.periods[2]!.period,
            sections: reportSections(model, councilName),
          }
        : model;
      // The exact model names the cases behind each figure (as far as this reader may trace them).
      const references = model.publication ? [] : referencesIn(model);
      if (references.length)
        await recordRead(svc, request, {
          action: 'report.exported',
          caseIds: await svc.accessLog.caseIdsFor(references),
          detail: { format: 'json', filters: request.url.split('?')[1] ?? '' },
        });
      return reply.header('Cache-Control', 'no-store').send(body);
    }),
  );
};
