import { z } from 'zod';
import type { ImportMapping } from '../../../services/legacy-import.ts';

/** A file sent with the form: its name as the browser gave it, and its bytes. */
export interface SentFile {
  fileName: string;
  content: Buffer;
}

const NOT_JSON = 'The mapping file is not valid JSON: see the import format for an example';

/**
 * The import form, once its parts are read (see import.ts): the system the
 * cases come from (the service says when it is blank), check or import, the
 * cases file, and any label mapping files' text. Each file's size is checked
 * as it streams in, before this: see import.ts.
 */
export const importForm = z
  .object({
    legacySystem: z.string().default(''),
    mode: z.string().optional(),
    /** Every mapping file's text, in order: each must be JSON; the last is the one used. */
    mapping: z.array(z.string()).transform((texts, ctx) => {
      let mapping: ImportMapping | undefined;
      for (const text of texts) {
        try {
          // Only that it is JSON here: the import service checks its shape (ImportMapping).
          mapping = JSON.parse(text) as ImportMapping;
        } catch {
          ctx.addIssue({ code: 'custom', message: NOT_JSON });
        }
      }
      return mapping;
    }),
    file: z
      .custom<SentFile>()
      .optional()
      .transform((file, ctx) => {
        if (file) return file;
        ctx.addIssue({ code: 'custom', message: 'Choose a .csv or .xlsx file to import' });
        return z.NEVER;
      }),
  })
  .transform(({ legacySystem, mode, mapping, file }) => ({ legacySystem, dryRun: mode !== 'import', mapping, file }));
