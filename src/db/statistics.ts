import { sql } from 'drizzle-orm';
import type { Database } from './database.ts';

/**
 * Refreshes the planner's statistics after a bulk load. PGlite runs no
 * autovacuum, so without this a freshly loaded database keeps "empty table"
 * estimates and PostgreSQL picks nested loops that make the report model
 * several times slower. Harmless on a server, where autovacuum would get
 * there in its own time.
 */
export async function refreshStatistics(db: Database): Promise<void> {
  await db.execute(sql`analyze`);
}
