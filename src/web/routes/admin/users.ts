import type { FastifyPluginAsync } from 'fastify';
import { ROLE_LABELS, ROLES } from '../../../domain/access/roles.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm } from '../../forms.ts';
import { newUserForm, userChangeForm } from './users.schema.ts';
import type { IdRoute, SavedRoute } from '../../http/route-types.ts';

const roleItems = (selected?: string) =>
  ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], checked: selected === r }));

export const userRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  async function listPage(extra: Record<string, unknown> = {}) {
    const teams = await svc.organisation.teams();
    const users = await svc.users.list();
    return {
      title: 'Staff accounts',
      users,
      teams,
      roleItems: roleItems((extra.values as { role?: string } | undefined)?.role),
      values: {},
      ...extra,
    };
  }

  app.get<SavedRoute>('/users', async (request, reply) => {
    const flash = request.query.done ? 'Saved' : undefined;
    return reply.page('admin/users.njk', { ...(await listPage()), flash });
  });

  app.post('/users', async (request, reply) => {
    const form = parseForm(newUserForm, request.body);
    const errors = await submitForm(form, (user) => svc.users.create(request.actor, user), 'email');
    if (errors.length === 0) return reply.redirect('/admin/users?done=1');
    const { password: _p, ...values } = form.values;
    return reply.page('admin/users.njk', await listPage({ values, errors: errorView(errors) }), 400);
  });

  app.get<IdRoute>('/users/:id', async (request, reply) => {
    const { id } = request.params;
    const target = await svc.users.get(id);
    if (!target) return reply.page('errors/not-found.njk', {}, 404);
    return reply.page('admin/user.njk', {
      title: target.displayName,
      target,
      roleItems: roleItems(target.role),
      values: { active: target.active ? 'yes' : 'no' },
    });
  });

  app.post<IdRoute>('/users/:id', async (request, reply) => {
    const { id } = request.params;
    const target = await svc.users.get(id);
    if (!target) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(userChangeForm, request.body);
    // One change: a refused password leaves the role and status as they were too.
    const errors = await submitForm(form, (change) => svc.users.update(request.actor, id, change), 'role');
    if (errors.length === 0) return reply.redirect('/admin/users?done=1');
    const { role, active } = form.values;
    return reply.page(
      'admin/user.njk',
      {
        title: target.displayName,
        target,
        roleItems: roleItems(typeof role === 'string' ? role : undefined),
        values: { active },
        errors: errorView(errors),
      },
      400,
    );
  });

  app.post<IdRoute>('/users/:id/two-factor/disable', async (request, reply) => {
    const target = await svc.users.get(request.params.id);
    if (!target) return reply.page('errors/not-found.njk', {}, 404);
    if (target.totpEnabledAt) await svc.mfa.disable(request.actor, target.id);
    return reply.redirect('/admin/users?done=1');
  });
};
