import type { FastifyPluginAsync } from 'fastify';
import { ORG_UNIT_KINDS, PARENT_KIND, type OrgUnitKind } from '../../../domain/organisation/org-units.ts';
import { isOneOf } from '../../../domain/cases/vocabulary.ts';
import type { Services } from '../../../services/index.ts';
import { dateFromParts, errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';

export const teamRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  async function listPage(extra: Record<string, unknown> = {}) {
    const tree = await svc.organisation.tree();
    const all = await svc.organisation.all();
    const parents = all.filter((u) => u.kind !== 'team' && u.closedOn === null);
    return { title: 'Teams and services', tree, parents, values: {}, ...extra };
  }

  app.get('/teams', async (request, reply) => {
    const flash = (request.query as { done?: string }).done ? 'Saved' : undefined;
    return reply.page('admin/teams.njk', { ...(await listPage()), flash });
  });

  app.post('/teams', async (request, reply) => {
    const body = request.body as Record<string, string>;
    const kind = body.kind;
    const opened = dateFromParts(body, 'openedOn');
    let errors: FieldError[] = [];
    if (!isOneOf(ORG_UNIT_KINDS, kind)) errors.push({ field: 'kind', message: 'Select what you are adding' });
    if (opened.error) errors.push({ field: 'openedOn', message: opened.error });
    if (errors.length === 0) {
      try {
        await svc.organisation.create(request.actor, {
          kind: kind as OrgUnitKind,
          name: body.name ?? '',
          parentId: body.parentId || null,
          openedOn: opened.value ?? undefined,
        });
        return reply.redirect('/admin/teams?done=1');
      } catch (err) {
        errors = fieldErrorsFrom(err, 'name');
      }
    }
    return reply.page(
      'admin/teams.njk',
      await listPage({ values: { ...body, openedOn: opened.parts }, errors: errorView(errors) }),
      400,
    );
  });

  async function unitPage(id: string, extra: Record<string, unknown> = {}) {
    const unit = await svc.organisation.get(id);
    const all = await svc.organisation.all();
    const parent = all.find((u) => u.id === unit.parentId) ?? null;
    const successor = all.find((u) => u.id === unit.successorId) ?? null;
    const children = all.filter((u) => u.parentId === unit.id);
    const candidates = all.filter((u) => u.kind === unit.kind && u.id !== unit.id && u.closedOn === null);
    return {
      title: unit.name,
      unit,
      parent,
      successor,
      children,
      candidates,
      parentKind: PARENT_KIND[unit.kind],
      values: {},
      ...extra,
    };
  }

  app.get('/teams/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const flash = (request.query as { done?: string }).done ? 'Saved' : undefined;
    return reply.page('admin/team.njk', { ...(await unitPage(id)), flash });
  });

  app.post('/teams/:id/rename', async (request, reply) => {
    const { id } = request.params as { id: string };
    const body = request.body as Record<string, string>;
    const from = dateFromParts(body, 'from');
    let errors: FieldError[] = [];
    if (from.error || !from.value)
      errors.push({ field: 'from', message: from.error ?? 'Enter the date the new name applies from' });
    if (errors.length === 0) {
      try {
        await svc.organisation.rename(request.actor, id, { name: body.name ?? '', from: from.value! });
        return reply.redirect(`/admin/teams/${id}?done=1`);
      } catch (err) {
        errors = fieldErrorsFrom(err, 'name');
      }
    }
    return reply.page(
      'admin/team.njk',
      await unitPage(id, { values: { name: body.name, from: from.parts }, errors: errorView(errors) }),
      400,
    );
  });

  app.post('/teams/:id/close', async (request, reply) => {
    const { id } = request.params as { id: string };
    const body = request.body as Record<string, string>;
    const closed = dateFromParts(body, 'closedOn');
    let errors: FieldError[] = [];
    if (closed.error || !closed.value)
      errors.push({ field: 'closedOn', message: closed.error ?? 'Enter the date it closed' });
    if (errors.length === 0) {
      try {
        await svc.organisation.close(request.actor, id, {
          closedOn: closed.value!,
          successorId: body.successorId || null,
        });
        return reply.redirect(`/admin/teams/${id}?done=1`);
      } catch (err) {
        errors = fieldErrorsFrom(err, 'closedOn');
      }
    }
    return reply.page(
      'admin/team.njk',
      await unitPage(id, {
        values: { closedOn: closed.parts, successorId: body.successorId },
        errors: errorView(errors),
      }),
      400,
    );
  });
};
