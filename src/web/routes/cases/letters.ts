import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { errorView, type FieldError } from '../../form-errors.ts';
import { parseForm, submitForm, type FormValues } from '../../forms.ts';
import { MIME, sendDownload } from '../../http/download.ts';
import { letterForm } from './letters.schema.ts';
import type { CaseParams, CaseRoute } from './casework-support.ts';
import { requirePermission } from '../../middleware/auth.ts';

export const letterRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const write = { preHandler: requirePermission('cases.write.all', 'cases.write.allocated') };
  // Letters already sent are part of the case: whoever may read the case may read them (senior managers
  // included); drafting and sending is for those who may change it.
  const read = { preHandler: requirePermission('cases.read.all', 'cases.read.allocated') };

  async function load(request: FastifyRequest<CaseRoute>) {
    const id = await svc.cases.idForReference(request.params.reference);
    if (!id) return null;
    const record = await svc.cases.record(request.actor, id);
    return { id, reference: record.case.reference, record };
  }

  app.get<CaseRoute>('/cases/:reference/letters', read, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const [templates, sent, canWrite] = await Promise.all([
      svc.letters.templates(),
      svc.letters.forCase(c.id),
      svc.cases.canWrite(request.actor, c.id),
    ]);
    return reply.page('cases/forms/letters.njk', {
      title: `Letters: ${c.reference}`,
      record: c.record,
      templates: canWrite ? templates : [],
      canWrite,
      sent,
    });
  });

  async function renderDraft(
    request: FastifyRequest,
    reply: FastifyReply,
    c: NonNullable<Awaited<ReturnType<typeof load>>>,
    key: string,
    values: FormValues | null,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const draft = await svc.letters.draft(request.actor, c.id, key);
    return reply.page(
      'cases/forms/letter.njk',
      {
        title: `${draft.template.name}: ${c.reference}`,
        record: c.record,
        draft,
        values: values ?? { subject: draft.subject, body: draft.body, to: draft.email ?? '' },
        errors: errorView(errors),
      },
      status,
    );
  }

  app.get<CaseRoute & { Querystring: { template?: string } }>(
    '/cases/:reference/letters/new',
    write,
    async (request, reply) => {
      const c = await load(request);
      if (!c) return reply.page('errors/not-found.njk', {}, 404);
      return renderDraft(request, reply, c, request.query.template ?? '', null);
    },
  );

  app.post<CaseRoute>('/cases/:reference/letters', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(letterForm, request.body);
    let made = '';
    const errors = await submitForm(
      form,
      async (letter) => (made = await svc.letters.issue(request.actor, c.id, letter)),
      'body',
    );
    if (errors.length === 0)
      return reply.redirect(
        form.data?.delivery === 'email'
          ? `/cases/${c.reference}/letters?sent=1`
          : `/cases/${c.reference}/letters?made=${made}`,
      );
    const key = typeof form.values.templateKey === 'string' ? form.values.templateKey : '';
    return renderDraft(request, reply, c, key, form.values, errors, 400);
  });

  app.get<{ Params: CaseParams & { id: string } }>(
    '/cases/:reference/letters/:id/word',
    read,
    async (request, reply) => {
      const c = await load(request);
      if (!c) return reply.page('errors/not-found.njk', {}, 404);
      const file = await svc.letters.word(request.actor, c.id, request.params.id);
      return sendDownload(reply, { fileName: file.fileName, contentType: MIME.docx, body: file.content });
    },
  );
};
