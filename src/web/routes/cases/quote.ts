import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorView } from '../../form-errors.ts';
import { parseForm, text } from '../../forms.ts';
import type { CaseRoute, CaseworkSupport } from './casework-support.ts';
import { doneHref } from './done-messages.ts';

/** The quote as edited, or (with the remove button) taking it out of the report. */
export const quoteForm = z.object({ text: text(), remove: z.string().optional() });

/** A quote for the annual report, redacted by Heard and edited by the officer. */
export function quoteRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;

  async function showQuote(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const refused = cw.notNow(reply, c, request.actor, ['quote_in_report']);
    if (refused) return refused;
    const d = await svc.examples.draft(request.actor, c.id);
    return reply.page('cases/forms/quote.njk', {
      title: `Quote ${c.reference} in the annual report`,
      record: c.record,
      values: { text: d.text },
      saved: d.saved,
    });
  }

  async function saveOrRemoveQuote(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(quoteForm, request.body);
    if (form.data?.remove) {
      await svc.examples.remove(request.actor, c.id);
      return reply.redirect(doneHref(`/cases/${c.reference}`, 'quote-removed'));
    }
    return cw.attempt(
      reply,
      doneHref(`/cases/${c.reference}`, 'quote'),
      form,
      (quote) => svc.examples.save(request.actor, c.id, quote.text),
      async (e) =>
        reply.page(
          'cases/forms/quote.njk',
          {
            title: `Quote ${c.reference} in the annual report`,
            record: c.record,
            values: form.values,
            saved: false,
            errors: errorView(e),
          },
          400,
        ),
    );
  }

  app.get<CaseRoute>('/cases/:reference/quote', cw.write, showQuote);
  app.post<CaseRoute>('/cases/:reference/quote', cw.write, saveOrRemoveQuote);
}
