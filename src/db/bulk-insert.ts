import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './database.ts';

/**
 * Inserts many rows fast: each chunk goes to PostgreSQL as one JSON parameter
 * that json_populate_recordset turns into rows of the table's own type, so
 * there is no per-value parameter list to build or parse (and no 65,535
 * parameter limit): about twice as fast as multi-row VALUES on PGlite.
 * Rows are grouped by the fields they set, so a field a row leaves out keeps
 * its column default instead of becoming null.
 */
export async function insertChunked(
  tx: DbOrTx,
  table: PgTable,
  rows: Record<string, unknown>[],
  chunk = 5000,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const tableName = getTableName(table);
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const keys = Object.keys(row).filter((k) => k in columns && row[k] !== undefined);
    const signature = keys.sort().join(',');
    const group = groups.get(signature);
    if (group) group.push(row);
    else groups.set(signature, [row]);
  }
  for (const [signature, group] of groups) {
    const keys = signature ? signature.split(',') : [];
    const names = keys.map((k) => columns[k]!.name);
    const list = sql.raw(names.map((n) => `"${n}"`).join(', '));
    for (let i = 0; i < group.length; i += chunk) {
      const json = JSON.stringify(
        group.slice(i, i + chunk).map((r) => Object.fromEntries(keys.map((k, j) => [names[j], r[k]]))),
      );
      try {
        await tx.execute(
          sql`insert into ${sql.identifier(tableName)} (${list}) select ${list} from json_populate_recordset(null::${sql.identifier(tableName)}, ${json}::json)`,
        );
      } catch (err) {
        // The driver's message repeats the whole JSON parameter: keep the database's own words only.
        const cause = (err as { cause?: Error }).cause ?? (err as Error);
        throw new Error(`Bulk insert into ${tableName} failed: ${cause.message}`, { cause });
      }
    }
  }
}
