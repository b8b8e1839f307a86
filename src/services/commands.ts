import type { z } from 'zod';
import { ValidationError } from './errors.ts';

/**
 * Every service command reads its input through a zod schema (ADR 0001): the
 * schema says what a valid command is, and its issues become the field errors
 * a page shows (path → field id, message → the error summary's words).
 */
function zodToValidation(error: z.ZodError): ValidationError {
  return new ValidationError(error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
}

/** The command's input, typed, or a ValidationError listing every problem at once. */
export function parseCommand<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw zodToValidation(parsed.error);
  return parsed.data;
}
