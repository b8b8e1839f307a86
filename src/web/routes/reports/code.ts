import type { Actor } from '../../../services/actor.ts';
import { countedFor } from './counted.ts';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  financialYearLabel,
  financialYearStart,
  formatLongDate,
  londonDate,
} from '../../../domain/calendar/iso-date.ts';
import { can } from '../../../domain/access/roles.ts';
import {
  CODE_REQUIREMENTS,
  COMPLIES,
  COMPLIES_LABELS,
  MAX_COMMENTARY,
  MAX_EVIDENCE_LINK,
  codeReportSections,
  selfAssessmentRows,
} from '../../../reports/code-self-assessment.ts';
import { answerField } from '../../../services/code-self-assessments.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { formValues, submitForm, type FormValues } from '../../forms.ts';
import { MIME, sendDownload } from '../../http/download.ts';
import { requirePermission } from '../../middleware/auth.ts';
import { givenYear, yearOf } from './ombudsman-letter.ts';
import { casesBehindLink, sectionsForPage } from './tables-view.ts';
import { runningUntil } from './period.ts';

/**
 * The Complaint Handling Code's annual complaints performance and service
 * improvement report for a financial year (Code paragraph 8.1): the figures
 * the Code asks for and the council's self-assessment against each of its
 * requirements. Everyone who may read reports sees it; officers who may write
 * the report's text answer the self-assessment.
 */
export const codeReportRoutes: FastifyPluginAsync<{ svc: Services; councilName: string }> = async (
  app,
  { svc, councilName },
) => {
  const readGuard = { preHandler: requirePermission('reports.read') };
  const writeGuard = { preHandler: requirePermission('reports.write') };
  const counted = countedFor(svc);
  const yearIn = (request: FastifyRequest<{ Querystring: { year?: string } }>) =>
    yearOf(request.query.year, financialYearStart(londonDate(svc.clock.now())));
  const periodOf = (year: number) => ({ from: `${year}-04-01`, to: `${year + 1}-03-31` });

  /**
   * The financial year's model for `actor` and the council's self-assessment of it. A year still running is
   * worked out to today (`soFar`), as the annual report is: the months not yet come would count as nothing. The
   * cases behind its figures (the annual report's page) are worked out to the same day.
   */
  async function yearFigures(actor: Actor, year: number, { published = false }: { published?: boolean } = {}) {
    const { from, to } = periodOf(year);
    const soFar = runningUntil(from, to, londonDate(svc.clock.now()));
    const [{ model }, assessment] = await Promise.all([
      svc.reports.modelFor(
        actor,
        from,
        to,
        { teamNames: 'as_was', excludeMigratedFromTimescales: false },
        { published, figuresTo: soFar ?? to },
      ),
      svc.codeSelfAssessments.forYear(year),
    ]);
    return { from, to, soFar, model, assessment };
  }
  const lastEdited = (edit: { by: string; at: Date } | null) =>
    edit ? { by: edit.by, on: formatLongDate(londonDate(edit.at)) } : null;

  app.get<{ Querystring: { year?: string } }>(
    '/reports/code',
    readGuard,
    counted(async (request, reply) => {
      const year = yearIn(request);
      const { from, to, soFar, model, assessment } = await yearFigures(request.actor, year);
      const sections = codeReportSections(model, councilName, assessment.answers);
      return reply.page('reports/code.njk', {
        title: `Complaint handling report and Code self-assessment, ${financialYearLabel(year)}`,
        soFar,
        year,
        yearLabel: financialYearLabel(year),
        published: !!model.publication,
        sections: sectionsForPage(sections, casesBehindLink(`from=${from}&to=${to}`)),
        lastEdit: lastEdited(assessment.lastEdit),
        mayWrite: can(request.actor.role!, 'reports.write'),
      });
    }),
  );

  // The Word document is for committee and for publication: always the published edition (small numbers hidden).
  app.get<{ Querystring: { year?: string } }>(
    '/reports/code.docx',
    readGuard,
    counted(async (request, reply) => {
      const year = yearIn(request);
      const { model, assessment } = await yearFigures(request.actor, year, { published: true });
      const { codeReportDocument } = await import('../../../reports/code-docx.ts');
      return sendDownload(reply, {
        fileName: `complaint-handling-code-report-${financialYearLabel(year).replace('/', '-')}.docx`,
        contentType: MIME.docx,
        body: await codeReportDocument(model, councilName, assessment.answers, {
          issuedOn: londonDate(svc.clock.now()),
          logo: await svc.councilSettings.logo(),
        }),
      });
    }),
  );

  async function formModel(actor: Actor, year: number, values: FormValues | null) {
    // Counted against the reader like a report route (the form shows the year's figures as evidence).
    const { model, assessment } = await svc.reports.forReader(actor, () => yearFigures(actor, year));
    const typed = (field: string, saved: string) => (values ? String(values[field] ?? '') : saved);
    return {
      title: `Self-assessment against the Complaint Handling Code, ${financialYearLabel(year)}`,
      year,
      yearLabel: financialYearLabel(year),
      maxCommentary: MAX_COMMENTARY,
      maxEvidence: MAX_EVIDENCE_LINK,
      lastEdit: lastEdited(assessment.lastEdit),
      requirements: selfAssessmentRows(model.periods[2]!, assessment.answers).map(
        ({ requirement, heardEvidence, answer }) => {
          const complies = typed(answerField('complies', requirement.key), answer.complies ?? '');
          return {
            paragraph: requirement.paragraph,
            section: requirement.section,
            summary: requirement.summary,
            confirmed: requirement.confirmed,
            heardEvidence,
            compliesField: answerField('complies', requirement.key),
            commentaryField: answerField('commentary', requirement.key),
            evidenceField: answerField('evidence', requirement.key),
            compliesItems: COMPLIES.map((c) => ({ value: c, text: COMPLIES_LABELS[c], checked: complies === c })),
            commentary: typed(answerField('commentary', requirement.key), answer.commentary),
            evidenceLink: typed(answerField('evidence', requirement.key), answer.evidenceLink),
          };
        },
      ),
    };
  }

  app.get<{ Querystring: { year?: string; done?: string } }>(
    '/reports/code/self-assessment',
    writeGuard,
    async (request, reply) => {
      const year = yearIn(request);
      return reply.page('reports/code-self-assessment.njk', {
        ...(await formModel(request.actor, year, null)),
        flash: request.query.done
          ? `Saved. The Code report for ${financialYearLabel(year)} shows these answers.`
          : undefined,
      });
    },
  );

  app.post<{ Querystring: { year?: string } }>('/reports/code/self-assessment', writeGuard, async (request, reply) => {
    // Saved only to the year the address names, never to a fallback year.
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
    const values = formValues(request.body);
    const errors = await submitForm(
      { ok: true, data: values, values, errors: [] },
      (v) => svc.codeSelfAssessments.save(request.actor, year, v),
      answerField('complies', CODE_REQUIREMENTS[0]!.key),
    );
    if (!errors.length) return reply.redirect(`/reports/code/self-assessment?year=${year}&done=1`, 303);
    return reply.page(
      'reports/code-self-assessment.njk',
      { ...(await formModel(request.actor, year, values)), errors: errorView(errors) },
      400,
    );
  });
};
