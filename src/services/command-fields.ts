import { z } from 'zod';
import { isIsoDate } from '../domain/calendar/iso-date.ts';
import { isOneOf } from '../domain/cases/vocabulary.ts';

/**
 * The pieces the service commands' schemas are made of (ADR 0001). Each
 * check is a refinement with the command's own words, so a wrong value is one
 * field error and the command's cross-field rules still run and add theirs,
 * the way the hand-written checks listed every problem at once.
 */

/**
 * A date the command may leave out (null, undefined or blank); one given must
 * be a real date. Blank means "no date" (null): never an empty string stored.
 */
export const optionalIsoDate = (message = 'Enter a real date') =>
  z
    .string()
    .nullish()
    .refine((v) => !v || isIsoDate(v), message)
    .transform((v) => (v === '' ? null : v));

/**
 * A date the command must have (null when the form left it blank): `message`
 * when it is missing or not a real date. With `abort`, the checks that follow
 * (on the field or the command) do not run on a date that is not one: the
 * command says only this.
 */
export const requiredIsoDate = (message: string, opts: { abort?: boolean } = {}) =>
  z
    .string({ error: message })
    .nullable()
    .refine((v): v is string => !!v && isIsoDate(v), { message, abort: opts.abort });

/** One of a fixed list (an outcome, a role, a clock), typed as it; `message` when it is not. */
export const oneOf = <T extends string>(values: readonly T[], message: string) =>
  z.string().refine((v): v is T => isOneOf(values, v), message);

/** Text that must have more than spaces in it (what the command keeps is trimmed). */
export const requiredText = (message: string) => z.string().trim().min(1, message);

/**
 * Any number, NaN and Infinity too (a form's "abc" reaches the service as
 * NaN): what the number must be is the command's own rule, in its own words.
 */
export const anyNumber = () => z.custom<number>((v) => typeof v === 'number');
