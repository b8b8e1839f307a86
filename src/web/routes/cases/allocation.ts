import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorView, type FieldError } from '../../form-errors.ts';
import { parseForm, textOrNull } from '../../forms.ts';
import { selectItems, type CaseRoute, type CaseworkSupport, type LoadedCase } from './casework-support.ts';
import { doneHref } from './done-messages.ts';

export const allocationForm = z.object({
  teamId: textOrNull(),
  investigatingManagerId: textOrNull(),
  /** The case's version when the page was shown: a change made since is refused. */
  version: z
    .string()
    .optional()
    .transform((v) => Number(v) || undefined),
});

/** Allocation: the team and the investigating manager a case is with. */
export function allocationRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;

  async function renderAllocate(
    reply: FastifyReply,
    c: LoadedCase,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const o = await cw.options();
    return reply.page(
      'cases/forms/allocate.njk',
      {
        title: `Allocate ${c.reference}`,
        record: c.record,
        teamItems: selectItems(o.teams, values.teamId, 'No team'),
        managerItems: selectItems(o.staff, values.investigatingManagerId, 'No one yet'),
        version: c.record.case.version,
        errors: errorView(errors),
      },
      status,
    );
  }

  async function showAllocation(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const refused = cw.notNow(reply, c, request.actor, ['allocate']);
    if (refused) return refused;
    return renderAllocate(reply, c, {
      teamId: c.record.case.teamId,
      investigatingManagerId: c.record.case.investigatingManagerId,
    });
  }

  async function saveAllocation(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(allocationForm, request.body);
    return cw.attempt(
      reply,
      doneHref(`/cases/${c.reference}`, 'allocation'),
      form,
      ({ version, ...allocation }) =>
        svc.cases.allocate(request.actor, c.id, { ...allocation, expectedVersion: version }),
      (e) => renderAllocate(reply, c, form.values, e, 400),
    );
  }

  app.get<CaseRoute>('/cases/:reference/allocate', cw.write, showAllocation);
  app.post<CaseRoute>('/cases/:reference/allocate', cw.write, saveAllocation);
}
