import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CASE_LINK_KINDS, isOneOf, type CaseLinkKind } from '../../../domain/cases/vocabulary.ts';
import { ValidationError } from '../../../services/errors.ts';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import { dateErrors, dateParts, readDates, type CaseworkSupport, type LoadedCase } from './casework-support.ts';

type Body = Record<string, string>;

/** A case's status: close, withdraw, reopen, or link it to (or merge it into) another case. */
export function statusRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;

  async function renderStatus(
    reply: FastifyReply,
    c: LoadedCase,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    return reply.page(
      'cases/forms/status.njk',
      {
        title: `Close, withdraw or link ${c.reference}`,
        record: c.record,
        linkItems: CASE_LINK_KINDS.map((k) => ({
          value: k,
          text: k === 'related' ? 'Related: both stay open' : 'Duplicate: merge this case into that one',
          checked: k === values.kind,
        })),
        values,
        errors: errorView(errors),
      },
      status,
    );
  }

  async function showStatus(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    return renderStatus(reply, c, { closedOn: isoToParts(null), withdrawnOn: isoToParts(null) });
  }

  async function changeStatus(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    const d = readDates(
      b,
      ['closedOn', 'withdrawnOn'].filter((f) => `${f}-day` in b),
    );
    const errors = dateErrors(d);
    const run = () => {
      switch (b.action) {
        case 'close':
          return svc.casework.close(request.actor, c.id, { closedOn: d.closedOn?.value ?? null });
        case 'withdraw':
          return svc.casework.withdraw(request.actor, c.id, {
            on: d.withdrawnOn?.value ?? null,
            reason: b.withdrawReason ?? '',
          });
        case 'reopen':
          return svc.casework.reopen(request.actor, c.id, { reason: b.reopenReason ?? '' });
        case 'link':
          return svc.casework.link(request.actor, c.id, {
            otherReference: b.otherReference ?? '',
            kind: (isOneOf(CASE_LINK_KINDS, b.kind) ? b.kind : 'related') as CaseLinkKind,
            note: b.note || null,
          });
        default:
          return Promise.reject(new ValidationError([{ field: 'action', message: 'Choose what to do with the case' }]));
      }
    };
    return cw.attempt(reply, `/cases/${c.reference}?done=1`, errors, run, (e) =>
      renderStatus(
        reply,
        c,
        { closedOn: isoToParts(null), withdrawnOn: isoToParts(null), ...b, ...dateParts(d) },
        e,
        400,
      ),
    );
  }

  app.get('/cases/:reference/status', cw.write, showStatus);
  app.post('/cases/:reference/status', cw.write, changeStatus);
}
