import type { FastifyPluginAsync } from 'fastify';
import { ROLE_LABELS, ROLES, type Role } from '../../../domain/access/roles.ts';
import { isOneOf } from '../../../domain/cases/vocabulary.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';

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

  app.get('/users', async (request, reply) => {
    const flash = (request.query as { done?: string }).done ? 'Saved' : undefined;
    return reply.page('admin/users.njk', { ...(await listPage()), flash });
  });

  app.post('/users', async (request, reply) => {
    const body = request.body as Record<string, string>;
    let errors: FieldError[] = [];
    if (!isOneOf(ROLES, body.role)) errors.push({ field: 'role', message: 'Select a role' });
    if (errors.length === 0) {
      try {
        await svc.users.create(request.actor, {
          displayName: body.displayName ?? '',
          email: body.email ?? '',
          role: body.role as Role,
          password: typeof body.password === 'string' ? body.password : '',
          teamId: body.teamId || null,
        });
        return reply.redirect('/admin/users?done=1');
      } catch (err) {
        errors = fieldErrorsFrom(err, 'email');
      }
    }
    const { password: _p, ...values } = body;
    return reply.page('admin/users.njk', await listPage({ values, errors: errorView(errors) }), 400);
  });

  app.get('/users/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const target = await svc.users.get(id);
    if (!target) return reply.page('errors/not-found.njk', {}, 404);
    return reply.page('admin/user.njk', {
      title: target.displayName,
      target,
      roleItems: roleItems(target.role),
      values: { active: target.active ? 'yes' : 'no' },
    });
  });

  app.post('/users/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const target = await svc.users.get(id);
    if (!target) return reply.page('errors/not-found.njk', {}, 404);
    const body = request.body as Record<string, string>;
    let errors: FieldError[] = [];
    if (!isOneOf(ROLES, body.role)) errors.push({ field: 'role', message: 'Select a role' });
    if (errors.length === 0) {
      try {
        // One change: a refused password leaves the role and status as they were too.
        await svc.users.update(request.actor, id, {
          role: body.role as Role,
          active: body.active !== 'no',
          password: typeof body.password === 'string' && body.password ? body.password : undefined,
        });
        return reply.redirect('/admin/users?done=1');
      } catch (err) {
        errors = fieldErrorsFrom(err, 'role');
      }
    }
    return reply.page(
      'admin/user.njk',
      {
        title: target.displayName,
        target,
        roleItems: roleItems(body.role),
        values: { active: body.active },
        errors: errorView(errors),
      },
      400,
    );
  });
};
