import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { lgscoDecisionEnum, outcomeEnum, stageKindEnum, stageRoleEnum } from './enums.ts';
import { feedbackCases } from './cases.ts';
import { orgUnits } from './organisation.ts';
import { referenceItems } from './reference-data.ts';
import { users } from './staff.ts';

/**
 * One stage of a complaint (Stage 1, 2, 3 or the Ombudsman), each with its
 * own dates, clock, outcome, remedies and costs. A case has at most one of
 * each kind; a reopened stage keeps the same row.
 */
export const stages = pgTable(
  'stages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => feedbackCases.id),
    kind: stageKindEnum('kind').notNull(),
    /** The procedure this stage ran under (a complaint can move procedure between stages). */
    procedure: text('procedure'),
    requestedOn: date('requested_on', { mode: 'string' }),
    /** Accepted after the time to ask had passed: why. */
    lateRequestReason: text('late_request_reason'),
    startedOn: date('started_on', { mode: 'string' }),
    /** Stage 2: the statement of complaint agreed with the investigating officer starts the clock. */
    statementAgreedOn: date('statement_agreed_on', { mode: 'string' }),
    /** Stage 2: investigator's and independent person's reports received. */
    reportsReceivedOn: date('reports_received_on', { mode: 'string' }),
    /** Stage 2: adjudication letter sent. */
    adjudicatedOn: date('adjudicated_on', { mode: 'string' }),
    /** Stage 3: panel held, chair's report received, authority's response sent. */
    panelHeldOn: date('panel_held_on', { mode: 'string' }),
    chairReportReceivedOn: date('chair_report_received_on', { mode: 'string' }),
    panelRecommendations: text('panel_recommendations'),
    authorityRespondedOn: date('authority_responded_on', { mode: 'string' }),
    /** The response to the complainant (Stage 1 letter, Stage 2 adjudication, LGSCO final decision). */
    respondedOn: date('responded_on', { mode: 'string' }),
    closedOn: date('closed_on', { mode: 'string' }),
    outcome: outcomeEnum('outcome'),
    outcomeOverrideReason: text('outcome_override_reason'),
    /** Costs in pence, so sums are exact. */
    investigatorCostPence: integer('investigator_cost_pence'),
    independentPersonCostPence: integer('independent_person_cost_pence'),
    panelCostPence: integer('panel_cost_pence'),
    otherCostPence: integer('other_cost_pence'),
    /** LGSCO only. */
    lgscoReference: text('lgsco_reference'),
    lgscoEnquiryReceivedOn: date('lgsco_enquiry_received_on', { mode: 'string' }),
    lgscoEnquiryRespondedOn: date('lgsco_enquiry_responded_on', { mode: 'string' }),
    lgscoDecision: lgscoDecisionEnum('lgsco_decision'),
    lgscoDecisionOn: date('lgsco_decision_on', { mode: 'string' }),
    lgscoFaultFound: boolean('lgsco_fault_found'),
    lgscoInjusticeFound: boolean('lgsco_injustice_found'),
    notes: text('notes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('stages_one_per_kind').on(t.caseId, t.kind),
    index('stages_case_idx').on(t.caseId),
    check(
      'stages_responded_after_started',
      sql`${t.respondedOn} is null or ${t.startedOn} is null or ${t.respondedOn} >= ${t.startedOn}`,
    ),
    check(
      'stages_closed_after_started',
      sql`${t.closedOn} is null or ${t.startedOn} is null or ${t.closedOn} >= ${t.startedOn}`,
    ),
    check(
      'stages_costs_not_negative',
      sql`coalesce(${t.investigatorCostPence},0) >= 0 and coalesce(${t.independentPersonCostPence},0) >= 0 and coalesce(${t.panelCostPence},0) >= 0 and coalesce(${t.otherCostPence},0) >= 0`,
    ),
  ],
);

/** Who handles a stage: a Heard user, or an independent person known by name. */
export const stagePeople = pgTable(
  'stage_people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => stages.id),
    role: stageRoleEnum('role').notNull(),
    userId: uuid('user_id').references(() => users.id),
    name: text('name').notNull(),
    organisation: text('organisation'),
    appointedOn: date('appointed_on', { mode: 'string' }),
  },
  (t) => [index('stage_people_stage_idx').on(t.stageId), index('stage_people_user_idx').on(t.userId)],
);

/** One team's part of a stage. A complaint about three teams has three investigations. */
export const investigations = pgTable(
  'investigations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => stages.id),
    teamId: uuid('team_id')
      .notNull()
      .references(() => orgUnits.id),
    investigatorId: uuid('investigator_id').references(() => users.id),
    investigatorName: text('investigator_name'),
    startedOn: date('started_on', { mode: 'string' }),
    respondedOn: date('responded_on', { mode: 'string' }),
    /** Rolled up from the heads of complaint, unless set otherwise with this reason. */
    outcome: outcomeEnum('outcome'),
    outcomeOverrideReason: text('outcome_override_reason'),
    summary: text('summary'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('investigations_stage_idx').on(t.stageId),
    index('investigations_team_idx').on(t.teamId),
    index('investigations_investigator_idx').on(t.investigatorId),
    check(
      'investigations_responded_after_started',
      sql`${t.respondedOn} is null or ${t.startedOn} is null or ${t.respondedOn} >= ${t.startedOn}`,
    ),
  ],
);

/** The separate points of a complaint, each with its own finding. */
export const complaintHeads = pgTable(
  'complaint_heads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    investigationId: uuid('investigation_id')
      .notNull()
      .references(() => investigations.id),
    position: integer('position').notNull(),
    summary: text('summary').notNull(),
    finding: text('finding'),
    outcome: outcomeEnum('outcome'),
  },
  (t) => [index('complaint_heads_investigation_idx').on(t.investigationId)],
);

/** What was done to put things right, per stage. LGSCO-recommended remedies carry a due date and compliance evidence. */
export const remedies = pgTable(
  'remedies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => stages.id),
    remedyTypeId: uuid('remedy_type_id')
      .notNull()
      .references(() => referenceItems.id),
    amountPence: integer('amount_pence'),
    description: text('description'),
    dueOn: date('due_on', { mode: 'string' }),
    completedOn: date('completed_on', { mode: 'string' }),
    /** A financial remedy: to whom it was paid (the complainant, a parent, a provider...), in words. */
    paidTo: text('paid_to'),
    complianceEvidence: text('compliance_evidence'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('remedies_stage_idx').on(t.stageId),
    check('remedies_amount_not_negative', sql`${t.amountPence} is null or ${t.amountPence} >= 0`),
  ],
);

/** What a case taught. Many per case (the old systems allowed one). */
export const learningPoints = pgTable(
  'learning_points',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => feedbackCases.id),
    investigationId: uuid('investigation_id').references(() => investigations.id),
    learningTypeId: uuid('learning_type_id')
      .notNull()
      .references(() => referenceItems.id),
    text: text('text').notNull(),
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [index('learning_points_case_idx').on(t.caseId)],
);

/** What will be done about it, by whom, by when, and whether it was. */
export const actions = pgTable(
  'actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => feedbackCases.id),
    learningPointId: uuid('learning_point_id').references(() => learningPoints.id),
    actionTypeId: uuid('action_type_id')
      .notNull()
      .references(() => referenceItems.id),
    text: text('text').notNull(),
    ownerId: uuid('owner_id').references(() => users.id),
    ownerName: text('owner_name'),
    dueOn: date('due_on', { mode: 'string' }),
    completedOn: date('completed_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('actions_case_idx').on(t.caseId), // The actions register: open actions, soonest due first, a page at a time.
    index('actions_open_due_idx')
      .on(t.dueOn, t.id)
      .where(sql`${t.completedOn} is null`),
  ],
);
