import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import { dateInput, parseForm, textOrNull } from '../../forms.ts';
import { selectItems, type CaseRoute, type CaseworkSupport, type LoadedCase } from './casework-support.ts';
import { doneHref } from './done-messages.ts';

export const complimentForm = z.object({
  sharedOn: dateInput(),
  teamId: textOrNull(),
  staffName: z.string().optional(),
  staffRole: z.string().optional(),
  originId: textOrNull(),
  themeId: textOrNull(),
  valuesShown: z.string().optional(),
});

/** A compliment's details: who was thanked, where it came from, what it was about, and when it was shared. */
export function complimentRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;

  async function renderCompliment(
    reply: FastifyReply,
    c: LoadedCase,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const [origins, themes, o] = await Promise.all([
      svc.referenceData.list('compliment_origin'),
      svc.referenceData.list('compliment_theme'),
      cw.options(),
    ]);
    return reply.page(
      'cases/forms/compliment.njk',
      {
        title: `Compliment ${c.reference}`,
        record: c.record,
        teamItems: selectItems(o.teams, values.teamId, 'No team'),
        originItems: selectItems(
          origins.map((x) => ({ value: x.id, text: x.label })),
          values.originId,
          'Not recorded',
        ),
        themeItems: selectItems(
          themes.map((x) => ({ value: x.id, text: x.label })),
          values.themeId,
          'Not recorded',
        ),
        values,
        errors: errorView(errors),
      },
      status,
    );
  }

  async function showCompliment(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const refused = cw.notNow(reply, c, request.actor, ['record_compliment']);
    if (refused) return refused;
    const m = c.record.compliment;
    return renderCompliment(reply, c, {
      teamId: m?.teamId ?? c.record.case.teamId,
      staffName: m?.staffName,
      staffRole: m?.staffRole,
      originId: m?.originId,
      themeId: m?.themeId,
      valuesShown: m?.valuesShown,
      sharedOn: isoToParts(m?.sharedOn),
    });
  }

  async function updateCompliment(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(complimentForm, request.body);
    return cw.attempt(
      reply,
      doneHref(`/cases/${c.reference}`, 'compliment'),
      form,
      (compliment) => svc.casework.updateCompliment(request.actor, c.id, compliment),
      (e) => renderCompliment(reply, c, form.values, e, 400),
    );
  }

  app.get<CaseRoute>('/cases/:reference/compliment', cw.write, showCompliment);
  app.post<CaseRoute>('/cases/:reference/compliment', cw.write, updateCompliment);
}
