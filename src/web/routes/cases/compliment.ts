import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import {
  dateErrors,
  dateParts,
  readDates,
  selectItems,
  type CaseworkSupport,
  type LoadedCase,
} from './casework-support.ts';

type Body = Record<string, string>;

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

  async function showCompliment(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
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

  async function updateCompliment(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = readDates(b, ['sharedOn']);
    return cw.attempt(
      reply,
      `/cases/${c.reference}?done=1`,
      dateErrors(d),
      () =>
        svc.casework.updateCompliment(request.actor, c.id, {
          teamId: b.teamId || null,
          staffName: b.staffName,
          staffRole: b.staffRole,
          originId: b.originId || null,
          themeId: b.themeId || null,
          valuesShown: b.valuesShown,
          sharedOn: d.sharedOn!.value,
        }),
      (e) => renderCompliment(reply, c, { ...b, ...dateParts(d) }, e, 400),
    );
  }

  app.get('/cases/:reference/compliment', cw.write, showCompliment);
  app.post('/cases/:reference/compliment', cw.write, updateCompliment);
}
