import { z } from 'zod';
import { parsePounds } from '../domain/import/values.ts';
import { fieldErrorsFrom, readDateParts, type DateParts, type FieldError } from './form-errors.ts';

/**
 * Every form Heard reads goes through a zod schema (ADR 0001): the schema
 * gives the handler typed data, and its issues become the GOV.UK error
 * summary (each issue's path names the field, its message is the summary's
 * text). Each page's schema lives beside the page, in a `.schema.ts` file.
 */

/**
 * A form as the browser sent it, to show again when it is refused: every
 * field as typed, and each GOV.UK date input's day, month and year gathered
 * under its name (`startedOn-day` → `startedOn.day`), trimmed.
 */
export type FormValues = Record<string, unknown>;

export type ParsedForm<T> =
  | { ok: true; data: T; values: FormValues; errors: [] }
  | { ok: false; data: undefined; values: FormValues; errors: FieldError[] };

const DATE_PART = /^(.+)-(day|month|year)$/;

/** The fields of a urlencoded body (anything else reads as an empty form), with date inputs gathered. */
export function formValues(body: unknown): FormValues {
  if (!body || typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) return {};
  const values: FormValues = Object.fromEntries(Object.entries(body));
  for (const name of Object.keys(values)) {
    const m = DATE_PART.exec(name);
    if (!m) continue;
    const prefix = m[1]!;
    values[prefix] = {
      day: String(values[`${prefix}-day`] ?? '').trim(),
      month: String(values[`${prefix}-month`] ?? '').trim(),
      year: String(values[`${prefix}-year`] ?? '').trim(),
    } satisfies DateParts;
  }
  return values;
}

/** Field errors from a schema's issues, in the order the schema lists its fields. */
export function fieldErrorsFromIssues(issues: readonly z.core.$ZodIssue[], fallbackField = 'form'): FieldError[] {
  return issues.map((i) => ({ field: i.path.map(String).join('.') || fallbackField, message: i.message }));
}

/** Reads a form with its schema: typed data, or the field errors to show. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): ParsedForm<z.output<S>> {
  const values = formValues(body);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values, errors: [] };
  return { ok: false, data: undefined, values, errors: fieldErrorsFromIssues(result.error.issues) };
}

/**
 * Runs a change with a form's data: no errors when it was made; otherwise the
 * schema's field errors, or the service's refusal (against fallbackField when
 * it names no field). Anything unexpected is thrown on.
 */
export async function submitForm<T>(
  form: ParsedForm<T>,
  run: (data: T) => Promise<unknown>,
  fallbackField: string,
): Promise<FieldError[]> {
  if (!form.ok) return form.errors;
  try {
    await run(form.data);
    return [];
  } catch (err) {
    return fieldErrorsFrom(err, fallbackField);
  }
}

// The kinds of field Heard's forms have.

/** Text, '' when the field was not sent. */
export const text = () => z.string().default('');

/** Text, or null when blank or not sent. */
export const textOrNull = () =>
  z
    .string()
    .optional()
    .transform((v) => v || null);

/** Text when the field was sent (null when blank); undefined when the form did not have it. */
export const textOrNullIfSent = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? undefined : v || null));

/** One of a fixed list, or the message when it is not. */
export const choice = <const T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.enum(values, { error: message });

/** One of a fixed list, or null for anything else (a blank "none yet" choice). */
export const choiceOrNull = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).nullable().catch(null);

/** A yes/no radio: true, false, or null when neither. */
export const yesNoOrNull = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === 'yes' ? true : v === 'no' ? false : null));

const dateParts = z.object({ day: z.string(), month: z.string(), year: z.string() });

function checkedDate(parts: DateParts | undefined, ctx: z.RefinementCtx): string | null {
  if (!parts) return null;
  const read = readDateParts(parts);
  if (read.error) {
    ctx.addIssue({ code: 'custom', message: read.error });
    return z.NEVER;
  }
  return read.value;
}

/** A GOV.UK date input: an ISO date, or null when left blank (or not sent). */
export const dateInput = () => dateParts.optional().transform(checkedDate);

/** A GOV.UK date input that must be filled in: the message when it is left blank. */
export const requiredDateInput = (message: string) =>
  dateParts.optional().transform((p, ctx) => {
    const value = checkedDate(p, ctx);
    if (value === null) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return value;
  });

/** A GOV.UK date input the form may not have: undefined when it was not sent. */
export const dateInputIfSent = () =>
  dateParts.optional().transform((p, ctx) => (p === undefined ? undefined : checkedDate(p, ctx)));

/** An amount in pounds, in pence (null when blank). */
export const pounds = () =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const p = parsePounds(raw ?? '');
      if (p.ok) return p.value;
      ctx.addIssue({ code: 'custom', message: p.message });
      return z.NEVER;
    });

/** An amount in pounds the form may not have: undefined when it was not sent. */
export const poundsIfSent = () =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const p = parsePounds(raw);
      if (p.ok) return p.value;
      ctx.addIssue({ code: 'custom', message: p.message });
      return z.NEVER;
    });

/** Checkboxes sharing a name: every value ticked (a single tick arrives as a string), none when not sent. */
export const manyOf = () =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v.filter(Boolean) : v ? [v] : []));
