import { pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './staff.ts';

/**
 * A case list filter a member of staff has named, to apply again later. Each
 * belongs to one user and is seen only by them. The filters are kept as the
 * list's own query string and read through the list's schema when applied,
 * so a filter saved before a choice was withdrawn still opens (that part
 * filters nothing).
 */
export const savedFilters = pgTable(
  'saved_filters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    query: text('query').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  // One name per person; it also finds a person's filters (user_id leads the index).
  (t) => [unique('saved_filters_user_name_unique').on(t.userId, t.name)],
);
