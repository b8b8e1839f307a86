import type { z } from 'zod';
import { ValidationError } from './errors.ts';

/**
 * Every service command reads its input through a zod schema (ADR 0001): the
 * schema says what a valid command is, and its issues become the field errors
 * a page shows (path → field id, message → the error summary's words).
 */
function zodToValidation(error: z.ZodError, fields: Record<string, string>): ValidationError {
  return new ValidationError(
    error.issues.map((i) => {
      const path = i.path.join('.');
      return { field: fields[path] ?? path, message: i.message };
    }),
  );
}

/**
 * The command's input, typed, or a ValidationError listing every problem at
 * once. `fields` renames a command's key to the form field a page shows it in
 * (acknowledge's `on` is the page's `acknowledgedOn`).
 */
export function parseCommand<S extends z.ZodType>(
  schema: S,
  input: unknown,
  fields: Record<string, string> = {},
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw zodToValidation(parsed.error, fields);
  return parsed.data;
}
