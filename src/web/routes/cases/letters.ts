import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../../domain/calendar/iso-date.ts';
import { defaultLetter } from '../../../domain/letters/default-letters.ts';
import { answeredOnField } from '../../../domain/procedures/flow.ts';
import { definitionOfStage } from '../../../domain/procedures/registry.ts';
import type { Services } from '../../../services/index.ts';
import type { LetterPreview } from '../../../services/letters.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { parseForm, type FormValues } from '../../forms.ts';
import { MIME, sendDownload } from '../../http/download.ts';
import { letterForm, type LetterForm } from './letters.schema.ts';
import type { CaseParams, CaseRoute } from './casework-support.ts';
import { requirePermission } from '../../middleware/auth.ts';
import { recordRead } from '../../http/record-read.ts';

/**
 * Letters on a case: the officer drafts from a template (the case merged in),
 * checks the letter exactly as it will go (to whom, how, the words), and only
 * from that page sends it or makes the Word document. A letter with anything
 * still to write is sent back to the draft with every such part named.
 */
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
  type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;

  /** What the officer is told after sending or making a letter (sent letters are newest first). */
  function justDone(l: { delivery: string; subject: string; toAddress: string | null } | null): string | null {
    if (!l) return null;
    return l.delivery === 'email'
      ? `“${l.subject}” is on its way to ${l.toAddress}`
      : `“${l.subject}” is ready: download the Word document below to print and post it`;
  }

  app.get<CaseRoute & { Querystring: { sent?: string; made?: string; recorded?: string; unrecorded?: string } }>(
    '/cases/:reference/letters',
    read,
    async (request, reply) => {
      const c = await load(request);
      if (!c) return reply.page('errors/not-found.njk', {}, 404);
      await recordRead(svc, request, { action: 'letters.viewed', caseId: c.id });
      const [templates, sent, canWrite] = await Promise.all([
        svc.letters.templatesFor(c.id),
        svc.letters.forCase(c.id),
        svc.cases.canWrite(request.actor, c.id),
      ]);
      const made = sent.find((l) => l.id === request.query.made && l.delivery === 'word') ?? null;
      return reply.page('cases/forms/letters.njk', {
        title: `Letters: ${c.reference}`,
        record: c.record,
        templates: canWrite ? templates : [],
        canWrite,
        sent,
        flash: [
          justDone(request.query.sent === '1' ? (sent.find((l) => l.delivery === 'email') ?? null) : made),
          request.query.recorded ? 'Today is recorded as the date the stage was answered.' : '',
        ]
          .filter(Boolean)
          .join('. '),
        // The stage's name comes back in the address: shown as text only, never trusted further.
        unrecorded: request.query.unrecorded?.slice(0, 100) ?? null,
      });
    },
  );

  async function renderDraft(
    request: FastifyRequest,
    reply: FastifyReply,
    c: Loaded,
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

  /**
   * A response letter answers a stage: when that stage has no response date
   * yet, the check page offers to record today's, so the clock stops and the
   * complainant's time to ask for the next stage starts with the letter.
   */
  function answering(c: Loaded, templateKey: string) {
    const kind = defaultLetter(templateKey)?.answers;
    const stage = kind && c.record.stages.find((s) => s.kind === kind);
    if (!stage) return null;
    const def = definitionOfStage(stage.procedure ?? c.record.case.procedure, stage.kind);
    const field = answeredOnField(def);
    if (stage[field] || stage.respondedOn) return null;
    return { kind, field, stageName: def.label, today: londonDate(svc.clock.now()) };
  }

  function renderPreview(reply: FastifyReply, c: Loaded, preview: LetterPreview) {
    return reply.page('cases/forms/letter-preview.njk', {
      title: `Check the letter before ${preview.delivery === 'email' ? 'you send it' : 'you make it'}: ${c.reference}`,
      record: c.record,
      preview,
      answers: answering(c, preview.templateKey),
    });
  }

  /** The template the form names, if Heard has it (the draft is drawn again from it when the letter is refused). */
  async function knownTemplate(values: FormValues): Promise<string | null> {
    const key = typeof values.templateKey === 'string' ? values.templateKey : '';
    const templates = await svc.letters.templates();
    return templates.some((t) => t.key === key) ? key : null;
  }

  /** Checks a letter as the form sent it: its preview, or the draft again with what is wrong. */
  async function check(
    request: FastifyRequest,
    reply: FastifyReply,
    c: Loaded,
    then: (preview: LetterPreview, letter: LetterForm) => Promise<unknown>,
  ) {
    const form = parseForm(letterForm, request.body);
    const key = await knownTemplate(form.values);
    if (!key) return reply.page('errors/not-found.njk', {}, 404);
    let errors: FieldError[] = form.errors;
    if (form.ok)
      try {
        return await then(await svc.letters.preview(request.actor, c.id, form.data), form.data);
      } catch (err) {
        errors = fieldErrorsFrom(err, 'body');
      }
    return renderDraft(request, reply, c, key, form.values, errors, 400);
  }

  app.get<CaseRoute & { Querystring: { template?: string } }>(
    '/cases/:reference/letters/new',
    write,
    async (request, reply) => {
      const c = await load(request);
      if (!c) return reply.page('errors/not-found.njk', {}, 404);
      // The draft shows the complainant's contact details and the case: a read, like the case page.
      await recordRead(svc, request, { action: 'case.edit_opened', caseId: c.id, detail: { page: 'new letter' } });
      return renderDraft(request, reply, c, request.query.template ?? '', null);
    },
  );

  // The draft's "Check the letter" buttons: the letter exactly as it would go, or what is still to write.
  app.post<CaseRoute>('/cases/:reference/letters/preview', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    return check(request, reply, c, async (preview) => renderPreview(reply, c, preview));
  });

  // "Change the letter" on the check page: back to the draft, with the words as the officer left them.
  app.post<CaseRoute>('/cases/:reference/letters/edit', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const values = parseForm(letterForm, request.body).values;
    const key = await knownTemplate(values);
    if (!key) return reply.page('errors/not-found.njk', {}, 404);
    return renderDraft(request, reply, c, key, values);
  });

  // Sending (or making the Word document) happens only from the check page; anything else is shown that page first.
  app.post<CaseRoute>('/cases/:reference/letters', write, async (request, reply) => {
    const c = await load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    return check(request, reply, c, async (preview, letter) => {
      if (!letter.confirmed) return renderPreview(reply, c, preview);
      const made = await svc.letters.issue(request.actor, c.id, {
        templateKey: preview.templateKey,
        subject: preview.subject,
        body: preview.body,
        delivery: preview.delivery,
        to: preview.to,
      });
      const answers = letter.recordResponse ? answering(c, preview.templateKey) : null;
      let recorded = '';
      if (answers) {
        // The letter has gone: a response date the stage refuses is said on the letters page, not lost.
        try {
          await svc.casework.updateStage(request.actor, c.id, answers.kind, {
            [answers.field]: answers.today,
            ...(answers.field === 'respondedOn' ? {} : { respondedOn: answers.today }),
          });
          recorded = '&recorded=1';
        } catch (err) {
          recorded = `&unrecorded=${encodeURIComponent(answers.stageName)}`;
          request.log.info({ err }, 'the response date was not recorded with the letter');
        }
      }
      return reply.redirect(
        preview.delivery === 'email'
          ? `/cases/${encodeURIComponent(c.reference)}/letters?sent=1${recorded}`
          : `/cases/${encodeURIComponent(c.reference)}/letters?made=${made}${recorded}`,
      );
    });
  });

  app.get<{ Params: CaseParams & { id: string } }>(
    '/cases/:reference/letters/:id/word',
    read,
    async (request, reply) => {
      const c = await load(request);
      if (!c) return reply.page('errors/not-found.njk', {}, 404);
      const file = await svc.letters.word(request.actor, c.id, request.params.id);
      await recordRead(svc, request, {
        action: 'letter.downloaded',
        caseId: c.id,
        entityId: request.params.id,
        detail: { fileName: file.fileName },
      });
      return sendDownload(reply, { fileName: file.fileName, contentType: MIME.docx, body: file.content });
    },
  );
};
