import { sql, type SQL } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { caseLinkKindEnum, caseStatusEnum, feedbackTypeEnum, outcomeEnum, partyRoleEnum } from './enums.ts';
import { orgUnits } from './organisation.ts';
import { people } from './people.ts';
import { referenceItems } from './reference-data.ts';
import { users } from './staff.ts';
import { timescalePolicies } from './timescales.ts';

/**
 * What the case search looks in, as one text: the reference, subject,
 * description, and the names and emails of the people on the case. It is the
 * expression the trigram index holds, so the search must use this very one
 * (ADR 0022). Search words never hold a space, so none is found across two
 * fields.
 */
export function caseSearchText(t: {
  reference: AnyPgColumn;
  subject: AnyPgColumn;
  description: AnyPgColumn;
  partyNames: AnyPgColumn;
}): SQL {
  return sql`(${t.reference} || ' ' || ${t.subject} || ' ' || ${t.description} || ' ' || ${t.partyNames})`;
}

/** One contact from one person about one matter. */
export const feedbackCases = pgTable(
  'feedback_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull().unique(),
    /** The type in force (corrections are in case_type_changes; reports use this one). */
    type: feedbackTypeEnum('type').notNull(),
    status: caseStatusEnum('status').notNull().default('new'),
    /** Null until triage decides it. */
    procedure: text('procedure'),
    channelId: uuid('channel_id').references(() => referenceItems.id),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    /** When the events complained about happened (or the person became aware): the 12-month rule. */
    eventsOn: date('events_on', { mode: 'string' }),
    /** Why a complaint made more than 12 months after the events was accepted. */
    lateAcceptanceReason: text('late_acceptance_reason'),
    acknowledgedOn: date('acknowledged_on', { mode: 'string' }),
    subject: text('subject').notNull(),
    description: text('description').notNull().default(''),
    outcomeWanted: text('outcome_wanted'),
    signposting: text('signposting'),
    mainCategoryId: uuid('main_category_id').references(() => referenceItems.id),
    /** Lead team for the case; investigations may name further teams. */
    teamId: uuid('team_id').references(() => orgUnits.id),
    investigatingManagerId: uuid('investigating_manager_id').references(() => users.id),
    /** Rolled up from investigations unless overridden with a reason. */
    outcome: outcomeEnum('outcome'),
    outcomeOverrideReason: text('outcome_override_reason'),
    closedOn: date('closed_on', { mode: 'string' }),
    /** Child complainant: advocacy offered, and what they said. */
    advocacyOfferedOn: date('advocacy_offered_on', { mode: 'string' }),
    advocacyResponse: text('advocacy_response'),
    /** Representative complainant: the child's consent, or why it is not needed. */
    consentObtainedOn: date('consent_obtained_on', { mode: 'string' }),
    consentNote: text('consent_note'),
    /** The timescale rules this case runs under, pinned when its procedure is decided (see timescale_policies). */
    timescalePolicyId: uuid('timescale_policy_id').references(() => timescalePolicies.id),
    /** Imported from a legacy system: dates kept, may be left out of timescale figures. */
    migrated: boolean('migrated').notNull().default(false),
    legacyReference: text('legacy_reference'),
    legacySystem: text('legacy_system'),
    importBatchId: uuid('import_batch_id'),
    /** Merged duplicates point at the case that carries on. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => feedbackCases.id),
    /** Set when the case's personal data was removed under the retention schedule (src/services/retention). */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    /**
     * The given names, family names and emails of everyone on the case, for the search alone (never shown).
     * Kept by database triggers on case_parties and people (migration 0028), so no write path can forget it.
     */
    partyNames: text('party_names').notNull().default(''),
    /**
     * Everyone allocated to the case: its investigating manager, anyone named on a stage, any investigator. Kept
     * by triggers from those (migration 0029), never written by Heard: what a list shows someone who sees only
     * their own cases is `@>` on this one column, read from an index (ADR 0023).
     */
    allocatedUserIds: uuid('allocated_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** Optimistic locking: a change based on an old version is refused, so nobody overwrites unseen edits. */
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('feedback_cases_received_idx').on(t.receivedOn),
    // References are found without regard to case (an imported legacy one may be in lower case).
    index('feedback_cases_reference_lower_idx').on(sql`lower(${t.reference})`),
    // A search puts the references that start with the words typed first: `lower(reference) like 'cs-2025-1%'`.
    index('feedback_cases_reference_prefix_idx').using('btree', sql`lower(${t.reference}) text_pattern_ops`),
    index('feedback_cases_status_received_idx').on(t.status, t.receivedOn),
    // The cases still open are a few thousand among a million closed ones; the dashboard, reminders and the
    // open filter of the case list all ask for them with `status <> 'closed'`, which this index answers.
    index('feedback_cases_not_closed_idx')
      .on(t.receivedOn)
      .where(sql`${t.status} <> 'closed'`),
    index('feedback_cases_team_idx').on(t.teamId),
    // The case search: any part of a word in the reference, subject, description or a person's name (ADR 0022).
    index('feedback_cases_search_idx').using('gin', sql`${caseSearchText(t)} gin_trgm_ops`),
    index('feedback_cases_manager_idx').on(t.investigatingManagerId),
    // My cases and an investigating manager's open list: their open cases, found among a few thousand open ones.
    index('feedback_cases_allocated_open_idx')
      .using('gin', t.allocatedUserIds)
      .where(sql`${t.status} <> 'closed'`),
    // Their other lists, and a manager with few cases among a million (PostgreSQL keeps how often each id is there).
    index('feedback_cases_allocated_idx').using('gin', t.allocatedUserIds),
    unique('feedback_cases_legacy_ref').on(t.legacySystem, t.legacyReference),
    check('feedback_cases_closed_after_received', sql`${t.closedOn} is null or ${t.closedOn} >= ${t.receivedOn}`),
    check(
      'feedback_cases_ack_after_received',
      sql`${t.acknowledgedOn} is null or ${t.acknowledgedOn} >= ${t.receivedOn}`,
    ),
  ],
);

/** Every correction of a case's type, so "a complaint that was really a question" keeps its history. */
export const caseTypeChanges = pgTable('case_type_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id')
    .notNull()
    .references(() => feedbackCases.id),
  fromType: feedbackTypeEnum('from_type'),
  toType: feedbackTypeEnum('to_type').notNull(),
  reason: text('reason').notNull(),
  changedBy: uuid('changed_by').references(() => users.id),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every decision or change of procedure, with its reason. */
export const caseProcedureChanges = pgTable('case_procedure_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id')
    .notNull()
    .references(() => feedbackCases.id),
  fromProcedure: text('from_procedure'),
  toProcedure: text('to_procedure').notNull(),
  reason: text('reason').notNull(),
  changedBy: uuid('changed_by').references(() => users.id),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});

export const caseThemes = pgTable(
  'case_themes',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => feedbackCases.id),
    themeId: uuid('theme_id')
      .notNull()
      .references(() => referenceItems.id),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.themeId] }), index('case_themes_theme_idx').on(t.themeId)],
);

/** A person's part in one case. Service user group and looked-after status are as they were for this case. */
export const caseParties = pgTable(
  'case_parties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => feedbackCases.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    role: partyRoleEnum('role').notNull(),
    /** Complainants: who they are to the child. */
    relationshipId: uuid('relationship_id').references(() => referenceItems.id),
    /** Children: their involvement with services at the time. */
    serviceUserGroupId: uuid('service_user_group_id').references(() => referenceItems.id),
    lookedAfter: boolean('looked_after'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('case_parties_case_idx').on(t.caseId),
    index('case_parties_person_idx').on(t.personId),
    unique('case_parties_once').on(t.caseId, t.personId, t.role),
  ],
);

export const caseLinks = pgTable(
  'case_links',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => feedbackCases.id),
    linkedCaseId: uuid('linked_case_id')
      .notNull()
      .references(() => feedbackCases.id),
    kind: caseLinkKindEnum('kind').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.linkedCaseId] }),
    check('case_links_not_self', sql`${t.caseId} <> ${t.linkedCaseId}`),
  ],
);

/** Evidence files. Stored under a random key, never served from a guessable URL. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => feedbackCases.id),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_case_idx').on(t.caseId)],
);

/** Compliments: which team or staff member, from whom, about what. One per compliment case. */
export const compliments = pgTable('compliments', {
  caseId: uuid('case_id')
    .primaryKey()
    .references(() => feedbackCases.id),
  teamId: uuid('team_id').references(() => orgUnits.id),
  staffUserId: uuid('staff_user_id').references(() => users.id),
  staffName: text('staff_name'),
  staffRole: text('staff_role'),
  originId: uuid('origin_id').references(() => referenceItems.id),
  themeId: uuid('theme_id').references(() => referenceItems.id),
  valuesShown: text('values_shown'),
  sharedOn: date('shared_on', { mode: 'string' }),
});
