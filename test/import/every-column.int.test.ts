import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql, type SQL } from 'drizzle-orm';
import { fixedClock } from '../../src/domain/clock.ts';
import { IMPORT_COLUMNS } from '../../src/domain/import/columns.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { rowsOf } from '../../src/db/rows.ts';
import type { Actor } from '../../src/services/actor.ts';
import type { Services } from '../../src/services/index.ts';
import type { ImportReport } from '../../src/services/legacy-import.ts';
import { testDatabase } from '../support/database.ts';
import { makeUser, testServices } from '../support/factories.ts';

/**
 * The review's lesson: a value the dry run accepted must never be dropped on
 * the way in. Every column of the format is set on one of these rows (a
 * stage is answered or withdrawn, not both, and a compliment's columns are a
 * compliment's, so it takes a few rows), and each value is then read back
 * from where Heard keeps it.
 */
const ROWS: Record<string, string>[] = [
  {
    legacy_reference: 'EV1',
    type: 'Complaint',
    received_on: '2023-06-05',
    channel: 'Email',
    subject: 'Visits cancelled',
    description: 'Three visits were cancelled without notice.',
    procedure: 'Statutory',
    team: "Children's Services > Children's Social Care > Assessment Team",
    category: 'Quality of service',
    themes: 'Record keeping; Delay',
    events_on: '2023-05-30',
    acknowledged_on: '2023-06-06',
    closed_on: '2024-03-01',
    outcome: 'Upheld',
    complainant_name: 'Ann Example',
    complainant_relationship: 'Grandparent',
    complainant_email: 'ann@example.com',
    complainant_phone: '07700 900123',
    complainant_postcode: 'AB1 2CD',
    advocacy_offered_on: '2023-06-07',
    advocacy_response: 'Declined: happy for grandmother to speak',
    child_name: 'Leo Example',
    child_date_of_birth: '2012-01-02',
    child_ethnicity: 'WBRI',
    child_group: 'Child in need',
    looked_after: 'yes',
    stage1_responded_on: '2023-06-30',
    stage1_outcome: 'Partially upheld',
    stage1_investigating_manager: 'Priya Shah',
    stage1_extended_on: '2023-06-12',
    stage1_extension_days: '5',
    stage1_extension_agreed: 'yes',
    stage1_pauses: '2023-06-13 to 2023-06-15: awaiting records',
    stage1_remedies: 'Apology given 2023-06-30',
    stage2_requested_on: '2023-07-03',
    stage2_statement_agreed_on: '2023-07-05',
    stage2_reports_received_on: '2023-08-01',
    stage2_adjudicated_on: '2023-08-10',
    stage2_responded_on: '2023-08-10',
    stage2_outcome: 'Not upheld',
    stage2_cost: '3500',
    stage2_independent_person_cost: '900',
    stage2_other_cost: '100',
    stage2_investigating_officer: 'Mark Olsen',
    stage2_independent_person: 'Ruth Bell',
    stage2_extended_on: '2023-07-10',
    stage2_extended_to: '2023-09-29',
    stage2_extension_agreed: 'no',
    stage2_pauses: '2023-07-17 to 2023-07-19: investigator unwell',
    stage2_remedies: 'Time and trouble payment: 100',
    stage3_requested_on: '2023-08-21',
    stage3_panel_held_on: '2023-09-15',
    stage3_chair_report_on: '2023-09-20',
    stage3_responded_on: '2023-10-02',
    stage3_outcome: 'Not upheld',
    stage3_cost: '1200',
    stage3_other_cost: '50',
    stage3_panel_chair: 'Sam Ode',
    // Stage 3's clock is the authority's response to the panel: it starts with the chair's report.
    stage3_pauses: '2023-09-22 to 2023-09-25: awaiting legal advice',
    stage3_remedies: 'Apology',
    remedies: 'Time and trouble payment: 150 paid 2023-10-10 to Ann Example',
    lgsco_received_on: '2023-11-01',
    lgsco_enquiry_responded_on: '2023-11-20',
    lgsco_reference: 'LG-23-001',
    lgsco_decision: 'Upheld',
    lgsco_decision_on: '2024-02-01',
    lgsco_fault_found: 'yes',
    lgsco_injustice_found: 'no',
    lgsco_remedies: 'Reimbursement: 75 paid 2024-02-20 to Ann Example',
    lgsco_extended_on: '2023-11-10',
    lgsco_extension_days: '14',
    lgsco_pauses: '2023-11-12 to 2023-11-13: awaiting the Ombudsman’s reply',
    learning: 'Peer review: A second opinion before cancelling visits',
  },
  // The columns a stage answered cannot carry: an extension to a date at Stage 1, a withdrawal at each stage.
  {
    legacy_reference: 'EV2',
    type: 'Complaint',
    received_on: '2023-06-05',
    procedure: 'Corporate',
    team: 'SEND Assessment',
    closed_on: '2023-07-20',
    stage1_responded_on: '2023-06-26',
    stage1_outcome: 'Not upheld',
    stage1_extended_on: '2023-06-12',
    stage1_extended_to: '2023-06-30',
    stage1_extension_agreed: 'yes',
    stage2_requested_on: '2023-06-28',
    stage2_withdrawn_on: '2023-07-20',
    withdrawal_reason: 'Resolved with the school',
    lgsco_received_on: '2023-08-01',
    lgsco_enquiry_responded_on: '2023-08-20',
    lgsco_extended_on: '2023-08-05',
    lgsco_extended_to: '2023-09-15',
    lgsco_decision: 'Not upheld',
    lgsco_decision_on: '2023-09-30',
  },
  {
    legacy_reference: 'EV3',
    type: 'Complaint',
    received_on: '2023-06-05',
    procedure: 'Statutory',
    team: 'Assessment Team',
    closed_on: '2023-06-09',
    stage1_withdrawn_on: '2023-06-09',
  },
  {
    legacy_reference: 'EV4',
    type: 'Complaint',
    received_on: '2023-06-05',
    procedure: 'Statutory',
    team: 'Assessment Team',
    closed_on: '2023-09-01',
    stage1_responded_on: '2023-06-16',
    stage2_requested_on: '2023-06-19',
    stage2_statement_agreed_on: '2023-06-20',
    stage2_responded_on: '2023-07-21',
    stage2_extended_on: '2023-06-26',
    stage2_extension_days: '10',
    stage3_requested_on: '2023-07-24',
    stage3_panel_held_on: '2023-08-10',
    stage3_chair_report_on: '2023-08-15',
    stage3_withdrawn_on: '2023-09-01',
  },
  {
    legacy_reference: 'EV5',
    type: 'Compliment',
    received_on: '2023-06-05',
    team: 'Fostering Recruitment',
    closed_on: '2023-06-05',
    compliment_origin: 'Foster carer',
    compliment_theme: 'Going the extra mile',
    compliment_staff_name: 'Jo Bloggs',
  },
];

const COLUMNS = IMPORT_COLUMNS.map((c) => c.name);
/**
 * Stage 3's extension columns: the regulations give the authority's response
 * to the panel no extension, so under the default rules they are refused (by
 * line and column, below), and stored only where a council's rules allow one.
 */
const STAGE3_EXTENSION = [
  'stage3_extended_on',
  'stage3_extended_to',
  'stage3_extension_days',
  'stage3_extension_agreed',
];
const csv = () =>
  Buffer.from(
    [COLUMNS.join(','), ...ROWS.map((r) => COLUMNS.map((c) => JSON.stringify(r[c] ?? '')).join(','))].join('\n'),
  );

describe('importing a row with every column set stores every value', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let admin: Actor;
  let check: ImportReport;
  const rows = async (q: SQL) => rowsOf<Record<string, unknown>>(await handle.db.execute(q));
  const caseOf = (ref: string) => sql`(select id from feedback_cases where reference = ${ref})`;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-06-03T09:00:00Z'));
    admin = (await makeUser(svc, 'administrator')).actor;
    const setup = await svc.setup.load(admin, readFileSync(new URL('../../docs/examples/setup.yaml', import.meta.url)));
    assert.deepEqual(setup.problems ?? [], []);
    check = await svc.legacyImport.run(admin, {
      fileName: 'every.csv',
      content: csv(),
      legacySystem: 'Old',
      dryRun: true,
    });
  });
  after(() => handle.close());

  it('every column of the format is set on some row, and the dry run finds nothing wrong', () => {
    assert.deepEqual(
      COLUMNS.filter((c) => !ROWS.some((r) => r[c])),
      STAGE3_EXTENSION,
    );
    assert.deepEqual(check.problems, []);
  });

  it('refuses a Stage 3 extension under the default rules, by line and column, rather than dropping it', async () => {
    const row = { ...ROWS[0]!, legacy_reference: 'EV9', stage3_extended_on: '2023-09-21', stage3_extension_days: '10' };
    const report = await svc.legacyImport.run(admin, {
      fileName: 'stage3.csv',
      content: Buffer.from(
        [
          COLUMNS.join(','),
          COLUMNS.map((c) => JSON.stringify((row as Record<string, string>)[c] ?? '')).join(','),
        ].join('\n'),
      ),
      legacySystem: 'Old',
      dryRun: true,
    });
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.column, p.value, p.message]),
      [[2, 'stage3_extended_on', '2023-09-21', 'This extension would not count: this timescale cannot be extended']],
    );
  });

  it('stores each value where Heard keeps it: the case, its people, stages, clocks, remedies, learning, compliment', async () => {
    const done = await svc.legacyImport.run(admin, {
      fileName: 'every.csv',
      content: csv(),
      legacySystem: 'Old',
      dryRun: false,
    });
    assert.deepEqual([done.problems, done.imported], [[], ROWS.length]);

    assert.deepEqual(
      await rows(sql`select f.reference, f.type, f.received_on::text as received_on, ch.label as channel, f.subject, f.description,
          f.procedure, u.name as team, cat.label as category, f.events_on::text as events_on, f.acknowledged_on::text as acknowledged_on, f.closed_on::text as closed_on, f.outcome,
          f.advocacy_offered_on::text as advocacy_offered_on, f.advocacy_response, f.legacy_reference, f.legacy_system, f.migrated,
          (select string_agg(r.label, '; ' order by r.label) from case_themes t join reference_items r on r.id = t.theme_id where t.case_id = f.id) as themes
        from feedback_cases f left join reference_items ch on ch.id = f.channel_id left join reference_items cat on cat.id = f.main_category_id
        left join org_unit_names u on u.org_unit_id = f.team_id where f.reference = 'EV1'`),
      [
        {
          reference: 'EV1',
          type: 'complaint',
          received_on: '2023-06-05',
          channel: 'Email',
          subject: 'Visits cancelled',
          description: 'Three visits were cancelled without notice.',
          procedure: 'childrens_statutory',
          team: 'Assessment Team',
          category: 'Quality of service',
          events_on: '2023-05-30',
          acknowledged_on: '2023-06-06',
          closed_on: '2024-03-01',
          outcome: 'upheld',
          advocacy_offered_on: '2023-06-07',
          advocacy_response: 'Declined: happy for grandmother to speak',
          legacy_reference: 'EV1',
          legacy_system: 'Old',
          migrated: true,
          themes: 'Delay; Record keeping',
        },
      ],
    );

    assert.deepEqual(
      await rows(sql`select cp.role, p.given_name, p.family_name, p.email, p.phone, p.postcode, p.date_of_birth::text as date_of_birth,
          rel.label as relationship, eth.code as ethnicity, grp.label as "group", cp.looked_after
        from case_parties cp join people p on p.id = cp.person_id left join reference_items rel on rel.id = cp.relationship_id
        left join reference_items eth on eth.id = p.ethnicity_id left join reference_items grp on grp.id = cp.service_user_group_id
        where cp.case_id = ${caseOf('EV1')} order by cp.role::text`),
      [
        {
          role: 'child',
          given_name: 'Leo',
          family_name: 'Example',
          email: null,
          phone: null,
          postcode: null,
          date_of_birth: '2012-01-02',
          relationship: null,
          ethnicity: 'WBRI',
          group: 'Child in need',
          looked_after: true,
        },
        {
          role: 'complainant',
          given_name: 'Ann',
          family_name: 'Example',
          email: 'ann@example.com',
          phone: '07700 900123',
          postcode: 'AB1 2CD',
          date_of_birth: null,
          relationship: 'Grandparent',
          ethnicity: null,
          group: null,
          looked_after: null,
        },
      ],
    );

    assert.deepEqual(
      await rows(sql`select s.kind, s.requested_on::text as requested_on, s.statement_agreed_on::text as statement_agreed_on, s.reports_received_on::text as reports_received_on, s.adjudicated_on::text as adjudicated_on,
          s.panel_held_on::text as panel_held_on, s.chair_report_received_on::text as chair_report_received_on, s.authority_responded_on::text as authority_responded_on, s.responded_on::text as responded_on, s.outcome,
          s.investigator_cost_pence, s.independent_person_cost_pence, s.panel_cost_pence, s.other_cost_pence,
          s.lgsco_reference, s.lgsco_enquiry_received_on::text as lgsco_enquiry_received_on, s.lgsco_enquiry_responded_on::text as lgsco_enquiry_responded_on, s.lgsco_decision, s.lgsco_decision_on::text as lgsco_decision_on,
          s.lgsco_fault_found, s.lgsco_injustice_found,
          (select string_agg(p.role || ': ' || p.name, '; ' order by p.role) from stage_people p where p.stage_id = s.id) as people
        from stages s where s.case_id = ${caseOf('EV1')} order by s.kind::text`),
      [
        {
          kind: 'lgsco',
          requested_on: '2023-11-01',
          statement_agreed_on: null,
          reports_received_on: null,
          adjudicated_on: null,
          panel_held_on: null,
          chair_report_received_on: null,
          authority_responded_on: null,
          responded_on: '2024-02-01',
          outcome: 'upheld',
          investigator_cost_pence: null,
          independent_person_cost_pence: null,
          panel_cost_pence: null,
          other_cost_pence: null,
          lgsco_reference: 'LG-23-001',
          lgsco_enquiry_received_on: '2023-11-01',
          lgsco_enquiry_responded_on: '2023-11-20',
          lgsco_decision: 'upheld',
          lgsco_decision_on: '2024-02-01',
          lgsco_fault_found: true,
          lgsco_injustice_found: false,
          people: null,
        },
        {
          kind: 'stage1',
          requested_on: '2023-06-05',
          statement_agreed_on: null,
          reports_received_on: null,
          adjudicated_on: null,
          panel_held_on: null,
          chair_report_received_on: null,
          authority_responded_on: null,
          responded_on: '2023-06-30',
          outcome: 'partially_upheld',
          investigator_cost_pence: null,
          independent_person_cost_pence: null,
          panel_cost_pence: null,
          other_cost_pence: null,
          lgsco_reference: null,
          lgsco_enquiry_received_on: null,
          lgsco_enquiry_responded_on: null,
          lgsco_decision: null,
          lgsco_decision_on: null,
          lgsco_fault_found: null,
          lgsco_injustice_found: null,
          people: 'investigating_manager: Priya Shah',
        },
        {
          kind: 'stage2',
          requested_on: '2023-07-03',
          statement_agreed_on: '2023-07-05',
          reports_received_on: '2023-08-01',
          adjudicated_on: '2023-08-10',
          panel_held_on: null,
          chair_report_received_on: null,
          authority_responded_on: null,
          responded_on: '2023-08-10',
          outcome: 'not_upheld',
          investigator_cost_pence: 350000,
          independent_person_cost_pence: 90000,
          panel_cost_pence: null,
          other_cost_pence: 10000,
          lgsco_reference: null,
          lgsco_enquiry_received_on: null,
          lgsco_enquiry_responded_on: null,
          lgsco_decision: null,
          lgsco_decision_on: null,
          lgsco_fault_found: null,
          lgsco_injustice_found: null,
          people: 'independent_investigating_officer: Mark Olsen; independent_person: Ruth Bell',
        },
        {
          kind: 'stage3',
          requested_on: '2023-08-21',
          statement_agreed_on: null,
          reports_received_on: null,
          adjudicated_on: null,
          panel_held_on: '2023-09-15',
          chair_report_received_on: '2023-09-20',
          authority_responded_on: '2023-10-02',
          responded_on: '2023-10-02',
          outcome: 'not_upheld',
          investigator_cost_pence: null,
          independent_person_cost_pence: null,
          panel_cost_pence: 120000,
          other_cost_pence: 5000,
          lgsco_reference: null,
          lgsco_enquiry_received_on: null,
          lgsco_enquiry_responded_on: null,
          lgsco_decision: null,
          lgsco_decision_on: null,
          lgsco_fault_found: null,
          lgsco_injustice_found: null,
          people: 'panel_chair: Sam Ode',
        },
      ],
    );

    // Each stage's extension and pauses, on that stage's own response clock.
    const clockEventsOf = (ref: string) =>
      rows(sql`select s.kind as stage, e.clock, e.kind, e.occurred_on::text as occurred_on, e.extension_days, e.extended_to::text as extended_to, e.reason, e.complainant_agreed, e.agreed_on::text as agreed_on
        from clock_events e join stages s on s.id = e.stage_id where e.case_id = ${caseOf(ref)} order by s.kind::text, e.occurred_on, e.kind::text`);
    const event = (stage: string, clock: string, kind: string, on: string, more: Record<string, unknown> = {}) => ({
      stage,
      clock,
      kind,
      occurred_on: on,
      extension_days: null,
      extended_to: null,
      reason: 'Imported from Old',
      complainant_agreed: null,
      agreed_on: null,
      ...more,
    });
    const s1 = 'stage1_response';
    const s2 = 'stage2_investigation';
    const s3 = 'stage3_authority_response';
    const lg = 'lgsco_enquiry';
    assert.deepEqual(await clockEventsOf('EV1'), [
      event('lgsco', lg, 'extended', '2023-11-10', { extension_days: 14 }),
      event('lgsco', lg, 'paused', '2023-11-12', { reason: 'awaiting the Ombudsman’s reply' }),
      event('lgsco', lg, 'resumed', '2023-11-13', { reason: 'awaiting the Ombudsman’s reply' }),
      event('stage1', s1, 'extended', '2023-06-12', {
        extension_days: 5,
        complainant_agreed: true,
        agreed_on: '2023-06-12',
      }),
      event('stage1', s1, 'paused', '2023-06-13', { reason: 'awaiting records' }),
      event('stage1', s1, 'resumed', '2023-06-15', { reason: 'awaiting records' }),
      event('stage2', s2, 'extended', '2023-07-10', { extended_to: '2023-09-29', complainant_agreed: false }),
      event('stage2', s2, 'paused', '2023-07-17', { reason: 'investigator unwell' }),
      event('stage2', s2, 'resumed', '2023-07-19', { reason: 'investigator unwell' }),
      event('stage3', s3, 'paused', '2023-09-22', { reason: 'awaiting legal advice' }),
      event('stage3', s3, 'resumed', '2023-09-25', { reason: 'awaiting legal advice' }),
    ]);
    assert.deepEqual(await clockEventsOf('EV2'), [
      event('lgsco', lg, 'extended', '2023-08-05', { extended_to: '2023-09-15' }),
      event('stage1', 'stage1_response', 'extended', '2023-06-12', {
        extended_to: '2023-06-30',
        complainant_agreed: true,
        agreed_on: '2023-06-12',
      }),
    ]);
    assert.deepEqual(await clockEventsOf('EV4'), [
      event('stage2', s2, 'extended', '2023-06-26', { extension_days: 10 }),
    ]);

    assert.deepEqual(
      await rows(sql`select s.kind as stage, r.label as type, m.amount_pence, m.completed_on::text as completed_on, m.paid_to
        from remedies m join stages s on s.id = m.stage_id join reference_items r on r.id = m.remedy_type_id
        where s.case_id = ${caseOf('EV1')} order by s.kind::text, r.label`),
      [
        {
          stage: 'lgsco',
          type: 'Reimbursement',
          amount_pence: 7500,
          completed_on: '2024-02-20',
          paid_to: 'Ann Example',
        },
        { stage: 'stage1', type: 'Apology', amount_pence: null, completed_on: '2023-06-30', paid_to: null },
        { stage: 'stage2', type: 'Time and trouble payment', amount_pence: 10000, completed_on: null, paid_to: null },
        // The stage3_remedies column and the remedies column (the last local stage) both land on Stage 3.
        { stage: 'stage3', type: 'Apology', amount_pence: null, completed_on: '2023-10-02', paid_to: null },
        {
          stage: 'stage3',
          type: 'Time and trouble payment',
          amount_pence: 15000,
          completed_on: '2023-10-10',
          paid_to: 'Ann Example',
        },
      ],
    );
    assert.deepEqual(
      await rows(sql`select r.label as type, l.text from learning_points l join reference_items r on r.id = l.learning_type_id
        where l.case_id = ${caseOf('EV1')}`),
      [{ type: 'Peer review', text: 'A second opinion before cancelling visits' }],
    );

    // The withdrawals, each on its own stage, with the reason where one was given.
    assert.deepEqual(
      await rows(sql`select f.reference, s.kind, s.responded_on::text as responded_on, s.outcome, s.outcome_override_reason
        from stages s join feedback_cases f on f.id = s.case_id
        where f.reference in ('EV2', 'EV3', 'EV4') and s.outcome = 'withdrawn' order by f.reference`),
      [
        {
          reference: 'EV2',
          kind: 'stage2',
          responded_on: '2023-07-20',
          outcome: 'withdrawn',
          outcome_override_reason: 'Withdrawn: Resolved with the school',
        },
        {
          reference: 'EV3',
          kind: 'stage1',
          responded_on: '2023-06-09',
          outcome: 'withdrawn',
          outcome_override_reason: 'Withdrawn: no reason recorded in the old system',
        },
        {
          reference: 'EV4',
          kind: 'stage3',
          responded_on: '2023-09-01',
          outcome: 'withdrawn',
          outcome_override_reason: 'Withdrawn: no reason recorded in the old system',
        },
      ],
    );

    assert.deepEqual(
      await rows(sql`select u.name as team, o.label as origin, t.label as theme, m.staff_name
        from compliments m left join org_unit_names u on u.org_unit_id = m.team_id
        left join reference_items o on o.id = m.origin_id left join reference_items t on t.id = m.theme_id
        where m.case_id = ${caseOf('EV5')}`),
      [
        {
          team: 'Fostering Recruitment',
          origin: 'Foster carer',
          theme: 'Going the extra mile',
          staff_name: 'Jo Bloggs',
        },
      ],
    );
  });
});
