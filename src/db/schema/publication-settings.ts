import { check, integer, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './staff.ts';

/**
 * How the published edition of the report hides small numbers
 * (Administration → Publishing the report): counts below the threshold are
 * shown as "fewer than N". One row at most (id 1); with none, the threshold
 * is 5 (src/reports/publication.ts). Who changed it and when are kept here
 * and in the audit trail.
 */
export const publicationSettings = pgTable(
  'publication_settings',
  {
    id: integer('id').primaryKey().default(1),
    threshold: integer('threshold').notNull().default(5),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('publication_settings_one_row', sql`${t.id} = 1`),
    check('publication_settings_threshold', sql`${t.threshold} between 3 and 10`),
  ],
);
