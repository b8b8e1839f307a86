import type { FastifyPluginAsync } from 'fastify';
import { financialYearStart, formatLongDate, formatMonth, londonDate } from '../../../domain/calendar/iso-date.ts';
import { periodLabel } from '../../../reports/model.ts';
import { traceability } from '../../../reports/traceability.ts';
import { unitAndBelow } from '../../../domain/organisation/org-units.ts';
import { monthChart } from '../../../reports/charts.ts';
import { stage1Timeliness } from '../../../reports/figures.ts';
import { reportSections } from '../../../reports/sections.ts';
import { NARROWED_WITHHELD } from '../../../reports/publication.ts';
import { readsPublished } from '../../../reports/publication-reader.ts';
import { countedFor } from '../reports/counted.ts';
import { topThemes } from './top-themes.ts';
import type { Services } from '../../../services/index.ts';
import { requirePermission } from '../../middleware/auth.ts';
import { filterItems, readPeriod, runningUntil } from '../reports/period.ts';
import { casesBehindLink, sectionsForPage } from '../reports/tables-view.ts';

/** How old the dashboard's figures may be while newer ones are built: beyond it, the page waits for them. */
const DASHBOARD_STALE_FOR_MS = 30 * 60_000;
/**
 * How long the dashboard waits for figures when it has none to show yet (after a server starts, or for a period
 * not asked for before): a council on PGlite has them well within it; at a million cases they take tens of
 * seconds, and the page says they are being worked out instead of holding its reader that long.
 */
export const DASHBOARD_WAITS_MS = 2_000;

/** What the dashboard asks the reports for, from its address: the period, its options, the due-now filter. */
function dashboardAsks(query: unknown, now: Date, units: Parameters<typeof unitAndBelow>[0]) {
  const p = readPeriod(query, now, 0);
  const today = londonDate(now);
  // A year still running is compared with the same weeks of the years before, not with whole years.
  const running = runningUntil(p.from, p.to, today);
  return {
    p,
    today,
    soFar: running !== null,
    to: running ?? p.to,
    filter: {
      unitIds: p.options.orgUnitId ? unitAndBelow(units, p.options.orgUnitId) : null,
      procedure: p.options.procedures?.[0] ?? null,
    },
  };
}

/**
 * The dashboard's first view, built while nobody waits: a server starting on PostgreSQL calls this, so whoever
 * opens the dashboard first after a start (a deployment, a restart) does not wait for a large council's model.
 */
export async function prepareDashboard(svc: Services): Promise<void> {
  const { p, to, filter } = dashboardAsks({}, svc.clock.now(), await svc.organisation.all());
  await svc.reports.prepare(p.from, to, p.options, filter);
}

/**
 * The dashboard: this year so far (or any year), the headline numbers, the
 * monthly trend, what is due and overdue now, the top themes and teams, and
 * the downloads of the full report for the same choices.
 */
export const dashboardRoutes: FastifyPluginAsync<{ svc: Services; councilName: string }> = async (
  app,
  { svc, councilName },
) => {
  // Counted against its reader like a report route (counted.ts): it renders the report's sections every time.
  const counted = countedFor(svc);
  app.get(
    '/dashboard',
    { preHandler: requirePermission('reports.read') },
    counted(async (request, reply) => {
      const now = svc.clock.now();
      const units = await svc.organisation.all();
      const { p, today, soFar, to, filter } = dashboardAsks(request.query, now, units);
      const page = {
        ...filterItems(units, p, financialYearStart(today)),
        filterAction: '/dashboard',
        errors: p.dates.errors,
        p,
        query: p.search,
        title: 'Dashboard',
        soFar,
        todayLong: formatLongDate(today),
      };
      // The published edition of a part of the organisation is withheld whole (publication.ts), its due and overdue
      // counts too (counts by team): nothing is worked out for it, and the page says why.
      if (p.options.orgUnitId && readsPublished(request.actor, p.publication))
        return reply.page('dashboard/dashboard.njk', {
          ...page,
          periodLabel: periodLabel(p.from, p.to),
          withheld: NARROWED_WITHHELD,
          traceability: traceability(request.actor),
        });
      // Both for the reader (traceability.ts): the links to cases and the overdue list carry only what they may trace.
      // The view everyone lands on is never refused as "busy" (nor counted against its reader): other periods are.
      const asked = {
        staleForMs: DASHBOARD_STALE_FOR_MS,
        waitMs: DASHBOARD_WAITS_MS,
        firstView: p.search === dashboardAsks({}, now, []).p.search,
      };
      const [figures, dueIfReady] = await Promise.all([
        // Figures only: the report's own words are not on the dashboard. At a large council the model takes
        // tens of seconds to build after a change: the figures from before it are shown meanwhile, and say so.
        svc.reports.modelIfReady(request.actor, p.from, to, p.options, { words: false, ...asked }),
        svc.reports.dueNowIfReady(request.actor, filter, asked),
      ]);
      const dueReady = typeof dueIfReady === 'string' ? null : dueIfReady;
      if (typeof figures === 'string')
        // Nothing older to show and not ready in the time a page waits: say so, and what to do, at once.
        return reply.page('dashboard/dashboard.njk', {
          ...page,
          periodLabel: periodLabel(p.from, p.to),
          pending: figures,
          due: dueReady,
          traceability: traceability(request.actor),
        });
      // The figures are ready and the counts (a fraction of their time) are not: those are worth the wait.
      const due = dueReady ?? (await svc.reports.dueNow(request.actor, filter, { staleForMs: DASHBOARD_STALE_FOR_MS }));
      const { model, reader, builtAt, current: modelCurrent } = figures;
      const figuresCurrent = modelCurrent && due.current;
      // The older of the two, when either is from before a change.
      const figuresBuiltAt = [modelCurrent ? null : builtAt, due.current ? null : due.builtAt]
        .filter((d): d is Date => d !== null)
        .sort((a, b) => a.getTime() - b.getTime())[0];
      const current = model.periods[2]!;
      const previous = model.periods[1]!;
      const { responses, onTime, onTimePercent } = stage1Timeliness(current);
      const sections = reportSections(model, councilName);
      const table = (name: string) => sections.flatMap((s) => s.tables).find((t) => t.name === name)!;
      const themes = topThemes(current, table('themes-statutory'), table('themes-corporate'));
      const topTables = sectionsForPage(
        [
          {
            id: 'top',
            heading: '',
            paragraphs: [],
            tables: [
              {
                ...table('by-team'),
                caption: 'Teams with the most complaints',
                rows: table('by-team').rows.slice(0, 5),
                refs: table('by-team').refs?.slice(0, 5),
              },
              {
                name: 'top-themes',
                caption: `Most frequent complaint themes (a complaint counts under each of its themes; ${themes.base})`,
                head: ['Theme', 'Procedure', 'Number', '% of complaints under its procedure'],
                formats: ['text', 'text', 'number', 'percent'],
                rows: themes.rows,
              },
            ],
          },
        ],
        casesBehindLink(p.search),
      )[0]!.tables;
      return reply.page('dashboard/dashboard.njk', {
        ...page,
        periodLabel: soFar ? periodLabel(p.from, p.to) : current.period.label,
        figuresCurrent,
        figuresBuiltAt,
        headlines: [
          { label: 'Feedback received', value: current.total, before: previous.total },
          { label: 'Complaints', value: current.complaints, before: previous.complaints },
          { label: 'Compliments', value: current.byType.compliment, before: previous.byType.compliment },
          {
            label: 'Stage 1 responses on time',
            value: onTimePercent !== null ? `${onTimePercent}%` : '–',
            before: null,
            note: responses ? `${onTime} of ${responses}` : 'none sent yet',
          },
        ],
        due,
        traceability: reader.traceability,
        monthChart: monthChart(model),
        months: current.byMonth.map((m) => [
          { text: formatMonth(m.month) },
          { text: m.count.toLocaleString('en-GB'), format: 'numeric' },
        ]),
        monthlyAverage: current.monthlyAverage,
        topTables,
      });
    }),
  );
};
