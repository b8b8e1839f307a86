import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyPluginAsync } from 'fastify';
import { londonDate } from '../../../domain/calendar/iso-date.ts';
import type { AuditFilters, AuditSearchRow } from '../../../services/audit-search.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, type FieldError } from '../../form-errors.ts';
import { MIME, sendDownload } from '../../http/download.ts';
import { recordRead } from '../../http/record-read.ts';
import { auditQueryString, KIND_CHOICES, kindOf, readAuditQuery, type AuditQuery } from './audit.schema.ts';

const PAGE_SIZE = 50;

const CSV_HEADINGS = ['When (UTC)', 'Who', 'Kind', 'Action', 'What', 'Details', 'Case', 'Client address'];

function filtersOf(q: AuditQuery): AuditFilters {
  return {
    person: q.person || undefined,
    caseReference: q.case || undefined,
    userId: q.user,
    from: q.from.value ?? undefined,
    to: q.to.value ?? undefined,
    kind: kindOf(q.kind),
  };
}

function csvRow(r: AuditSearchRow): string[] {
  return [
    r.occurredAt.toISOString(),
    r.actorLabel,
    r.source === 'change' ? 'Change' : 'Read or sign-in',
    r.action,
    r.summary,
    r.details.join('; '),
    r.caseReference ?? '',
    r.clientAddress ?? '',
  ];
}

/**
 * The whole audit trail for administrators (a council's Data Protection
 * Officer's questions: who changed this, who saw this child's case, who
 * signed in from where): changes and reads together, newest first, filtered,
 * a page at a time, and the same as a CSV file. Downloading it is itself
 * recorded. Administrators only (the admin plugin guards every route here).
 */
/** A name so common that the answer would be a chance part of it: better none, and the reason. */
const TOO_COMMON: FieldError = {
  field: 'person',
  message: 'That name matches more than 5,000 people and cases: type more of the name, or search by case reference',
};

export const auditRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  app.get('/audit', async (request, reply) => {
    const q = readAuditQuery(request.query);
    const errors: FieldError[] = [
      ...(q.from.error ? [{ field: 'from', message: `From: ${q.from.error}` }] : []),
      ...(q.to.error ? [{ field: 'to', message: `To: ${q.to.error}` }] : []),
      ...((await svc.auditSearch.personTooCommon(q.person)) ? [TOO_COMMON] : []),
    ];
    const { rows, more } = await svc.auditSearch.search(filtersOf(q), { number: q.page, size: PAGE_SIZE });
    const users = await svc.users.list();
    const link = (page: number) => `/admin/audit?${auditQueryString(q, page > 1 ? { page: String(page) } : {})}`;
    return reply.page(
      'admin/audit.njk',
      {
        title: 'Audit trail',
        q,
        rows,
        kindItems: KIND_CHOICES.map((k) => ({ ...k, selected: k.value === q.kind })),
        userItems: [
          { value: '', text: 'Anyone' },
          ...users.map((u) => ({ value: u.id, text: u.displayName, selected: u.id === q.user })),
        ],
        pagination: {
          previous: q.page > 1 ? { href: link(q.page - 1) } : undefined,
          next: more ? { href: link(q.page + 1) } : undefined,
        },
        firstRow: (q.page - 1) * PAGE_SIZE + 1,
        exportHref: `/admin/audit/export.csv?${auditQueryString(q)}`,
        errors: errors.length ? errorView(errors) : undefined,
      },
      errors.length ? 400 : 200,
    );
  });

  app.get('/audit/export.csv', async (request, reply) => {
    const q = readAuditQuery(request.query);
    const filters = filtersOf(q);
    if (await svc.auditSearch.personTooCommon(q.person))
      return reply.code(400).type('text/plain; charset=utf-8').send(`${TOO_COMMON.message}.\n`);
    // Recorded before a byte goes: the trail says who took a copy of it, and with which filters.
    await recordRead(svc, request, {
      action: 'audit.exported',
      detail: { format: 'csv', filters: auditQueryString(q) },
    });
    async function* records() {
      yield CSV_HEADINGS;
      for await (const r of svc.auditSearch.all(filters)) yield csvRow(r);
    }
    // Streamed a batch at a time: a whole council's trail is never held in memory. escape_formulas puts a
    // quote before any cell starting with = + - @, a tab or a carriage return, as toCsv does (CSV injection).
    const csv = pipeline(
      Readable.from(records()),
      stringify({ bom: true, record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true }),
      (err) => {
        if (err) request.log.error({ err }, 'audit trail export stopped');
      },
    );
    return sendDownload(reply, {
      fileName: `audit-trail-${londonDate(svc.clock.now())}.csv`,
      contentType: MIME.csv,
      body: csv,
    });
  });
};
