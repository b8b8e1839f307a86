import { z } from 'zod';
import type { SentFile } from './import.schema.ts';

/** The largest set-up file the page takes: a council's whole set-up is a few hundred lines. */
export const SETUP_FILE_LIMIT = 1024 * 1024;

/**
 * The set-up form, once its parts are read (see setup.ts): check or load, and
 * the set-up file (YAML). Whether the file's content is good is the setup
 * service's question, answered with every problem.
 */
export const setupForm = z
  .object({
    mode: z.string().optional(),
    file: z
      .custom<SentFile>()
      .optional()
      .transform((file, ctx) => {
        if (!file) ctx.addIssue({ code: 'custom', message: 'Choose a set-up file (.yaml) to check or load' });
        else if (file.content.length > SETUP_FILE_LIMIT)
          ctx.addIssue({ code: 'custom', message: 'The set-up file must be smaller than 1 MB' });
        else return file;
        return z.NEVER;
      }),
  })
  .transform(({ mode, file }) => ({ dryRun: mode !== 'load', file }));
