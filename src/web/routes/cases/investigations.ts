import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isOneOf, OUTCOME_LABELS, OUTCOMES, STAGE_KINDS, STAGE_LABELS } from '../../../domain/cases/vocabulary.ts';
import type { HeadInput } from '../../../services/casework/investigations.ts';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import { choiceOrNull, dateInput, parseForm, text, textOrNull } from '../../forms.ts';
import {
  selectItems,
  type CaseParams,
  type CaseRoute,
  type CaseworkSupport,
  type LoadedCase,
} from './casework-support.ts';
import { doneHref, doneMessage } from './done-messages.ts';

const investigator = {
  teamId: text(),
  investigatorId: textOrNull(),
  investigatorName: textOrNull(),
};

export const newInvestigationForm = z.object({
  startedOn: dateInput(),
  stage: z.enum(STAGE_KINDS, { error: 'Choose the stage this investigation is for' }),
  ...investigator,
});

export const investigationForm = z.object({
  startedOn: dateInput(),
  respondedOn: dateInput(),
  ...investigator,
  outcome: choiceOrNull(OUTCOMES),
  outcomeOverrideReason: textOrNull(),
  summary: textOrNull(),
});

/**
 * The heads of complaint, numbered from 1 (head-1-summary, head-1-finding,
 * head-1-outcome; up to 50): a head left wholly blank is dropped.
 */
export const headsForm = z.record(z.string(), z.unknown()).transform((b) => {
  const field = (name: string) => (typeof b[name] === 'string' ? b[name] : undefined);
  const heads: HeadInput[] = [];
  for (let i = 1; i <= 50; i++) {
    const summary = field(`head-${i}-summary`);
    if (summary === undefined) break;
    const finding = field(`head-${i}-finding`);
    const outcome = field(`head-${i}-outcome`);
    if (!summary.trim() && !finding?.trim() && !outcome) continue;
    heads.push({ summary, finding: finding ?? null, outcome: isOneOf(OUTCOMES, outcome) ? outcome : null });
  }
  return heads;
});

/** Investigations: who looks into the complaint at a stage, what they found, and each head of complaint. */
export function investigationRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;
  interface NewInvestigationRoute extends CaseRoute {
    Querystring: { stage?: string };
  }
  interface InvestigationRoute {
    Params: CaseParams & { id: string };
    Querystring: { done?: string };
  }

  async function renderInvestigation(
    reply: FastifyReply,
    c: LoadedCase,
    investigationId: string | null,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
    flash?: string,
  ) {
    const o = await cw.options();
    const inv = investigationId
      ? c.record.stages
          .flatMap((s) => s.investigations.map((i) => ({ ...i, stageKind: s.kind })))
          .find((i) => i.id === investigationId)
      : null;
    const heads = inv
      ? [
          ...inv.heads.map((h) => ({ summary: h.summary, finding: h.finding ?? '', outcome: h.outcome ?? '' })),
          { summary: '', finding: '', outcome: '' },
          { summary: '', finding: '', outcome: '' },
        ]
      : [];
    return reply.page(
      'cases/forms/investigation.njk',
      {
        title: inv ? `Investigation: ${inv.teamName}` : `Add an investigation to ${c.reference}`,
        record: c.record,
        inv,
        stageKinds: c.record.stages
          .filter((s) => s.kind !== 'lgsco')
          .map((s) => ({ value: s.kind, text: STAGE_LABELS[s.kind], selected: s.kind === values.stage })),
        teamItems: selectItems(o.teams, values.teamId, 'Choose a team'),
        staffItems: selectItems(o.staff, values.investigatorId, 'Someone outside Heard (give their name)'),
        // With heads of complaint, the outcome follows them unless set otherwise with a reason.
        outcomeItems: [
          { value: '', text: inv?.heads.length ? 'Follow the heads of complaint' : 'No outcome yet' },
          ...OUTCOMES.map((k) => ({ value: k, text: OUTCOME_LABELS[k], selected: k === values.outcome })),
        ],
        heads,
        headOutcomeItems: (selected: string) => [
          { value: '', text: 'No finding yet' },
          ...OUTCOMES.map((k) => ({ value: k, text: OUTCOME_LABELS[k], selected: k === selected })),
        ],
        values,
        errors: errorView(errors),
        flash,
      },
      status,
    );
  }

  async function showNewInvestigation(request: FastifyRequest<NewInvestigationRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const stage = request.query.stage ?? 'stage1';
    const refused = cw.notNow(
      reply,
      c,
      request.actor,
      ['manage_investigations'],
      isOneOf(STAGE_KINDS, stage) ? stage : undefined,
    );
    if (refused) return refused;
    return renderInvestigation(reply, c, null, { stage, startedOn: isoToParts(null) });
  }

  async function addInvestigation(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(newInvestigationForm, request.body);
    // On to the new investigation's own page, where its heads of complaint and findings are written.
    return cw.attempt(
      reply,
      (id: string) => doneHref(`/cases/${c.reference}/investigations/${id}`, 'investigation'),
      form,
      ({ stage, ...investigation }) => svc.casework.addInvestigation(request.actor, c.id, stage, investigation),
      (e) => renderInvestigation(reply, c, null, form.values, e, 400),
    );
  }

  async function showInvestigation(request: FastifyRequest<InvestigationRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params;
    const inv = c.record.stages.flatMap((s) => s.investigations).find((i) => i.id === id);
    if (!inv) return reply.page('errors/not-found.njk', {}, 404);
    const stageOfInv = c.record.stages.find((s) => s.investigations.some((i) => i.id === id))!.kind;
    const refused = cw.notNow(reply, c, request.actor, ['manage_investigations'], stageOfInv);
    if (refused) return refused;
    return renderInvestigation(
      reply,
      c,
      id,
      {
        teamId: inv.teamId,
        investigatorId: inv.investigatorId,
        investigatorName: inv.investigatorName,
        startedOn: isoToParts(inv.startedOn),
        respondedOn: isoToParts(inv.respondedOn),
        // An outcome that follows the heads shows as "Follow the heads of complaint", so saving keeps it following.
        outcome: inv.outcomeOverrideReason ? inv.outcome : inv.heads.length ? null : inv.outcome,
        outcomeOverrideReason: inv.outcomeOverrideReason,
        summary: inv.summary,
      },
      [],
      200,
      doneMessage(request.query.done),
    );
  }

  async function updateInvestigation(request: FastifyRequest<InvestigationRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params;
    const form = parseForm(investigationForm, request.body);
    return cw.attempt(
      reply,
      doneHref(`/cases/${c.reference}`, 'investigation'),
      form,
      (investigation) => svc.casework.updateInvestigation(request.actor, c.id, id, investigation),
      (e) => renderInvestigation(reply, c, id, form.values, e, 400),
    );
  }

  async function setHeadsOfComplaint(request: FastifyRequest<InvestigationRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const { id } = request.params;
    const inv = c.record.stages.flatMap((s) => s.investigations).find((i) => i.id === id);
    if (!inv) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(headsForm, request.body);
    return cw.attempt(
      reply,
      doneHref(`/cases/${c.reference}/investigations/${id}`, 'investigation'),
      form,
      (heads) => svc.casework.setHeads(request.actor, c.id, id, heads),
      async (e) => {
        return renderInvestigation(
          reply,
          c,
          id,
          {
            teamId: inv.teamId,
            investigatorId: inv.investigatorId,
            startedOn: isoToParts(inv.startedOn),
            respondedOn: isoToParts(inv.respondedOn),
            outcome: inv.outcome,
          },
          e,
          400,
        );
      },
    );
  }

  app.get<NewInvestigationRoute>('/cases/:reference/investigations/new', cw.write, showNewInvestigation);
  app.post<CaseRoute>('/cases/:reference/investigations/new', cw.write, addInvestigation);
  app.get<InvestigationRoute>('/cases/:reference/investigations/:id', cw.write, showInvestigation);
  app.post<InvestigationRoute>('/cases/:reference/investigations/:id', cw.write, updateInvestigation);
  app.post<InvestigationRoute>('/cases/:reference/investigations/:id/heads', cw.write, setHeadsOfComplaint);
}
