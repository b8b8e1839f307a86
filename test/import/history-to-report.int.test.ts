import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../src/domain/clock.ts';
import { rowsOf } from '../../src/db/rows.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import type { PeriodFigures } from '../../src/reports/figures.ts';
import { reportSections } from '../../src/reports/sections.ts';
import type { Actor } from '../../src/services/actor.ts';
import type { Services } from '../../src/services/index.ts';
import { testDatabase } from '../support/database.ts';
import { makeUser, testServices } from '../support/factories.ts';

/**
 * A council's history as it arrives: its organisation from the set-up file,
 * three years of cases from its old system's export, then the annual report
 * with the options a council starts with. The figures asserted are the ones a
 * council publishes, worked out by hand from the rows below (working days
 * count from the day after the start; no bank holidays fall in these weeks).
 */
const COLUMNS = [
  'legacy_reference',
  'type',
  'received_on',
  'procedure',
  'team',
  'closed_on',
  'complainant_name',
  'complainant_relationship',
  'stage1_responded_on',
  'stage1_outcome',
  'stage1_extended_on',
  'stage1_extension_days',
  'stage1_extension_agreed',
  'stage1_remedies',
  'stage2_requested_on',
  'stage2_statement_agreed_on',
  'stage2_responded_on',
  'stage2_outcome',
  'stage2_withdrawn_on',
  'withdrawal_reason',
  'stage3_requested_on',
  'stage3_panel_held_on',
  'stage3_chair_report_on',
  'stage3_responded_on',
  'stage3_outcome',
  'stage3_withdrawn_on',
  'compliment_origin',
] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string>>;

const ROWS: Row[] = [
  // 2023/24. H1: answered on day 9 of 10, upheld; the complainant's relationship is known, not their name.
  {
    legacy_reference: 'H1',
    type: 'complaint',
    received_on: '2023-06-05',
    procedure: 'childrens_statutory',
    team: 'Assessment Team',
    closed_on: '2023-06-16',
    complainant_relationship: 'Mother',
    stage1_responded_on: '2023-06-16',
    stage1_outcome: 'upheld',
    // A payment the old system recorded without its date: counted in the year the case was received.
    stage1_remedies: 'Financial remedy: 50',
  },
  // H2: extended by 5 working days with agreement, answered on day 14 (within the extension), partly upheld;
  // asked for Stage 2, then withdrew.
  {
    legacy_reference: 'H2',
    type: 'complaint',
    received_on: '2023-07-03',
    procedure: 'childrens_statutory',
    team: 'Assessment Team',
    closed_on: '2023-08-15',
    complainant_name: 'Ann Example',
    stage1_responded_on: '2023-07-21',
    stage1_outcome: 'partially upheld',
    stage1_extended_on: '2023-07-10',
    stage1_extension_days: '5',
    stage1_extension_agreed: 'yes',
    stage2_requested_on: '2023-08-01',
    stage2_withdrawn_on: '2023-08-15',
    withdrawal_reason: 'Resolved with the social worker',
  },
  // H3: Stage 1 answered on day 19 (late), an apology given at Stage 1; on to Stage 2 (day 19 of 25) and Stage 3.
  {
    legacy_reference: 'H3',
    type: 'complaint',
    received_on: '2023-09-04',
    procedure: 'childrens_statutory',
    team: 'Children in Care',
    closed_on: '2023-12-08',
    complainant_name: 'Bo Example',
    stage1_responded_on: '2023-09-29',
    stage1_outcome: 'not upheld',
    stage1_remedies: 'Apology',
    stage2_requested_on: '2023-10-02',
    stage2_statement_agreed_on: '2023-10-02',
    stage2_responded_on: '2023-10-27',
    stage2_outcome: 'not upheld',
    stage3_requested_on: '2023-11-01',
    stage3_panel_held_on: '2023-11-20',
    stage3_chair_report_on: '2023-11-24',
    stage3_responded_on: '2023-12-08',
    stage3_outcome: 'not upheld',
  },
  // H4: recorded against a directorate only, under the corporate procedure; answered on day 9.
  {
    legacy_reference: 'H4',
    type: 'complaint',
    received_on: '2023-10-02',
    procedure: 'corporate',
    team: 'Education and Skills',
    closed_on: '2023-10-13',
    complainant_name: 'Cy Example',
    stage1_responded_on: '2023-10-13',
    stage1_outcome: 'not upheld',
  },
  // H5: a compliment from a parent.
  {
    legacy_reference: 'H5',
    type: 'compliment',
    received_on: '2023-11-06',
    team: 'Assessment Team',
    closed_on: '2023-11-06',
    compliment_origin: 'Parent or carer',
  },
  // The two years before: one complaint in 2022/23, one concern in 2021/22.
  {
    legacy_reference: 'H6',
    type: 'complaint',
    received_on: '2022-06-06',
    procedure: 'childrens_statutory',
    team: 'Assessment Team',
    closed_on: '2022-06-17',
    complainant_name: 'Di Example',
    stage1_responded_on: '2022-06-17',
    stage1_outcome: 'upheld',
    // Paid the next year, to the complainant: counted in the year it was paid, 2023/24.
    stage1_remedies: 'Apology; Financial remedy: 100 paid 2023-05-02 to Di Example (mother)',
  },
  // H8, 2022/23: to Stage 3, then withdrawn before the panel.
  {
    legacy_reference: 'H8',
    type: 'complaint',
    received_on: '2022-07-04',
    procedure: 'childrens_statutory',
    team: 'Children in Care',
    closed_on: '2022-09-05',
    complainant_name: 'Ed Example',
    stage1_responded_on: '2022-07-15',
    stage1_outcome: 'not upheld',
    stage2_requested_on: '2022-07-18',
    stage2_statement_agreed_on: '2022-07-18',
    stage2_responded_on: '2022-08-19',
    stage2_outcome: 'not upheld',
    stage3_requested_on: '2022-08-22',
    stage3_withdrawn_on: '2022-09-05',
  },
  {
    legacy_reference: 'H7',
    type: 'concern',
    received_on: '2021-09-06',
    team: 'Assessment Team',
    closed_on: '2021-09-07',
  },
];

const csv = () =>
  Buffer.from(
    [COLUMNS.join(','), ...ROWS.map((r) => COLUMNS.map((c) => JSON.stringify(r[c] ?? '')).join(','))].join('\n'),
  );

describe('a council’s history in, and the report it publishes out', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let admin: Actor;
  let now: PeriodFigures;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-06-03T09:00:00Z'));
    admin = (await makeUser(svc, 'administrator')).actor;
    const setup = await svc.setup.load(admin, readFileSync(new URL('../../docs/examples/setup.yaml', import.meta.url)));
    assert.deepEqual(setup.problems ?? [], []);
    const check = await svc.legacyImport.run(admin, {
      fileName: 'history.csv',
      content: csv(),
      legacySystem: 'Old CRM',
      dryRun: true,
    });
    assert.deepEqual(check.problems, [], 'the dry run finds nothing wrong');
    const done = await svc.legacyImport.run(admin, {
      fileName: 'history.csv',
      content: csv(),
      legacySystem: 'Old CRM',
      dryRun: false,
    });
    assert.equal(done.imported, ROWS.length);
    const model = await svc.reports.model('2023-04-01', '2024-03-31');
    now = model.periods.at(-1)!;
  });
  after(() => handle.close());

  it('counts what was received, in each of the three years', async () => {
    const model = await svc.reports.model('2023-04-01', '2024-03-31');
    assert.deepEqual(
      model.periods.map((p) => [p.period.label, p.total, p.complaints]),
      [
        ['2021/22', 1, 0],
        ['2022/23', 2, 2],
        ['2023/24', 5, 4],
      ],
    );
    assert.equal(now.byType.compliment, 1);
  });

  it('judges Stage 1 by its clock, counting the migrated cases: within, within an extension, over, and the days', () => {
    const statutory = now.timescales.find((t) => t.procedure === 'childrens_statutory' && t.stage === 'stage1')!;
    assert.deepEqual(
      [statutory.responses, statutory.metBase, statutory.metExtension, statutory.missed, statutory.averageDays],
      [3, 1, 1, 1, 14],
    );
    const corporate = now.timescales.find((t) => t.procedure === 'corporate' && t.stage === 'stage1')!;
    assert.deepEqual([corporate.responses, corporate.metBase], [1, 1]);
    assert.deepEqual(now.dataQuality, [], 'every imported stage has the dates its clock needs');
  });

  it('counts the Stage 2 withdrawal as a withdrawal: not a response, in the outcomes and the progression', () => {
    const stage2 = now.timescales.find((t) => t.procedure === 'childrens_statutory' && t.stage === 'stage2')!;
    assert.deepEqual([stage2.responses, stage2.metBase, stage2.withdrawn], [1, 1, 1]);
    assert.deepEqual(now.stage2Outcomes.map((c) => [c.label, c.count]).sort(), [
      ['Not upheld', 1],
      ['Withdrawn', 1],
    ]);
    assert.deepEqual([now.progression.stage2, now.progression.stage3, now.progression.withdrawn.stage2], [2, 1, 1]);
  });

  it('keeps the Stage 1 apology on Stage 1 of the case that went to Stage 3', async () => {
    const id = (await svc.cases.idForReference('H3'))!;
    const record = await svc.cases.record(admin, id);
    assert.deepEqual(
      record.stages.map((s) => [s.kind, s.remedies.map((r) => r.type)]),
      [
        ['stage1', ['Apology']],
        ['stage2', []],
        ['stage3', []],
      ],
    );
    assert.deepEqual(
      now.remedies.map((c) => [c.label, c.count]),
      [
        ['Apology', 1],
        ['Financial remedy', 1],
      ],
    );
    // H1's payment and H3's apology, each at the Stage 1 it was given at.
    assert.deepEqual(
      now.remediesByStage.map((c) => [c.label, c.count]),
      [['Stage 1', 2]],
    );
  });

  it('reports money in the year it was paid, or by the case’s receipt when the payment date was not recorded, and keeps to whom', async () => {
    const model = await svc.reports.model('2023-04-01', '2024-03-31');
    assert.deepEqual(
      model.periods.map((p) => [p.period.label, p.financialRemediesPence, p.financialRemediesUndated]),
      [
        ['2021/22', 0, 0],
        ['2022/23', 0, 0],
        ['2023/24', 15000, 1],
      ],
    );
    const id = (await svc.cases.idForReference('H6'))!;
    assert.deepEqual(
      rowsOf(
        await handle.db.execute(
          sql`select m.amount_pence as pence, m.completed_on::text as "paidOn", m.paid_to as "paidTo" from remedies m
              join stages s on s.id = m.stage_id where s.case_id = ${id} and m.amount_pence is not null`,
        ),
      ),
      [{ pence: 10000, paidOn: '2023-05-02', paidTo: 'Di Example (mother)' }],
    );
    const h1 = (await svc.cases.idForReference('H1'))!;
    assert.deepEqual(
      rowsOf(
        await handle.db.execute(
          sql`select m.completed_on::text as "paidOn" from remedies m join stages s on s.id = m.stage_id where s.case_id = ${h1}`,
        ),
      ),
      [{ paidOn: null }],
      'a payment without its date is not given the stage’s',
    );
    const beyond = reportSections(model, 'Example Council').find((x) => x.id === 'beyond-stage-1')!;
    assert.match(
      beyond.paragraphs[0]!,
      /Financial remedies paid in the period came to £150\.00 \(counted by the date each was paid; 1 payment has no payment date recorded and is counted by when the case was received\)\./,
    );
  });

  it('reports the relationship given without a name, the directorates, upheld in full, and the compliment’s origin', () => {
    assert.equal(now.people.relationship.find((c) => c.label === 'Mother')?.count, 1);
    assert.deepEqual(now.byDirectorate.map((d) => [d.label, d.complaints]).sort(), [
      ["Children's Services", 3],
      ['Education and Skills', 1],
    ]);
    const assessment = now.outcomes.upheldByTeam.find((t) => t.label === 'Assessment Team')!;
    assert.deepEqual([assessment.withFinding, assessment.upheld, assessment.upheldInFull], [2, 2, 1]);
    assert.deepEqual(
      now.compliments.byOrigin.map((c) => [c.label, c.count]),
      [['Parent or carer', 1]],
    );
  });

  it('shows a withdrawn Stage 3 in the timescale table’s withdrawn column, never as a response', async () => {
    const model = await svc.reports.model('2023-04-01', '2024-03-31');
    const before = model.periods[1]!;
    const stage3 = before.timescales.find((t) => t.procedure === 'childrens_statutory' && t.stage === 'stage3')!;
    assert.deepEqual([stage3.responses, stage3.withdrawn], [0, 1]);
    assert.deepEqual([before.progression.stage3, before.progression.withdrawn.stage3], [1, 1]);
  });

  it('compares the directorates and services over the three years', async () => {
    const model = await svc.reports.model('2023-04-01', '2024-03-31');
    const tables = reportSections(model, 'Example Council').flatMap((x) => x.tables);
    const byDirectorate = tables.find((t) => t.name === 'by-directorate-years')!;
    assert.deepEqual(byDirectorate.head, [
      'Directorate',
      'Complaints 2021/22',
      'Complaints 2022/23',
      'Complaints 2023/24',
      '% within timescale or extension 2021/22',
      '% within timescale or extension 2022/23',
      '% within timescale or extension 2023/24',
    ]);
    // 2022/23: H6 and H8, both answered at Stage 1 within 10 working days; 2023/24: H1, H2 (extended) on time, H3 late.
    assert.deepEqual(
      [...byDirectorate.rows].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        ["Children's Services", 0, 2, 3, null, 100, 66.7],
        ['Education and Skills', 0, 0, 1, null, null, 100],
      ],
    );
    const byService = tables.find((t) => t.name === 'by-service-years')!;
    assert.deepEqual(
      byService.rows.find((r) => r[0] === "Children's Social Care"),
      ["Children's Social Care", 0, 2, 3, null, 100, 66.7],
    );
  });
});
