import type { FastifyPluginAsync } from 'fastify';
import { ROLE_LABELS, ROLES } from '../../../domain/access/roles.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { formValues, parseForm, submitForm } from '../../forms.ts';
import { groupRoleForm } from './sign-in.schema.ts';
import type { SavedRoute } from '../../http/route-types.ts';

/**
 * How staff sign in: which of the identity provider's groups gives which
 * role at single sign-on, and whether everyone must use a second factor.
 * Under /admin, so for administrators only; every change is audited.
 */
export const signInSettingRoutes: FastifyPluginAsync<{ svc: Services; ssoConfigured: boolean }> = async (
  app,
  { svc, ssoConfigured },
) => {
  const title = 'Sign-in and single sign-on';
  async function page(extra: Record<string, unknown> = {}) {
    const values = (extra.values ?? {}) as { role?: string };
    return {
      title,
      ssoConfigured,
      mappings: (await svc.sso.mappings()).map((m) => ({ ...m, roleLabel: ROLE_LABELS[m.role] })),
      roleItems: ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], checked: values.role === r })),
      values: {},
      mfaForEveryone: (await svc.mfa.settings()).mfaForEveryone,
      ...extra,
    };
  }

  app.get<SavedRoute>('/sign-in', async (request, reply) => {
    const flash = request.query.done ? 'Saved' : undefined;
    return reply.page('admin/sign-in.njk', { ...(await page()), flash });
  });

  app.post('/sign-in/groups', async (request, reply) => {
    const form = parseForm(groupRoleForm, request.body);
    const errors = await submitForm(form, (mapping) => svc.sso.setMapping(request.actor, mapping), 'groupId');
    if (errors.length === 0) return reply.redirect('/admin/sign-in?done=1');
    return reply.page('admin/sign-in.njk', await page({ values: form.values, errors: errorView(errors) }), 400);
  });

  app.post('/sign-in/groups/remove', async (request, reply) => {
    const { groupId } = formValues(request.body);
    if (typeof groupId === 'string') await svc.sso.removeMapping(request.actor, groupId);
    return reply.redirect('/admin/sign-in?done=1');
  });

  app.post('/sign-in/mfa', async (request, reply) => {
    const { mfaForEveryone } = formValues(request.body);
    await svc.mfa.setMfaForEveryone(request.actor, mfaForEveryone === 'yes');
    return reply.redirect('/admin/sign-in?done=1');
  });
};
