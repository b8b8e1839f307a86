import type { FastifyPluginAsync } from 'fastify';
import { isOneOf } from '../../../domain/cases/vocabulary.ts';
import { REFERENCE_KIND_LABELS, REFERENCE_KINDS, type ReferenceKind } from '../../../domain/reference-data/kinds.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm } from '../../forms.ts';
import { newReferenceItemForm, referenceItemChangeForm } from './reference-data.schema.ts';
import type { SavedQuery } from '../../http/route-types.ts';

/** A list's page: which list (kind) in the address. */
interface KindRoute {
  Params: { kind: string };
  Querystring: SavedQuery;
}
/** One item of a list. */
interface ItemRoute {
  Params: { kind: string; id: string };
}

export const referenceDataRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  app.get('/reference-data', async (_request, reply) => {
    const counts = await svc.referenceData.counts();
    const kinds = REFERENCE_KINDS.map((kind) => ({
      kind,
      ...REFERENCE_KIND_LABELS[kind],
      ...(counts.get(kind) ?? { active: 0, retired: 0 }),
    }));
    return reply.page('admin/reference-kinds.njk', { title: 'Reference data', kinds });
  });

  async function kindPage(kind: ReferenceKind, extra: Record<string, unknown> = {}) {
    const items = await svc.referenceData.list(kind, { includeRetired: true });
    return {
      title: REFERENCE_KIND_LABELS[kind].plural,
      kind,
      kindLabels: REFERENCE_KIND_LABELS[kind],
      items,
      values: {},
      ...extra,
    };
  }

  app.get<KindRoute>('/reference-data/:kind', async (request, reply) => {
    const { kind } = request.params;
    if (!isOneOf(REFERENCE_KINDS, kind)) return reply.page('errors/not-found.njk', {}, 404);
    const flash = request.query.done ? 'Saved' : undefined;
    return reply.page('admin/reference-items.njk', { ...(await kindPage(kind)), flash });
  });

  app.post<KindRoute>('/reference-data/:kind', async (request, reply) => {
    const { kind } = request.params;
    if (!isOneOf(REFERENCE_KINDS, kind)) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(newReferenceItemForm, request.body);
    const errors = await submitForm(form, (item) => svc.referenceData.add(request.actor, kind, item), 'label');
    if (errors.length === 0) return reply.redirect(`/admin/reference-data/${kind}?done=1`);
    return reply.page(
      'admin/reference-items.njk',
      await kindPage(kind, { values: form.values, errors: errorView(errors) }),
      400,
    );
  });

  app.get<ItemRoute>('/reference-data/:kind/:id', async (request, reply) => {
    const { kind, id } = request.params;
    const item = await svc.referenceData.get(id);
    if (item.kind !== kind) return reply.page('errors/not-found.njk', {}, 404);
    return reply.page('admin/reference-item.njk', {
      title: `Change ${item.label}`,
      item,
      kindLabels: REFERENCE_KIND_LABELS[item.kind],
      values: { label: item.label, active: item.active ? 'yes' : 'no' },
    });
  });

  app.post<ItemRoute>('/reference-data/:kind/:id', async (request, reply) => {
    const { kind, id } = request.params;
    const item = await svc.referenceData.get(id);
    if (item.kind !== kind) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(referenceItemChangeForm, request.body);
    const errors = await submitForm(form, (change) => svc.referenceData.update(request.actor, id, change), 'label');
    if (errors.length === 0) return reply.redirect(`/admin/reference-data/${kind}?done=1`);
    return reply.page(
      'admin/reference-item.njk',
      {
        title: `Change ${item.label}`,
        item,
        kindLabels: REFERENCE_KIND_LABELS[item.kind],
        values: form.values,
        errors: errorView(errors),
      },
      400,
    );
  });
};
