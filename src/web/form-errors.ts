import { isIsoDate } from '../domain/calendar/iso-date.ts';
import { DomainError, ValidationError } from '../services/errors.ts';

export interface FieldError {
  field: string;
  message: string;
}

/** The shape GOV.UK error summary and field errorMessage macros take. */
export function errorView(errors: FieldError[]) {
  const byField: Record<string, { text: string }> = {};
  for (const e of errors) byField[e.field] ??= { text: e.message };
  // An error about the whole form (not one field) links nowhere: there is no field to go to.
  return {
    summary: errors.map((e) =>
      e.field === 'form' ? { text: e.message } : { text: e.message, href: `#${e.field.replace(/\./g, '-')}` },
    ),
    field: byField,
  };
}

/** Turns an expected failure from a service into field errors; anything else is rethrown. */
export function fieldErrorsFrom(err: unknown, fallbackField: string): FieldError[] {
  if (err instanceof ValidationError) return err.fieldErrors;
  if (err instanceof DomainError && err.code !== 'NOT_FOUND' && err.code !== 'FORBIDDEN')
    return [{ field: err.field ?? fallbackField, message: err.message }];
  throw err;
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** Reads a GOV.UK date input's day, month and year (trimmed) into an ISO date: null when all are blank. */
export function readDateParts(parts: DateParts): { value: string | null; error: string | null } {
  if (!parts.day && !parts.month && !parts.year) return { value: null, error: null };
  if (!parts.day || !parts.month || !parts.year)
    return { value: null, error: 'The date must include a day, month and year' };
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year))
    return { value: null, error: 'The date must be a real date, like 27 3 2024' };
  const iso = `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`;
  if (!isIsoDate(iso)) return { value: null, error: 'The date must be a real date' };
  return { value: iso, error: null };
}

/** Reads a GOV.UK date input (prefix-day, prefix-month, prefix-year) into an ISO date. */
export function dateFromParts(
  body: Record<string, unknown>,
  prefix: string,
): { value: string | null; error: string | null; parts: DateParts } {
  const parts = {
    day: String(body[`${prefix}-day`] ?? '').trim(),
    month: String(body[`${prefix}-month`] ?? '').trim(),
    year: String(body[`${prefix}-year`] ?? '').trim(),
  };
  return { ...readDateParts(parts), parts };
}

export function isoToParts(iso: string | null | undefined): DateParts {
  if (!iso) return { day: '', month: '', year: '' };
  return { day: String(Number(iso.slice(8, 10))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) };
}
