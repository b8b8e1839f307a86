import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CASE_LINK_KINDS } from '../../../domain/cases/vocabulary.ts';
import { stagesLeftOpen } from '../../../domain/cases/stage-rules.ts';
import { openItemsMessage } from '../../../services/casework/lifecycle.ts';
import { ValidationError } from '../../../services/errors.ts';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import { dateInputIfSent, parseForm, text, textOrNull } from '../../forms.ts';
import type { CaseRoute, CaseworkSupport, LoadedCase } from './casework-support.ts';
import { doneHref } from './done-messages.ts';

/** One form, four actions: the radio chosen says which, and each reads its own fields. */
export const statusForm = z.object({
  closedOn: dateInputIfSent(),
  withdrawnOn: dateInputIfSent(),
  action: z.string().optional(),
  withdrawReason: text(),
  reopenReason: text(),
  otherReference: text(),
  // Related unless the form says otherwise; a value that is neither is a mistake to show, not to guess.
  kind: z
    .enum(CASE_LINK_KINDS, { error: 'Choose whether the other case is related or a duplicate' })
    .default('related'),
  note: textOrNull(),
  confirmOpenItems: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});

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
    // What closing would leave open, from the record already loaded (the service counts it again when closing).
    const open =
      c.record.case.status === 'closed'
        ? null
        : {
            remedies: c.record.stages.flatMap((s) => s.remedies).filter((r) => !r.completedOn).length,
            actions: c.record.actions.filter((a) => !a.completedOn).length,
          };
    // A stage still waiting for its response: the case cannot close yet, so the page says so instead of offering it.
    const unanswered = c.record.stages.filter((s) => !s.respondedOn);
    return reply.page(
      'cases/forms/status.njk',
      {
        title: `Close, withdraw or link ${c.reference}`,
        record: c.record,
        openItems: open && (open.remedies || open.actions) ? openItemsMessage(open) : null,
        unanswered: unanswered.map((s) => ({
          name: stagesLeftOpen([s])[0],
          href: `/cases/${c.reference}/stages/${s.kind}`,
        })),
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

  async function showStatus(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const refused = cw.notNow(reply, c, request.actor, ['close', 'withdraw', 'reopen', 'link']);
    if (refused) return refused;
    return renderStatus(reply, c, { closedOn: isoToParts(null), withdrawnOn: isoToParts(null) });
  }

  async function changeStatus(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(statusForm, request.body);
    const run = (b: z.output<typeof statusForm>) => {
      switch (b.action) {
        case 'close':
          return svc.casework.close(request.actor, c.id, {
            closedOn: b.closedOn ?? null,
            confirmOpenItems: b.confirmOpenItems,
          });
        case 'withdraw':
          return svc.casework.withdraw(request.actor, c.id, { on: b.withdrawnOn ?? null, reason: b.withdrawReason });
        case 'reopen':
          return svc.casework.reopen(request.actor, c.id, { reason: b.reopenReason });
        case 'link':
          return svc.casework.link(request.actor, c.id, {
            otherReference: b.otherReference,
            kind: b.kind,
            note: b.note,
          });
        default:
          return Promise.reject(new ValidationError([{ field: 'action', message: 'Choose what to do with the case' }]));
      }
    };
    return cw.attempt(
      reply,
      doneHref(
        `/cases/${c.reference}`,
        form.data?.action === 'withdraw' || form.data?.action === 'reopen' || form.data?.action === 'link'
          ? form.data.action
          : 'close',
      ),
      form,
      run,
      (e) =>
        renderStatus(reply, c, { closedOn: isoToParts(null), withdrawnOn: isoToParts(null), ...form.values }, e, 400),
    );
  }

  app.get<CaseRoute>('/cases/:reference/status', cw.write, showStatus);
  app.post<CaseRoute>('/cases/:reference/status', cw.write, changeStatus);
}
