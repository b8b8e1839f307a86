import type { FastifyPluginAsync } from 'fastify';
import {
  financialYearLabel,
  financialYearStart,
  formatLongDate,
  londonDate,
} from '../../../domain/calendar/iso-date.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm, type FormValues } from '../../forms.ts';
import { requirePermission } from '../../middleware/auth.ts';
import { ombudsmanLetterForm } from './ombudsman-letter.schema.ts';

/** `?year=2024` as a financial year Heard can report (1990 to 2999); the last full year otherwise. */
export function yearOf(raw: unknown, current: number): number {
  return givenYear(raw) ?? current - 1;
}

/** `?year=` exactly, or null: a change is saved only to the year the address names, never to a fallback. */
export function givenYear(raw: unknown): number | null {
  const n = typeof raw === 'string' && /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  return n >= 1990 && n <= 2999 ? n : null;
}

/**
 * The Ombudsman's annual review letter for a financial year: an officer
 * copies its figures in, and that year's report shows them beside Heard's
 * own counts with the differences explained (reports/ombudsman-letter.ts).
 */
export const ombudsmanLetterRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const guard = { preHandler: requirePermission('reports.write') };

  async function pageModel(year: number, values: FormValues | null) {
    const letter = await svc.ombudsmanLetters.forYear(year);
    const shown = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
    return {
      title: `The Ombudsman’s annual letter, ${financialYearLabel(year)}`,
      year,
      yearLabel: financialYearLabel(year),
      reportQuery: `from=${year}-04-01&to=${year + 1}-03-31`,
      values: values ?? {
        received: shown(letter?.received),
        detailedInvestigations: shown(letter?.detailedInvestigations),
        upheld: shown(letter?.upheld),
        compliancePercent: shown(letter?.compliancePercent),
        satisfactoryRemedy: shown(letter?.satisfactoryRemedy),
      },
      changed: letter ? { by: letter.changedBy ?? 'Heard', on: formatLongDate(londonDate(letter.changedAt)) } : null,
    };
  }

  app.get<{ Querystring: { year?: string; done?: string } }>(
    '/reports/ombudsman-letter',
    guard,
    async (request, reply) => {
      const year = yearOf(request.query.year, financialYearStart(londonDate(svc.clock.now())));
      return reply.page('reports/ombudsman-letter.njk', {
        ...(await pageModel(year, null)),
        flash: request.query.done
          ? `Saved. The report for ${financialYearLabel(year)} compares Heard’s counts with these.`
          : undefined,
      });
    },
  );

  app.post<{ Querystring: { year?: string } }>('/reports/ombudsman-letter', guard, async (request, reply) => {
    const year = givenYear(request.query.year);
    if (year === null)
      return reply.page(
        'errors/bad-request.njk',
        {
          message:
            'The address names no financial year (such as ?year=2024) to save these figures for. Nothing was saved.',
        },
        400,
      );
    const form = parseForm(ombudsmanLetterForm, request.body);
    const errors = await submitForm(form, (v) => svc.ombudsmanLetters.save(request.actor, year, v), 'received');
    if (!errors.length) return reply.redirect(`/reports/ombudsman-letter?year=${year}&done=1`, 303);
    return reply.page(
      'reports/ombudsman-letter.njk',
      { ...(await pageModel(year, form.values)), errors: errorView(errors) },
      400,
    );
  });
};
