import { z } from 'zod';
import { isIsoDate } from '../../../domain/calendar/iso-date.ts';
import { STAGE_KINDS } from '../../../domain/cases/vocabulary.ts';
import { isProcedureKey } from '../../../domain/procedures/registry.ts';
import { CASE_LIST_SORTS } from '../../../services/cases/listing.ts';
import { readDateParts } from '../../form-errors.ts';
import { formValues } from '../../forms.ts';

/** A filter that is not one of its choices (or not given) filters nothing. */
const orNull = <T extends z.ZodType>(schema: T) => schema.nullable().catch(null);
const textOrNull = () => orNull(z.string().transform((v) => v || null));

/**
 * A date filter: an ISO date in a link (`from=2024-04-01`), or the GOV.UK
 * date input's three boxes from the form (`from-day`, `from-month`,
 * `from-year`, gathered by formValues). A date that is not a real one filters
 * nothing and says why beside the boxes; the boxes keep what was typed.
 */
const dateFilter = z
  .unknown()
  .optional()
  .transform((raw): { value: string | null; error: string | null; parts: Record<string, string> | null } => {
    if (typeof raw === 'string')
      return isIsoDate(raw) ? { value: raw, error: null, parts: null } : { value: null, error: null, parts: null };
    if (raw && typeof raw === 'object') {
      const parts = raw as { day: string; month: string; year: string };
      const read = readDateParts(parts);
      return { value: read.value, error: read.error, parts };
    }
    return { value: null, error: null, parts: null };
  });

/**
 * The case list's filters and order, from its query: open cases by default,
 * page 1, and any filter that is not a usable choice left out. The same
 * schema reads the list, its downloads and a saved filter, so they agree.
 */
export const caseListQuery = z.object({
  status: z.enum(['open', 'closed', 'all']).catch('open'),
  page: z
    .string()
    .optional()
    .transform((v) => Math.min(100_000, Math.max(1, Number.parseInt(v ?? '1', 10) || 1)))
    .catch(1),
  procedure: orNull(z.string().refine(isProcedureKey)),
  stage: orNull(z.enum(['none', ...STAGE_KINDS])),
  teamId: orNull(z.uuid()),
  themeId: orNull(z.uuid()),
  from: dateFilter,
  to: dateFilter,
  /** Words to find: at most 100 characters of them. */
  q: textOrNull().transform((v) => v?.slice(0, 100) || null),
  /** The column to order by: only one of the list's own (never a column name from the query). */
  sort: orNull(z.enum(CASE_LIST_SORTS)),
  dir: z.enum(['asc', 'desc']).catch('asc'),
});
export type CaseListQuery = z.output<typeof caseListQuery>;

/** Reads the list's query (or a saved filter's), with the date inputs' boxes gathered. */
export function readCaseListQuery(query: unknown): CaseListQuery {
  return caseListQuery.parse(formValues(query));
}

/** Reads a stored or posted query string (a saved filter's) as the list would. */
export function readCaseListQueryString(queryString: string): CaseListQuery {
  const params = new URLSearchParams(queryString);
  const raw: Record<string, string> = {};
  // A query string may repeat a name; the list reads each filter once, so the first counts.
  for (const [k, v] of params) if (!(k in raw)) raw[k] = v;
  return readCaseListQuery(raw);
}

/**
 * The filters and order as a query string, in one fixed order with only what
 * is chosen: the list's links, its downloads and saved filters all use it, so
 * a link never carries anything the schema did not accept.
 */
export function canonicalQuery(q: CaseListQuery, extra: Record<string, string> = {}): string {
  const entries: [string, string | null][] = [
    ['status', q.status === 'open' ? null : q.status],
    ['procedure', q.procedure],
    ['stage', q.stage],
    ['teamId', q.teamId],
    ['themeId', q.themeId],
    ['from', q.from.value],
    ['to', q.to.value],
    ['q', q.q],
    ['sort', q.sort],
    ['dir', q.sort && q.dir === 'desc' ? 'desc' : null],
    ...Object.entries(extra),
  ];
  return new URLSearchParams(entries.filter((e): e is [string, string] => !!e[1])).toString();
}

export const saveFilterForm = z.object({
  name: z.string().default(''),
  query: z.string().default(''),
});

export const deleteFilterForm = z.object({ id: z.string().default('') });

/** The cases ticked in the list: one `case` field per case, or one when only one was ticked. */
const references = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : [v].flat()).map((r) => r.trim()).filter(Boolean));

export const bulkSelection = z.object({ case: references });

/**
 * The confirmation page's cases, each as "version:reference" (the version it
 * showed), so a case changed since is refused rather than overwritten.
 */
const confirmedCases = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    (v === undefined ? [] : [v].flat()).flatMap((value) => {
      const m = /^(\d{1,9}):(.+)$/.exec(value.trim());
      return m ? [{ version: Number(m[1]), reference: m[2]! }] : [];
    }),
  );

export const bulkAllocateForm = z.object({
  case: references,
  confirmedCase: confirmedCases,
  investigatingManagerId: z.string().optional().default(''),
  teamId: z.string().optional().default(''),
  /** Present once the person has seen the confirmation page and confirmed. */
  confirmed: z.string().optional(),
});
