import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../../domain/calendar/iso-date.ts';
import type { CaseClock } from '../../../domain/timescales/case-clocks.ts';
import { STATUS_LABELS } from '../../../domain/timescales/explain.ts';
import { toCsv, type CsvCell } from '../../../reports/csv.ts';
import { CaseSearchTooSlowError, type CaseListRow } from '../../../services/cases/listing.ts';
import type { Services } from '../../../services/index.ts';
import { label } from '../../format.ts';
import { MIME, sendDownload } from '../../http/download.ts';
import { CASE_LIST_PATH, filtersOf, readsCases } from './case-list-page.ts';
import { readCaseListQuery } from './home.schema.ts';
import { recordRead } from '../../http/record-read.ts';

/** The clocks of this many cases are worked out at a time: a whole council's list at once is one huge query. */
const CLOCK_CHUNK = 500;

/** A download's columns: what the list shows, with the due date and its clock split out for sorting. */
const HEADINGS = [
  'Reference',
  'Type',
  'Status',
  'Procedure',
  'Subject',
  'Team',
  'Investigating manager',
  'Received',
  'Stage reached',
  'Next clock',
  'Next due',
  'Clock status',
] as const;

interface ExportRow {
  cells: (string | null)[];
  /** ISO dates, kept apart so the workbook can hold them as dates. */
  receivedOn: string;
  dueOn: string | null;
}

function exportRow(r: CaseListRow, next: CaseClock | null): ExportRow {
  return {
    cells: [
      r.reference,
      label(r.type, 'feedbackType'),
      label(r.status, 'status'),
      r.procedure ? label(r.procedure, 'procedure') : null,
      r.subject,
      r.teamName,
      r.managerName,
      r.receivedOn,
      r.stage ? label(r.stage, 'stage') : null,
      next ? label(next.clock, 'clock') : null,
      next?.result.dueOn ?? null,
      next ? STATUS_LABELS[next.result.status].response : null,
    ],
    receivedOn: r.receivedOn,
    dueOn: next?.result.dueOn ?? null,
  };
}

/**
 * The rows of a download: the list as the page would show it with the same
 * filters and order, every page of it, and only cases this person may open
 * (the listing service narrows to them, as it does for the page). The
 * columns are the list's own: nothing about the child or the complainant
 * beyond what the list already shows to whoever may see it.
 */
async function exportRows(
  svc: Services,
  request: FastifyRequest,
  format: 'csv' | 'xlsx',
): Promise<{ rows: ExportRow[]; truncated: boolean }> {
  const q = readCaseListQuery(request.query);
  const { rows, truncated } = await svc.cases.listAll(request.actor, filtersOf(q));
  // Every case in the file is named, so "who has seen this case" finds the download too (ADR 0017).
  await recordRead(svc, request, {
    action: 'cases.exported',
    caseIds: rows.map((r) => r.id),
    detail: { format, rows: rows.length, filters: request.url.split('?')[1] ?? '' },
  });
  const clocks = new Map<string, CaseClock | null>();
  for (let i = 0; i < rows.length; i += CLOCK_CHUNK) {
    const chunk = await svc.timescales.nextClocks(rows.slice(i, i + CLOCK_CHUNK).map((r) => r.id));
    for (const [id, clock] of chunk) clocks.set(id, clock);
  }
  return { rows: rows.map((r) => exportRow(r, clocks.get(r.id) ?? null)), truncated };
}

/** cases-2026-11-30: named by the day it was made, never by anything typed into the filters. */
const fileName = (svc: Services, ext: string) => `cases-${londonDate(svc.clock.now())}.${ext}`;

export function caseListCsv(rows: readonly ExportRow[]): string {
  // toCsv neutralises any cell starting with = + - @, a tab or a carriage return (CSV injection).
  return toCsv([[...HEADINGS], ...rows.map((r) => r.cells as CsvCell[])]);
}

/** A date cell Excel shows as "1 April 2025" and sorts as a date (exceljs reads and writes UTC midnights). */
const excelDate = (iso: string | null) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

export async function caseListWorkbook(rows: readonly ExportRow[], truncated: boolean): Promise<Buffer> {
  // Loaded on the first download, not with the server: exceljs takes a while to load (ADR 0013).
  const { default: excel } = await import('exceljs');
  const book = new excel.Workbook();
  book.creator = 'Heard';
  const sheet = book.addWorksheet('Cases', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = HEADINGS.map((h) => ({
    header: h,
    width: h === 'Subject' ? 50 : h === 'Reference' ? 18 : 22,
    ...(h === 'Received' || h === 'Next due' ? { style: { numFmt: 'd mmmm yyyy' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  const received = HEADINGS.indexOf('Received');
  const due = HEADINGS.indexOf('Next due');
  for (const r of rows) {
    // Text goes in as text cells, never as formulas: a cell typed "=1+1" is shown, not run.
    const values: (string | Date | null)[] = [...r.cells];
    values[received] = excelDate(r.receivedOn);
    values[due] = excelDate(r.dueOn);
    sheet.addRow(values);
  }
  if (truncated) sheet.addRow([`Only the first ${rows.length.toLocaleString('en-GB')} cases: narrow the filters.`]);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: HEADINGS.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * A download whose search ran out of time: the message, and a way back to the list as it was filtered
 * (the page itself says the same in its error summary).
 */
async function rowsOrTooSlow(svc: Services, request: FastifyRequest, reply: FastifyReply, format: 'csv' | 'xlsx') {
  try {
    return await exportRows(svc, request, format);
  } catch (err) {
    if (!(err instanceof CaseSearchTooSlowError)) throw err;
    const query = request.url.split('?')[1] ?? '';
    await reply.page(
      'errors/bad-request.njk',
      {
        message: err.message,
        back: { href: `${CASE_LIST_PATH}${query ? `?${query}` : ''}`, text: 'Back to the case list' },
      },
      400,
    );
    return null;
  }
}

/** Downloads of the case list as it is filtered and sorted now: CSV and Excel. */
export function caseListExportRoutes(app: FastifyInstance, svc: Services): void {
  const guard = { preHandler: readsCases() };
  app.get(`${CASE_LIST_PATH}/export.csv`, guard, async (request: FastifyRequest, reply: FastifyReply) => {
    const exported = await rowsOrTooSlow(svc, request, reply, 'csv');
    if (!exported) return reply;
    const { rows, truncated } = exported;
    const extra = truncated ? [[`Only the first ${rows.length} cases: narrow the filters.`]] : [];
    return sendDownload(reply, {
      fileName: fileName(svc, 'csv'),
      contentType: MIME.csv,
      body: caseListCsv(rows) + (extra.length ? toCsv(extra).replace(/^\uFEFF/, '') : ''),
    });
  });
  app.get(`${CASE_LIST_PATH}/export.xlsx`, guard, async (request: FastifyRequest, reply: FastifyReply) => {
    const exported = await rowsOrTooSlow(svc, request, reply, 'xlsx');
    if (!exported) return reply;
    const { rows, truncated } = exported;
    return sendDownload(reply, {
      fileName: fileName(svc, 'xlsx'),
      contentType: MIME.xlsx,
      body: await caseListWorkbook(rows, truncated),
    });
  });
}
