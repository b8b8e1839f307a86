import { z } from 'zod';
import { FIELD_LIMITS, PUBLIC_FORM_LIMITS, tooLong } from '../../../domain/cases/field-limits.ts';
import { readDateParts, type DateParts, type FieldError } from '../../form-errors.ts';
import { parseForm } from '../../forms.ts';

/**
 * The public form's questions as zod schemas: each step's fields and their
 * rules (sizes from the one definition the store uses too, and the messages
 * the form has always given). A step's answers are strings, kept in the
 * session until the form is sent.
 */
export type Answers = Record<string, string>;

/** One step's form: the answers it sets (in the order its errors are listed), and the schema that reads them. */
export interface StepForm {
  fields: readonly string[];
  schema: z.ZodType<Answers>;
}

/** What a step's rules may need besides the form: today (no dates in the future), and the teams there are when known. */
export interface StepContext {
  today: string;
  /** When given, a team must be one of these; without it, only that it looks like a team's id. */
  teamIds?: ReadonlySet<string>;
}

/** Reads a posted step with its schema: the answers to keep, or the field errors to show. */
export function readStepForm(form: StepForm, body: unknown): { patch: Answers; errors: FieldError[] } {
  const parsed = parseForm(form.schema, body);
  return parsed.ok ? { patch: parsed.data, errors: [] } : { patch: {}, errors: parsed.errors };
}

/** A step whose answers are these fields, each read on its own. */
export function stepForm(shape: Record<string, z.ZodType<string>>): StepForm {
  return { fields: Object.keys(shape), schema: z.object(shape) };
}

const L = FIELD_LIMITS;
const P = PUBLIC_FORM_LIMITS;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PHONE = /^[+()0-9\s-]{7,20}$/;
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const TEAM_NOT_KNOWN = 'Choose a team from the list, or “I do not know”';
export const NOT_IN_FUTURE = 'The date must be today or in the past';

type Rule = readonly [ok: (v: string) => boolean, message: string];

/** Text, trimmed ('' when not sent); the first rule it breaks is its one error. */
function text(...rules: Rule[]) {
  return textWith((v) => v, ...rules);
}

function textWith(tidy: (v: string) => string, ...rules: Rule[]) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const v = tidy((raw ?? '').trim());
      const broken = rules.find(([ok]) => !ok(v));
      if (broken) ctx.addIssue({ code: 'custom', message: broken[1] });
      return v;
    });
}

const given = (message: string): Rule => [(v) => v !== '', message];
const atMost = (max: number, label: string): Rule => [(v) => v.length <= max, tooLong(label, max)];

/** A text answer that must be given, up to its limit; `label` names it in the error. */
export const requiredText = (message: string, max: number, label: string) => text(given(message), atMost(max, label));

/** A text answer that may be left blank, up to its limit. */
export const optionalText = (max: number, label: string) => text(atMost(max, label));

/** One of the options shown (exactly as sent), or the message. */
export const oneOf = (options: readonly { value: string }[], message: string) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx): string => {
      if (typeof v === 'string' && options.some((o) => o.value === v)) return v;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    });

/** A form field with no say in this step: its answer is cleared. */
const cleared = () =>
  z
    .unknown()
    .optional()
    .transform(() => '');

const dateParts = z.object({ day: z.string(), month: z.string(), year: z.string() });
const BLANK_DATE: DateParts = { day: '', month: '', year: '' };

/** A GOV.UK date input's parts as the form gathered them; anything else under its name is no date. */
const partsOf = (v: unknown): DateParts => dateParts.safeParse(v).data ?? BLANK_DATE;

/** A date in the past (or today), '' when left blank: the error is the date's own, or that it is in the future. */
function pastDate(parts: DateParts, today: string): { value: string; error: string | null } {
  const d = readDateParts(parts);
  if (d.error) return { value: '', error: d.error };
  if (d.value && d.value > today) return { value: d.value, error: NOT_IN_FUTURE };
  return { value: d.value ?? '', error: null };
}

/** An optional date of birth or event: a GOV.UK date input, today or before. */
export const optionalPastDate = (today: string) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx): string => {
      const d = pastDate(partsOf(v), today);
      if (d.error) ctx.addIssue({ code: 'custom', message: d.error });
      return d.value;
    });

/** When it happened: a date today or before, or "I am not sure" ticked (then no date). */
export const eventsOnForm = (today: string): StepForm => ({
  fields: ['eventsOn', 'eventsNotSure'],
  schema: z
    .object({ eventsOn: z.unknown().optional(), eventsNotSure: z.unknown().optional() })
    .transform((b, ctx): Answers => {
      if (b.eventsNotSure === 'yes') return { eventsOn: '', eventsNotSure: 'yes' };
      const d = pastDate(partsOf(b.eventsOn), today);
      const error = d.error ?? (d.value ? null : 'Enter the date, or tick “I am not sure”');
      if (error) ctx.addIssue({ code: 'custom', path: ['eventsOn'], message: error });
      return { eventsOn: d.value, eventsNotSure: '' };
    }),
});

/** A team from the list ('' for "I do not know"): it must look like a team's id, and be one of the teams when they are known. */
export const team = (teamIds?: ReadonlySet<string>) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx): string => {
      if (v === undefined || v === '') return '';
      if (typeof v === 'string' && UUID.test(v) && (!teamIds || teamIds.has(v))) return v;
      ctx.addIssue({ code: 'custom', message: TEAM_NOT_KNOWN });
      return z.NEVER;
    });

/** A trusted adult's phone number or email, said which it is, so it is kept where the store keeps each (and within its size). */
export const adultContact = () =>
  text(given('Tell us how to contact them: a phone number or email'), atMost(L.email, 'Their phone number or email'), [
    (v) => EMAIL.test(v) || PHONE.test(v),
    'Enter their phone number, like 07700 900 982, or their email address, like name@example.com',
  ]);

/** The email, phone number or address for the way they chose to be contacted; the others are cleared. */
export const contactDetailsForm = (contactBy: string | undefined): StepForm =>
  stepForm({
    email:
      contactBy === 'email'
        ? text(atMost(L.email, 'Your email address'), [
            (v) => EMAIL.test(v),
            'Enter an email address in the correct format, like name@example.com',
          ])
        : cleared(),
    phone:
      contactBy === 'phone'
        ? text([(v) => PHONE.test(v), 'Enter a phone number, like 01632 960 001 or 07700 900 982'])
        : cleared(),
    addressLine1: isPost(contactBy)
      ? requiredText('Enter the first line of your address', L.addressLine, 'Address line 1')
      : cleared(),
    town: isPost(contactBy) ? optionalText(L.town, 'Town or city') : cleared(),
    postcode: isPost(contactBy)
      ? textWith((v) => v.toUpperCase(), [(v) => POSTCODE.test(v), 'Enter a full UK postcode, like SY2 6ND'])
      : cleared(),
  });

const isPost = (contactBy: string | undefined) => contactBy !== 'email' && contactBy !== 'phone';

/** What happened, in their own words: saved inside the case's description, so it leaves room for the lines around it. */
export const whatHappened = () => requiredText('Tell us in your own words', P.whatHappened, 'What you tell us');

/** What would put it right: optional. */
export const outcomeWanted = () => optionalText(L.outcomeWanted, 'Your answer');

/** Whether the child knows and agrees, and anything said about it. */
export const consentDetails = () => optionalText(P.consentDetails, 'What you tell us about this');

/** The evidence page asks nothing: its files are added and removed on their own. */
export const noQuestions = (): StepForm => stepForm({});

/** Removing a file from the evidence page: the button names the file. */
export const removeUploadForm = z.object({ remove: z.string().optional() });
