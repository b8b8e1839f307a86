import { ConfigError } from '../config.ts';
import { DataFolderInUseError } from '../db/data-folder-lock.ts';
import { SchemaTooNewError } from '../db/schema-version.ts';
import { DomainError, ValidationError } from '../services/errors.ts';
import { DemoRefusedError } from './demo/load.ts';

/**
 * Prints what went wrong for a person and returns the exit status: a failure
 * Heard expects (bad configuration, a locked data folder, refused input) as
 * its message alone, anything else with its stack.
 */
export function reportFailure(err: unknown): number {
  if (err instanceof ValidationError) console.error(err.fieldErrors.map((e) => `${e.field}: ${e.message}`).join('\n'));
  else if (
    err instanceof ConfigError ||
    err instanceof DataFolderInUseError ||
    err instanceof SchemaTooNewError ||
    err instanceof DemoRefusedError ||
    err instanceof DomainError
  )
    console.error(err.message);
  else console.error(err);
  return 1;
}
