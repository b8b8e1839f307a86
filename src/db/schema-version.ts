import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';
import { rowsOf } from './rows.ts';

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export class SchemaTooNewError extends Error {}

/** The newest migration this copy of Heard knows, as drizzle records it (the journal's "when"). */
export function latestKnownMigration(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return Math.max(...journal.entries.map((e) => e.when));
}

/**
 * A database written by a newer Heard has migrations this one has never seen.
 * Running old code on it could damage data, so refuse before touching anything.
 */
export async function assertSchemaNotNewer(db: Database): Promise<void> {
  const exists = await db.execute<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!rowsOf<{ present: boolean }>(exists)[0]?.present) return;
  const result = await db.execute<{ newest: string | number | null }>(
    sql`select max(created_at) as newest from drizzle.__drizzle_migrations`,
  );
  const newest = Number(rowsOf<{ newest: string | number | null }>(result)[0]?.newest ?? 0);
  const known = latestKnownMigration();
  if (newest > known) {
    throw new SchemaTooNewError(
      `This database was last used by a newer version of Heard (schema ${newest}, this version knows up to ${known}).\n` +
        'Nothing has been changed. Upgrade Heard to the newer version, or point it at another data folder or database.',
    );
  }
}
