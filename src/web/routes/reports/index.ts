import type { FastifyPluginAsync } from 'fastify';
import { addCalendarDays, financialYearStart, isIsoDate, londonDate } from '../../../domain/calendar/iso-date.ts';
import { FEEDBACK_TYPE_LABELS, FEEDBACK_TYPES, OUTCOME_LABELS, PROCEDURE_LABELS } from '../../../domain/cases/vocabulary.ts';
import type { Services } from '../../../services/index.ts';
import { requirePermission } from '../../middleware/auth.ts';

/**
 * The report for any period, with the two before it, as tables (charts and
 * the Word and spreadsheet versions are still to come). Also as JSON, the
 * whole model.
 */
export const reportRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const guard = { preHandler: requirePermission('reports.read') };

  function period(query: Record<string, string | undefined>) {
    const fy = financialYearStart(londonDate(svc.clock.now())) - 1;
    const from = isIsoDate(query.from) ? query.from : `${fy}-04-01`;
    // Without an end date, a year from the start: a financial year when it starts on 1 April.
    const to = isIsoDate(query.to) && query.to >= from ? query.to : addCalendarDays(`${Number(from.slice(0, 4)) + 1}${from.slice(4)}`, -1);
    return { from, to, options: { teamNames: query.teams === 'today' ? ('today' as const) : ('as_was' as const), excludeMigratedFromTimescales: query.migrated !== 'include' } };
  }

  app.get('/reports/annual', guard, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const p = period(q);
    const model = await svc.reports.model(p.from, p.to, p.options);
    const fy = financialYearStart(londonDate(svc.clock.now()));
    const years = [0, 1, 2, 3, 4].map((n) => fy - n).map((y) => ({ value: `${y}-04-01`, text: `${y}/${String((y + 1) % 100).padStart(2, '0')}`, selected: p.from === `${y}-04-01` }));
    return reply.page('reports/annual.njk', {
      title: `Feedback report ${model.periods[2]!.period.label}`,
      model,
      p,
      years,
      typeLabels: FEEDBACK_TYPE_LABELS,
      types: FEEDBACK_TYPES,
      outcomeLabels: OUTCOME_LABELS,
      procedureLabels: PROCEDURE_LABELS,
      json: `/reports/annual.json?from=${p.from}&to=${p.to}&teams=${p.options.teamNames}&migrated=${p.options.excludeMigratedFromTimescales ? 'exclude' : 'include'}`,
    });
  });

  app.get('/reports/annual.json', guard, async (request, reply) => {
    const p = period(request.query as Record<string, string | undefined>);
    const model = await svc.reports.model(p.from, p.to, p.options);
    return reply.header('Cache-Control', 'no-store').send(model);
  });
};
