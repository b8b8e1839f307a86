import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { orgUnitKindEnum } from './enums.ts';

/** Directorate > service > team. Identity survives renames; names live in org_unit_names. */
export const orgUnits = pgTable(
  'org_units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: orgUnitKindEnum('kind').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => orgUnits.id),
    /** The unit that replaced this one (merger, split, restructure): "map to today's team". */
    successorId: uuid('successor_id').references((): AnyPgColumn => orgUnits.id),
    /** The procedure complaints about this unit usually follow: triage suggests it. Inherited by the units below. */
    defaultProcedure: text('default_procedure'),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('org_units_parent_idx').on(t.parentId),
    check('org_units_closed_after_opened', sql`${t.closedOn} is null or ${t.closedOn} >= ${t.openedOn}`),
  ],
);

export const orgUnitNames = pgTable(
  'org_unit_names',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    name: text('name').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [
    index('org_unit_names_unit_idx').on(t.orgUnitId),
    check('org_unit_names_valid_range', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);
