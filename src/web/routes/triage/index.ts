import { procedureKeys, procedureLabel } from '../../../domain/procedures/registry.ts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ROLE_LABELS } from '../../../domain/access/roles.ts';
import { FEEDBACK_TYPE_LABELS, FEEDBACK_TYPES } from '../../../domain/cases/vocabulary.ts';
import { TRIAGE_DECISION_LABELS, TRIAGE_DECISIONS } from '../../../domain/intake/triage.ts';
import { STATUS_LABELS } from '../../../domain/timescales/explain.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import { parseForm, submitForm } from '../../forms.ts';
import { triageForm } from './triage.schema.ts';
import type { CaseRoute } from '../cases/casework-support.ts';
import { requirePermission } from '../../middleware/auth.ts';
import { doneHref } from '../cases/done-messages.ts';
import { recordRead } from '../../http/record-read.ts';

export const triageRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const guard = { preHandler: requirePermission('cases.write.all') };

  app.get('/triage', guard, async (request, reply) => {
    const queue = await svc.triage.queue(request.actor);
    return reply.page('triage/queue.njk', { title: 'Triage', queue, statusLabels: STATUS_LABELS });
  });

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    reference: string,
    values: Record<string, unknown> | null,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const id = await svc.cases.idForReference(reference);
    if (!id) return reply.page('errors/not-found.njk', {}, 404);
    const record = await svc.cases.record(request.actor, id);
    if (record.case.status !== 'new') return reply.redirect(`/cases/${reference}`);
    // The triage page shows the whole case as it came in: opening it is a read (ADR 0017), as the case page is.
    if (!values) await recordRead(svc, request, { action: 'case.viewed', caseId: id, detail: { page: 'triage' } });
    const { view } = await svc.triage.facts(id);
    const staff = (await svc.users.list()).filter((u) => u.active && u.role !== 'report_viewer');
    const [teams, categories, themes] = await Promise.all([
      svc.organisation.teams(),
      svc.referenceData.list('category'),
      svc.referenceData.list('theme'),
    ]);
    const c = record.case;
    const v = values ?? {
      type: c.type,
      procedure: c.procedure ?? view.suggestion?.procedure ?? '',
      procedureReason: view.suggestion && !c.procedure ? view.suggestion.reason : '',
      eventsOn: isoToParts(c.eventsOn),
      advocacyOfferedOn: isoToParts(c.advocacyOfferedOn),
      consentObtainedOn: isoToParts(c.consentObtainedOn),
      acknowledgedOn: isoToParts(c.acknowledgedOn),
      advocacyResponse: c.advocacyResponse ?? '',
      consentNote: c.consentNote ?? '',
      teamId: c.teamId ?? '',
      mainCategoryId: c.mainCategoryId ?? '',
      themeIds: c.themeIds,
      decision: '',
    };
    const ticked = ([] as unknown[]).concat(v.themeIds ?? []);
    return reply.page(
      'triage/triage.njk',
      {
        title: `Triage ${c.reference}`,
        record,
        view,
        values: v,
        version: c.version,
        typeItems: FEEDBACK_TYPES.map((t) => ({ value: t, text: FEEDBACK_TYPE_LABELS[t], checked: v.type === t })),
        procedureItems: procedureKeys().map((p) => ({ value: p, text: procedureLabel(p), checked: v.procedure === p })),
        decisionItems: TRIAGE_DECISIONS.map((d) => ({
          value: d,
          text: TRIAGE_DECISION_LABELS[d].text,
          hint: { text: TRIAGE_DECISION_LABELS[d].hint },
          checked: v.decision === d,
        })),
        categoryItems: [
          { value: '', text: 'Not decided yet' },
          ...categories.map((i) => ({ value: i.id, text: i.label, selected: v.mainCategoryId === i.id })),
        ],
        themeItems: themes.map((t) => ({ value: t.id, text: t.label, checked: ticked.includes(t.id) })),
        teamItems: [
          { value: '', text: 'Choose a team' },
          ...teams.map((t) => ({ value: t.id, text: t.name, selected: v.teamId === t.id })),
        ],
        managerItems: [
          { value: '', text: 'Choose a person' },
          ...staff.map((u) => ({
            value: u.id,
            text: `${u.displayName} (${ROLE_LABELS[u.role].toLowerCase()})`,
            selected: v.investigatingManagerId === u.id,
          })),
        ],
        errors: errorView(errors),
      },
      status,
    );
  }

  app.get<CaseRoute>('/cases/:reference/triage', guard, async (request, reply) =>
    page(request, reply, request.params.reference, null),
  );

  app.post<CaseRoute>(
    '/cases/:reference/triage',
    { ...guard, config: { multiValued: ['themeIds'] } },
    async (request, reply) => {
      const { reference } = request.params;
      const id = await svc.cases.idForReference(reference);
      if (!id) return reply.page('errors/not-found.njk', {}, 404);
      const form = parseForm(triageForm, request.body);
      const errors = await submitForm(form, (triage) => svc.triage.apply(request.actor, id, triage), 'decision');
      if (errors.length === 0) return reply.redirect(doneHref(`/cases/${reference}`, `triage-${form.data!.decision}`));
      return page(request, reply, reference, form.values, errors, 400);
    },
  );
};
