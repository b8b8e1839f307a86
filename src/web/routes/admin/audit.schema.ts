import { z } from 'zod';
import { ACCESS_ACTIONS, isAccessAction } from '../../../domain/audit/access.ts';
import { isIsoDate } from '../../../domain/calendar/iso-date.ts';
import type { AuditKind } from '../../../services/audit-search.ts';
import { readDateParts, type DateParts } from '../../form-errors.ts';
import { formValues } from '../../forms.ts';

/** The kinds the search offers: groups first, then each kind of read by name. */
export const KIND_CHOICES: { value: string; text: string }[] = [
  { value: 'all', text: 'Everything' },
  { value: 'changes', text: 'Changes to cases and settings' },
  { value: 'reads', text: 'Reads: who opened, downloaded or exported what' },
  { value: 'sign-ins', text: 'Sign-ins and sign-outs' },
  ...Object.entries(ACCESS_ACTIONS).map(([value, text]) => ({ value, text })),
];

/**
 * A date filter, as the case list's: an ISO date in a link, or the GOV.UK date
 * input's three boxes from the form. A date that is not real filters nothing
 * and says why.
 */
const dateFilter = z
  .unknown()
  .optional()
  .transform((raw): { value: string | null; error: string | null; parts: Partial<DateParts> } => {
    if (typeof raw === 'string') {
      if (!isIsoDate(raw)) return { value: null, error: null, parts: {} };
      const [year, month, day] = raw.split('-');
      return { value: raw, error: null, parts: { day: String(Number(day)), month: String(Number(month)), year } };
    }
    if (raw && typeof raw === 'object') {
      const parts = raw as DateParts;
      return { ...readDateParts(parts), parts };
    }
    return { value: null, error: null, parts: {} };
  });

const words = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim().slice(0, max))
    .catch('');

export const auditQuery = z.object({
  person: words(100),
  case: words(40),
  user: z.uuid().optional().catch(undefined),
  kind: z
    .string()
    .optional()
    .transform((v) => (v && KIND_CHOICES.some((k) => k.value === v) ? v : 'all'))
    .catch('all'),
  from: dateFilter,
  to: dateFilter,
  page: z
    .string()
    .optional()
    .transform((v) => Math.min(10_000, Math.max(1, Number.parseInt(v ?? '1', 10) || 1)))
    .catch(1),
});
export type AuditQuery = z.output<typeof auditQuery>;

export function readAuditQuery(query: unknown): AuditQuery {
  return auditQuery.parse(formValues(query));
}

export function kindOf(value: string): AuditKind {
  if (value === 'changes' || value === 'reads' || value === 'sign-ins') return value;
  return isAccessAction(value) ? { action: value } : 'all';
}

/** The filters as a query string with only what is chosen, dates as ISO: for the pages' links and the download. */
export function auditQueryString(q: AuditQuery, extra: Record<string, string> = {}): string {
  const entries: [string, string | null | undefined][] = [
    ['person', q.person || null],
    ['case', q.case || null],
    ['user', q.user],
    ['kind', q.kind === 'all' ? null : q.kind],
    ['from', q.from.value],
    ['to', q.to.value],
    ...Object.entries(extra),
  ];
  return new URLSearchParams(entries.filter((e): e is [string, string] => !!e[1])).toString();
}
