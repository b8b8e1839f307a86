import type { FastifyReply, FastifyRequest } from 'fastify';
import { ROLE_LABELS } from '../../../domain/access/roles.ts';
import { parsePounds } from '../../../domain/import/values.ts';
import type { Services } from '../../../services/index.ts';
import { dateFromParts, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { requirePermission } from '../../middleware/auth.ts';

/** Every casework page's address starts with the case's reference. */
export interface CaseParams {
  reference: string;
}

export type DateReadings = Record<string, ReturnType<typeof dateFromParts>>;

export interface Option {
  value: string;
  text: string;
}

/**
 * What the casework pages share: the permission they need, loading the case
 * from its reference, the choices of team and staff, and running a change
 * that comes back to the form with the errors when it is refused.
 */
export function caseworkSupport(svc: Services) {
  const write = { preHandler: requirePermission('cases.write.all', 'cases.write.allocated') };

  async function load(request: FastifyRequest) {
    const { reference } = request.params as CaseParams;
    const id = await svc.cases.idForReference(reference);
    if (!id) return null;
    const record = await svc.cases.record(request.actor, id);
    // The case's own reference from here on, however the address spelt it.
    return { id, reference: record.case.reference, record };
  }

  async function options() {
    const [teams, staff] = await Promise.all([svc.organisation.teams(), svc.users.list()]);
    return {
      teams: teams.map((t) => ({ value: t.id, text: t.name })),
      staff: staff
        .filter((u) => u.active && u.role !== 'report_viewer')
        .map((u) => ({ value: u.id, text: `${u.displayName} (${ROLE_LABELS[u.role].toLowerCase()})` })),
    };
  }

  /** Runs a change; on a refusal, renders the page again with the errors and what was typed. */
  async function attempt(
    reply: FastifyReply,
    redirect: string,
    errors: FieldError[],
    run: () => Promise<unknown>,
    again: (errors: FieldError[]) => Promise<unknown>,
  ) {
    if (errors.length === 0) {
      try {
        await run();
        return reply.redirect(redirect);
      } catch (err) {
        errors = fieldErrorsFrom(err, 'form');
      }
    }
    return again(errors);
  }

  return { svc, write, load, options, attempt };
}

export type CaseworkSupport = ReturnType<typeof caseworkSupport>;
export type LoadedCase = NonNullable<Awaited<ReturnType<CaseworkSupport['load']>>>;

/** A GOV.UK select's items, with a blank first choice and the current value selected. */
export const selectItems = (items: Option[], selected: unknown, blank: string) => [
  { value: '', text: blank },
  ...items.map((i) => ({ ...i, selected: i.value === selected })),
];

/** Reads the GOV.UK date inputs with these names. */
export const readDates = (body: Record<string, unknown>, names: string[]): DateReadings => {
  const out: DateReadings = {};
  for (const n of names) out[n] = dateFromParts(body, n);
  return out;
};

export const dateErrors = (d: DateReadings): FieldError[] =>
  Object.entries(d).flatMap(([field, v]) => (v.error ? [{ field, message: v.error }] : []));

/** The day, month and year as typed, to show the form again. */
export const dateParts = (d: DateReadings) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.parts]));

/** An amount typed in pounds, in pence; an error against the field when it is not one. */
export const penceFrom = (raw: string | undefined, field: string, errors: FieldError[]) => {
  const p = parsePounds(raw ?? '');
  if (!p.ok) errors.push({ field, message: p.message });
  return p.ok ? p.value : null;
};

/** Pence as pounds for a form field ('' when none). */
export const poundsText = (p: number | null | undefined) => (p === null || p === undefined ? '' : (p / 100).toFixed(2));
