import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorView, type FieldError } from '../../form-errors.ts';
import { selectItems, type CaseworkSupport, type LoadedCase } from './casework-support.ts';

type Body = Record<string, string>;

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

  async function showAllocation(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    return renderAllocate(reply, c, {
      teamId: c.record.case.teamId,
      investigatingManagerId: c.record.case.investigatingManagerId,
    });
  }

  async function saveAllocation(request: FastifyRequest, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const b = request.body as Body;
    return cw.attempt(
      reply,
      `/cases/${c.reference}?done=1`,
      [],
      () =>
        svc.cases.allocate(request.actor, c.id, {
          teamId: b.teamId || null,
          investigatingManagerId: b.investigatingManagerId || null,
          expectedVersion: Number(b.version) || undefined,
        }),
      (e) => renderAllocate(reply, c, b, e, 400),
    );
  }

  app.get('/cases/:reference/allocate', cw.write, showAllocation);
  app.post('/cases/:reference/allocate', cw.write, saveAllocation);
}
