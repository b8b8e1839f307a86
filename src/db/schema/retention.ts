import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { feedbackCases } from './cases.ts';
import { feedbackTypeEnum, outcomeEnum } from './enums.ts';
import { people } from './people.ts';
import { users } from './staff.ts';

/**
 * How long a closed case is kept before it is anonymised, per case type and,
 * where it matters, outcome (an outcome-specific row wins over the type's
 * row). Types with no row keep the default: six years after closure.
 */
export const retentionRules = pgTable(
  'retention_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseType: feedbackTypeEnum('case_type').notNull(),
    /** Null: any outcome of this type. */
    outcome: outcomeEnum('outcome'),
    years: integer('years').notNull(),
    /** Why the council keeps this type for this long (shown to the DPO, kept in the audit trail). */
    reason: text('reason').notNull(),
    changedBy: uuid('changed_by').references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One rule per type for any outcome, and one per type and outcome.
    uniqueIndex('retention_rules_type_once')
      .on(t.caseType)
      .where(sql`${t.outcome} is null`),
    uniqueIndex('retention_rules_type_outcome_once')
      .on(t.caseType, t.outcome)
      .where(sql`${t.outcome} is not null`),
    check('retention_rules_years_sensible', sql`${t.years} between 1 and 100`),
  ],
);

/** A legal hold on a case or a person: nothing it covers is disposed of until it is lifted. */
export const legalHolds = pgTable(
  'legal_holds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').references(() => feedbackCases.id),
    personId: uuid('person_id').references(() => people.id),
    reason: text('reason').notNull(),
    setBy: uuid('set_by').references(() => users.id),
    setAt: timestamp('set_at', { withTimezone: true }).notNull(),
    liftedBy: uuid('lifted_by').references(() => users.id),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftReason: text('lift_reason'),
  },
  (t) => [
    index('legal_holds_case_idx').on(t.caseId),
    index('legal_holds_person_idx').on(t.personId),
    check('legal_holds_one_subject', sql`(${t.caseId} is null) <> (${t.personId} is null)`),
  ],
);

/** A person's request to correct (rectification) or erase (erasure) their data, and what was done. */
export const dataRightsRequests = pgTable(
  'data_rights_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    kind: text('kind', { enum: ['rectification', 'erasure'] }).notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    /** What was asked, in the officer's words. */
    request: text('request').notNull(),
    /** What was done, or why it was refused. */
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['done', 'refused'] }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('data_rights_requests_person_idx').on(t.personId)],
);
