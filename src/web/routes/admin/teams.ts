import type { FastifyPluginAsync } from 'fastify';
import { PARENT_KIND } from '../../../domain/organisation/org-units.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm } from '../../forms.ts';
import { closeForm, newOrgUnitForm, renameForm } from './teams.schema.ts';
import type { IdRoute, SavedRoute } from '../../http/route-types.ts';

export const teamRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  async function listPage(extra: Record<string, unknown> = {}) {
    const tree = await svc.organisation.tree();
    const all = await svc.organisation.all();
    const parents = all.filter((u) => u.kind !== 'team' && u.closedOn === null);
    return { title: 'Teams and services', tree, parents, values: {}, ...extra };
  }

  app.get<SavedRoute>('/teams', async (request, reply) => {
    const flash = request.query.done ? 'Saved' : undefined;
    return reply.page('admin/teams.njk', { ...(await listPage()), flash });
  });

  app.post('/teams', async (request, reply) => {
    const form = parseForm(newOrgUnitForm, request.body);
    const errors = await submitForm(form, (unit) => svc.organisation.create(request.actor, unit), 'name');
    if (errors.length === 0) return reply.redirect('/admin/teams?done=1');
    return reply.page('admin/teams.njk', await listPage({ values: form.values, errors: errorView(errors) }), 400);
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

  app.get<IdRoute>('/teams/:id', async (request, reply) => {
    const { id } = request.params;
    const flash = request.query.done ? 'Saved' : undefined;
    return reply.page('admin/team.njk', { ...(await unitPage(id)), flash });
  });

  app.post<IdRoute>('/teams/:id/rename', async (request, reply) => {
    const { id } = request.params;
    const form = parseForm(renameForm, request.body);
    const errors = await submitForm(form, (rename) => svc.organisation.rename(request.actor, id, rename), 'name');
    if (errors.length === 0) return reply.redirect(`/admin/teams/${id}?done=1`);
    const { name, from } = form.values;
    return reply.page('admin/team.njk', await unitPage(id, { values: { name, from }, errors: errorView(errors) }), 400);
  });

  app.post<IdRoute>('/teams/:id/close', async (request, reply) => {
    const { id } = request.params;
    const form = parseForm(closeForm, request.body);
    const errors = await submitForm(form, (closure) => svc.organisation.close(request.actor, id, closure), 'closedOn');
    if (errors.length === 0) return reply.redirect(`/admin/teams/${id}?done=1`);
    const { closedOn, successorId } = form.values;
    return reply.page(
      'admin/team.njk',
      await unitPage(id, { values: { closedOn, successorId }, errors: errorView(errors) }),
      400,
    );
  });
};
