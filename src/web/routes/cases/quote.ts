import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorView } from '../../form-errors.ts';
import type { CaseworkSupport } from './casework-support.ts';

type Body = Record<string, string>;

/** A quote for the annual report, redacted by Heard and edited by the officer. */
export function quoteRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;

  async function showQuote(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const d = await svc.examples.draft(request.actor, c.id);
    return reply.page('cases/forms/quote.njk', {
      title: `Quote ${c.reference} in the annual report`,
      record: c.record,
      values: { text: d.text },
      saved: d.saved,
    });
  }

  async function saveOrRemoveQuote(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    if (b.remove) {
      await svc.examples.remove(request.actor, c.id);
      return reply.redirect(`/cases/${c.reference}?done=1`);
    }
    return cw.attempt(
      reply,
      `/cases/${c.reference}?done=1`,
      [],
      () => svc.examples.save(request.actor, c.id, b.text ?? ''),
      async (e) =>
        reply.page(
          'cases/forms/quote.njk',
          {
            title: `Quote ${c.reference} in the annual report`,
            record: c.record,
            values: b,
            saved: false,
            errors: errorView(e),
          },
          400,
        ),
    );
  }

  app.get('/cases/:reference/quote', cw.write, showQuote);
  app.post('/cases/:reference/quote', cw.write, saveOrRemoveQuote);
}
