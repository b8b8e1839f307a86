import { boolean, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { referenceKindEnum } from './enums.ts';

/** Every administrable classification, one row per item. Items are retired (active=false), never deleted. */
export const referenceItems = pgTable(
  'reference_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: referenceKindEnum('kind').notNull(),
    code: text('code').notNull(),
    label: text('label').notNull(),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Remedy types: carries an amount in pounds. */
    financial: boolean('financial').notNull().default(false),
    /** Complainant relationships: the complainant is the child or young person. */
    isChild: boolean('is_child').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('reference_items_kind_code').on(t.kind, t.code)],
);
