import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_LABELS } from '../../../domain/timescales/explain.ts';
import type { Services } from '../../../services/index.ts';
import { DomainError } from '../../../services/errors.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { parseForm, submitForm } from '../../forms.ts';
import { clockEventForm } from './clock-events.schema.ts';
import { sendDownload } from '../../http/download.ts';
import { multipartParts } from '../../http/multipart.ts';
import type { IncomingFile } from '../../../services/attachments.ts';
import { requirePermission } from '../../middleware/auth.ts';
import { caseView } from './case-view.ts';
import { dateTime } from '../../format.ts';
import type { CaseParams } from './casework-support.ts';
import { doneHref, doneMessage } from './done-messages.ts';
import { recordRead } from '../../http/record-read.ts';
import { can } from '../../../domain/access/roles.ts';
import { holdForm, liftHoldForm } from './holds.schema.ts';

/** The case page: its reference, and what it may say after a change (recorded, or saved). */
interface CasePageRoute {
  Params: CaseParams;
  Querystring: { done?: string; recorded?: string };
}

export const caseRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const readGuard = { preHandler: requirePermission('cases.read.all', 'cases.read.allocated') };

  async function casePage(
    request: FastifyRequest<CasePageRoute>,
    reply: FastifyReply,
    id: string,
    extra: Record<string, unknown> = {},
    status = 200,
    { opened = false }: { opened?: boolean } = {},
  ) {
    const record = await svc.cases.record(request.actor, id);
    // Once the reader is known to be allowed it (record() checks): a refused look is not a read.
    if (opened) await recordRead(svc, request, { action: 'case.viewed', caseId: id });
    const timescales = await svc.timescales.clocksForCase(id);
    const mayChange = await svc.cases.canWrite(request.actor, id);
    // Only clocks that are running can be extended or paused.
    const runningClocks = timescales.clocks.filter((k) => k.result.startedOn && !k.result.completedOn);
    const q = request.query;
    const flash = q.recorded ? `Recorded as ${record.case.reference}. It is in the triage queue.` : doneMessage(q.done);
    const messages = await svc.notifications.list({ caseId: id, limit: 50 });
    // Legal holds are shown to everyone who sees the case; set and lifted by administrators and complaints officers.
    const holds = (await svc.retention.holdsFor({ caseId: id })).map((h) => ({ ...h, setAt: dateTime(h.setAt) }));
    return reply.page(
      'cases/case.njk',
      {
        messages,
        view: caseView(record, { role: request.user!.role, mayChange }),
        title: `${record.case.reference}: ${record.case.subject}`,
        record,
        timescales,
        runningClocks,
        holds,
        mayHold: can(request.user!.role, 'cases.write.all') && !record.case.anonymisedAt,
        statusLabels: STATUS_LABELS,
        values: {},
        flash,
        ...extra,
      },
      status,
    );
  }

  async function caseId(reference: string): Promise<string | null> {
    return svc.cases.idForReference(reference);
  }

  app.get<CasePageRoute>('/cases/:reference', readGuard, async (request, reply) => {
    const id = await caseId(request.params.reference);
    if (!id) return reply.page('errors/not-found.njk', {}, 404);
    return casePage(request, reply, id, {}, 200, { opened: true });
  });

  /** The case on paper: what the case page shows, without a form, a link to follow or the navigation. */
  app.get<CasePageRoute>('/cases/:reference/print', readGuard, async (request, reply) => {
    const id = await caseId(request.params.reference);
    if (!id) return reply.page('errors/not-found.njk', {}, 404);
    const record = await svc.cases.record(request.actor, id);
    await recordRead(svc, request, { action: 'case.printed', caseId: id });
    const [timescales, letters] = await Promise.all([svc.timescales.clocksForCase(id), svc.letters.forCase(id)]);
    // Nothing to change on paper: the view is built as for someone who may change nothing.
    const view = caseView(record, { role: request.user!.role, mayChange: false });
    return reply.page('cases/print.njk', {
      title: `${record.case.reference}: printable record`,
      record,
      view,
      timescales,
      statusLabels: STATUS_LABELS,
      printedAt: svc.clock.now(),
      letterRows: letters.map((l) => [
        { text: dateTime(l.createdAt), classes: 'app-nowrap' },
        { text: l.subject },
        { text: l.delivery === 'email' ? 'Email' : 'Word document' },
        { text: l.toAddress ?? '' },
      ]),
      documentRows: record.attachments.map((f) => [
        { text: f.fileName },
        { text: f.contentType },
        { text: dateTime(f.uploadedAt) },
      ]),
    });
  });

  app.get<{ Params: CaseParams & { attachmentId: string } }>(
    '/cases/:reference/attachments/:attachmentId',
    readGuard,
    async (request, reply) => {
      const { reference, attachmentId } = request.params;
      const id = await caseId(reference);
      if (!id) return reply.page('errors/not-found.njk', {}, 404);
      const file = await svc.attachments.download(request.actor, id, attachmentId, { address: request.ip });
      // Always a download, never shown inline: a file someone sent us must not run in our pages. Streamed from the store.
      return sendDownload(reply, {
        fileName: file.fileName,
        contentType: file.contentType,
        body: file.content,
        sizeBytes: file.sizeBytes,
      });
    },
  );

  app.post<CasePageRoute>(
    '/cases/:reference/attachments',
    { preHandler: requirePermission('cases.write.all', 'cases.write.allocated') },
    async (request, reply) => {
      const { reference } = request.params;
      const id = await caseId(reference);
      // Before a byte of the upload is read: someone who may not change this case is told it is not there.
      if (!id || !(await svc.cases.canWrite(request.actor, id))) return reply.page('errors/not-found.njk', {}, 404);
      let errors: FieldError[] = [];
      try {
        await svc.attachments.add(request.actor, id, filesIn(request));
        return reply.redirect(doneHref(`/cases/${reference}`, 'attachments', 'attachments'));
      } catch (err) {
        const e = err as { code?: string };
        errors =
          e.code === 'FST_REQ_FILE_TOO_LARGE'
            ? [{ field: 'file', message: 'Each file must be smaller than 10 MB' }]
            : e.code === 'FST_FILES_LIMIT'
              ? [{ field: 'file', message: 'Attach up to 5 files at a time' }]
              : fieldErrorsFrom(err, 'file');
      }
      return casePage(request, reply, id, { errors: errorView(errors) }, 400);
    },
  );

  app.post<CasePageRoute>(
    '/cases/:reference/clock-events',
    { preHandler: requirePermission('cases.write.all', 'cases.write.allocated') },
    async (request, reply) => {
      const { reference } = request.params;
      const id = await caseId(reference);
      if (!id) return reply.page('errors/not-found.njk', {}, 404);
      const form = parseForm(clockEventForm, request.body);
      const errors = await submitForm(
        form,
        (event) => svc.timescales.recordClockEvent(request.actor, id, event),
        'kind',
      );
      if (errors.length === 0) return reply.redirect(doneHref(`/cases/${reference}`, 'clock-event', 'clocks'));
      return casePage(request, reply, id, { values: form.values, errors: errorView(errors) }, 400);
    },
  );

  // Legal holds: administrators and complaints officers (cases.write.all), never an allocated-only manager.
  const holdGuard = { preHandler: requirePermission('cases.write.all') };
  app.post<CasePageRoute>('/cases/:reference/hold', holdGuard, async (request, reply) => {
    const { reference } = request.params;
    const id = await caseId(reference);
    if (!id) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(holdForm, request.body);
    const errors = await submitForm(form, (v) => svc.retention.setHold(request.actor, { caseId: id }, v), 'holdReason');
    if (errors.length === 0) return reply.redirect(doneHref(`/cases/${reference}`, 'hold', 'legal-hold'));
    const shown = errors.map((e) => (e.field === 'reason' ? { ...e, field: 'holdReason' } : e));
    return casePage(
      request,
      reply,
      id,
      { values: { holdReason: form.values.holdReason }, errors: errorView(shown) },
      400,
    );
  });
  app.post<CasePageRoute>('/cases/:reference/hold/lift', holdGuard, async (request, reply) => {
    const { reference } = request.params;
    const id = await caseId(reference);
    if (!id) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(liftHoldForm, request.body);
    const holds = await svc.retention.holdsFor({ caseId: id });
    const errors = await submitForm(
      form,
      async (v) => {
        // Only a hold on this case can be lifted from its page.
        if (!holds.some((h) => h.id === v.holdId && h.caseId === id))
          throw new DomainError('RETENTION.NO_HOLD', 'This case has no such legal hold: reload the page', 'liftReason');
        await svc.retention.liftHold(request.actor, v.holdId, { reason: v.liftReason });
      },
      'liftReason',
    );
    if (errors.length === 0) return reply.redirect(doneHref(`/cases/${reference}`, 'hold-lifted', 'legal-hold'));
    const shown = errors.map((e) => (e.field === 'reason' ? { ...e, field: 'liftReason' } : e));
    return casePage(
      request,
      reply,
      id,
      { values: { liftReason: form.values.liftReason }, errors: errorView(shown) },
      400,
    );
  });
};

/** The files of a multipart form as they arrive, each streamed (an empty file input sends a part with no name: skipped). */
async function* filesIn(request: FastifyRequest): AsyncGenerator<IncomingFile> {
  for await (const part of multipartParts(request)) {
    if (part.type !== 'file') continue;
    if (!part.filename) part.file.resume();
    else yield { fileName: part.filename, stream: part.file, truncated: () => part.file.truncated };
  }
}
