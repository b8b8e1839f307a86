import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shippedTestCalendar } from '../../test/support/calendar.ts';
import { presetAsPolicy } from '../domain/timescales/presets.ts';
import { periodFigures, type FigureOptions } from './figures.ts';
import { reportModel, rowsWhere } from './model.ts';
import type { ReportCase, ReportRows, ReportStage } from './rows.ts';
import { reportSections, reportTables, summaryParagraphs } from './sections.ts';

/**
 * Migrated cases count in the timescale figures like any other when their
 * dates rebuild the clock; the stages whose clocks cannot be rebuilt are left
 * out and listed, with why, in the data quality table. June and July 2023 have
 * no bank holidays: received Thursday 1 June, Stage 1 is due on 15 June.
 */
const kase = (id: string, migrated: boolean, more: Partial<ReportCase> = {}): ReportCase => ({
  id,
  reference: `CS-2023-${id}`,
  type: 'complaint',
  procedure: 'childrens_statutory',
  receivedOn: '2023-06-01',
  acknowledgedOn: '2023-06-02',
  closedOn: null,
  migrated,
  teamId: null,
  timescalePolicyId: null,
  channel: null,
  category: null,
  themes: [],
  complainantId: null,
  relationship: null,
  childComplainant: false,
  childGroup: null,
  childEthnicity: null,
  lookedAfter: false,
  outcome: null,
  ...more,
});
const stage = (caseId: string, kind: ReportStage['kind'], dates: Partial<ReportStage>): ReportStage => ({
  caseId,
  kind,
  requestedOn: null,
  startedOn: null,
  statementAgreedOn: null,
  respondedOn: null,
  panelHeldOn: null,
  chairReportReceivedOn: null,
  authorityRespondedOn: null,
  lgscoEnquiryReceivedOn: null,
  lgscoEnquiryRespondedOn: null,
  lgscoDecision: null,
  lgscoDecisionOn: null,
  lgscoFaultFound: null,
  lgscoInjusticeFound: null,
  outcome: null,
  costPence: 0,
  ...dates,
});

const rows: ReportRows = {
  cases: [
    kase('live', false),
    kase('migrated', true),
    kase('noanswer', true, { closedOn: '2023-07-01' }),
    kase('badext', true),
    kase('nostatement', false),
    kase('withdrawn', false),
  ],
  stages: [
    // Answered on 14 June: 9 working days, within the 10.
    stage('live', 'stage1', { startedOn: '2023-06-01', respondedOn: '2023-06-14', outcome: 'upheld' }),
    // Migrated, answered on 22 June: 15 working days, missed; its dates rebuild the clock, so it counts.
    stage('migrated', 'stage1', { startedOn: '2023-06-01', respondedOn: '2023-06-22', outcome: 'not_upheld' }),
    // Migrated and closed, with no Stage 1 response: its clock has nowhere to stop.
    stage('noanswer', 'stage1', { startedOn: '2023-06-01', outcome: 'upheld' }),
    // Migrated, with an extension the complainant is not recorded as agreeing (the rule needs it).
    stage('badext', 'stage1', { startedOn: '2023-06-01', respondedOn: '2023-06-22', outcome: 'upheld' }),
    // Stage 2 answered with no statement of complaint agreed: its clock never started.
    stage('nostatement', 'stage1', { startedOn: '2023-06-01', respondedOn: '2023-06-01', outcome: 'not_upheld' }),
    stage('nostatement', 'stage2', { requestedOn: '2023-06-05', respondedOn: '2023-07-20', outcome: 'not_upheld' }),
    stage('withdrawn', 'stage1', { startedOn: '2023-06-01', respondedOn: '2023-06-09', outcome: 'withdrawn' }),
  ],
  investigations: [],
  remedies: [],
  learning: [],
  actions: [],
  compliments: [],
  clockEvents: [
    {
      caseId: 'badext',
      clock: 'stage1_response',
      kind: 'extended',
      on: '2023-06-12',
      days: 5,
      reason: 'Complex',
      complainantAgreed: null,
    },
  ],
  teams: [],
  policies: [presetAsPolicy('childrens_statutory')],
  context: [],
};
const period = { from: '2023-04-01', to: '2024-03-31', label: '2023/24' };
const included: FigureOptions = { teamNames: 'as_was', excludeMigratedFromTimescales: false };
const excluded: FigureOptions = { teamNames: 'as_was', excludeMigratedFromTimescales: true };
const figures = (opts: FigureOptions, r = rows) => periodFigures(r, period, opts, shippedTestCalendar());
const ref = (id: string) => `CS-2023-${id}`;

describe('migrated cases in the timescale figures', () => {
  it('count like any other when their dates rebuild the clock; the rest are left out and counted', () => {
    const [s1, s2] = figures(included).timescales;
    assert.deepEqual(s1, {
      procedure: 'childrens_statutory',
      stage: 'stage1',
      responses: 3,
      metBase: 2,
      metExtension: 0,
      missed: 1,
      excludedMigrated: 0,
      cannotRebuild: 1,
      withdrawn: 1,
      averageDays: 8,
      medianDays: 9,
      refs: [ref('live'), ref('migrated'), ref('nostatement')],
    });
    assert.deepEqual(s2, {
      procedure: 'childrens_statutory',
      stage: 'stage2',
      responses: 0,
      metBase: 0,
      metExtension: 0,
      missed: 0,
      excludedMigrated: 0,
      cannotRebuild: 1,
      withdrawn: 0,
      averageDays: null,
      medianDays: null,
      refs: [],
    });
  });

  it('the data quality table says how many stages were left out, why, and which cases', () => {
    assert.deepEqual(figures(included).dataQuality, [
      {
        label:
          'Stage 1: an extension the clock cannot use (no new due date or number of days, beyond the limit, or without the agreement it needs)',
        count: 1,
        percent: 33.3,
        refs: [ref('badext')],
      },
      { label: 'Stage 1: missing a response date', count: 1, percent: 33.3, refs: [ref('noanswer')] },
      {
        label: 'Stage 2: missing the date the statement of complaint was agreed',
        count: 1,
        percent: 33.3,
        refs: [ref('nostatement')],
      },
    ]);
    const model = reportModel(rows, period.from, period.to, included, shippedTestCalendar());
    const table = reportTables(model).find((t) => t.name === 'data-quality')!;
    assert.deepEqual(
      table.rows.map((r) => r.slice(0, 2)),
      figures(included).dataQuality.map((d) => [d.label, d.count]),
    );
    assert.deepEqual(table.refs, [[ref('badext')], [ref('noanswer')], [ref('nostatement')]]);
    const timescales = reportTables(model).find((t) => t.name === 'timescales')!;
    assert.equal(timescales.head[9], 'Dates missing, left out');
    assert.deepEqual(
      timescales.rows.map((r) => r[9]),
      [1, 1],
    );
  });

  it('may all be left out: counted as migrated, and not listed under data quality', () => {
    const f = figures(excluded);
    const s1 = f.timescales[0]!;
    assert.deepEqual(
      [s1.responses, s1.metBase, s1.missed, s1.excludedMigrated, s1.cannotRebuild, s1.withdrawn, s1.averageDays],
      [2, 2, 0, 2, 0, 1, 4.5],
    );
    assert.deepEqual(
      f.dataQuality.map((d) => d.label),
      ['Stage 2: missing the date the statement of complaint was agreed'],
    );
  });

  it('a withdrawn stage is neither on time nor late, and not in the average days', () => {
    const s1 = figures(included).timescales[0]!;
    assert.equal(s1.withdrawn, 1);
    assert.ok(!s1.refs!.includes(ref('withdrawn')));
    assert.equal(s1.averageDays, 8, '(9 + 15 + 0) / 3: the withdrawal, after 6 working days, is not among them');
  });
});

describe('the summary’s Stage 1 sentence', () => {
  const summary = (opts: FigureOptions, r = rows) =>
    summaryParagraphs(reportModel(r, period.from, period.to, opts, shippedTestCalendar()), 'Testshire')[3];

  it('says what was judged, what was left out and why, and the withdrawals', () => {
    assert.equal(
      summary(included),
      '2 of 3 Stage 1 responses (66.7%) were within the timescale or an agreed extension. 1 more was sent but not judged: 1 whose dates cannot rebuild the clock (see Data quality). 1 Stage 1 complaint was withdrawn before a response.',
    );
    assert.equal(
      summary(excluded),
      '2 of 2 Stage 1 responses (100%) were within the timescale or an agreed extension. 2 more were sent but not judged: 2 from migrated cases, which this report leaves out. 1 Stage 1 complaint was withdrawn before a response.',
    );
  });

  it('never says no responses were sent when they were sent but left out', () => {
    const migratedOnly = rowsWhere(rows, (c) => c.migrated);
    assert.equal(
      summary(excluded, migratedOnly),
      '2 Stage 1 responses were sent in the period, none of them judged against the timescale: 2 from migrated cases, which this report leaves out.',
    );
    const none = rowsWhere(rows, () => false);
    assert.equal(summary(included, none), 'No Stage 1 responses were sent in the period.');
  });
});

describe('withdrawn stages', () => {
  // Stage 2 of "nostatement" and a Stage 3 are withdrawn (the withdraw action dates them as answered), beside one answered.
  const withWithdrawals: ReportRows = {
    ...rows,
    cases: [...rows.cases, kase('s2w', false), kase('s3w', false)],
    stages: [
      ...rows.stages,
      stage('s2w', 'stage1', { startedOn: '2023-06-01', respondedOn: '2023-06-05', outcome: 'not_upheld' }),
      stage('s2w', 'stage2', {
        requestedOn: '2023-06-10',
        statementAgreedOn: '2023-06-12',
        respondedOn: '2023-06-20',
        outcome: 'withdrawn',
      }),
      stage('s3w', 'stage1', { startedOn: '2023-06-01', respondedOn: '2023-06-05', outcome: 'not_upheld' }),
      stage('s3w', 'stage2', {
        requestedOn: '2023-06-06',
        statementAgreedOn: '2023-06-07',
        respondedOn: '2023-06-20',
        outcome: 'not_upheld',
      }),
      stage('s3w', 'stage3', { requestedOn: '2023-06-25', respondedOn: '2023-07-05', outcome: 'withdrawn' }),
    ],
  };
  const f = figures(included, withWithdrawals);

  it('are their own row in the stage outcome tables', () => {
    assert.deepEqual(f.stage2Outcomes, [
      { label: 'Not upheld', count: 2, percent: 66.7, refs: [ref('nostatement'), ref('s3w')] },
      { label: 'Withdrawn', count: 1, percent: 33.3, refs: [ref('s2w')] },
    ]);
    assert.deepEqual(f.stage3Outcomes, [{ label: 'Withdrawn', count: 1, percent: 100, refs: [ref('s3w')] }]);
    assert.deepEqual(f.outcomes.withdrawn, { count: 1, refs: [ref('withdrawn')] });
    const model = reportModel(withWithdrawals, period.from, period.to, included, shippedTestCalendar());
    const outcomes = reportTables(model).find((t) => t.name === 'outcomes')!;
    assert.deepEqual(outcomes.rows.at(-1), [
      'Withdrawn before a Stage 1 response (not among the answered)',
      1,
      null,
      null,
    ]);
    assert.deepEqual(
      reportTables(model)
        .find((t) => t.name === 'stage3-outcomes')!
        .rows.map((r) => r.slice(0, 2)),
      [['Withdrawn', 1]],
    );
  });

  it('are counted in the progression figures', () => {
    assert.deepEqual(f.progression, {
      beyondStage1: 3,
      stage2: 3,
      stage3: 1,
      lgsco: 0,
      withdrawn: { stage2: 1, stage3: 1 },
    });
    const model = reportModel(withWithdrawals, period.from, period.to, included, shippedTestCalendar());
    const beyond = reportTables(model).find((t) => t.name === 'beyond-stage-1')!;
    assert.deepEqual(
      beyond.rows.filter((r) => r[0] === 'of which withdrawn').map((r) => r[3]),
      [1, 1],
    );
  });

  it('never enter the average or median days, nor count as on time', () => {
    const s2 = f.timescales.find((t) => t.stage === 'stage2')!;
    // s3w's Stage 2: agreed 7 June, answered 20 June: 9 working days; s2w's withdrawal (6 days) is not counted.
    assert.deepEqual(
      [s2.responses, s2.metBase, s2.withdrawn, s2.averageDays, s2.medianDays, s2.refs],
      [1, 1, 1, 9, 9, [ref('s3w')]],
    );
  });
});

describe('gaps are not zeros', () => {
  it('a year that ended before the earliest case held shows "no data", never 0', () => {
    // Data held from 1 May 2022: 2021/22 ended before it; 2022/23 has data (none received), 2023/24 has cases.
    const held: ReportRows = { ...rows, firstReceivedOn: '2022-05-01' };
    const model = reportModel(held, period.from, period.to, included, shippedTestCalendar(), [
      { period: { from: '2020-04-01', to: '2021-03-31', label: '2020/21' }, byType: figures(included).byType },
    ]);
    assert.deepEqual(
      model.periods.map((p) => p.dataHeld),
      [false, true, true],
    );
    const tables = reportTables(model);
    const row = (name: string, label: string) => tables.find((t) => t.name === name)!.rows.find((r) => r[0] === label);
    assert.deepEqual(row('by-type', 'Complaint'), ['Complaint', 'no data', 0, 6]);
    assert.deepEqual(row('complaints', 'Complaints'), ['Complaints', 'no data', 0, 6]);
    assert.deepEqual(row('by-quarter', 'Q1'), ['Q1', 'no data', 0, 6]);
    assert.deepEqual(row('trends', 'Complaints'), ['Complaints', 'no data', 0, 6, 'increased', 'neither']);
    assert.deepEqual(row('by-type-long-run', 'Complaint'), ['Complaint', 'no data', 'no data', 0, 6]);
    assert.deepEqual(
      model.longRun.map((y) => y.held),
      [false, false, true, true],
    );
  });

  it('Stage 2 and 3 costs not recorded show "not recorded", never £0.00; recorded zero stays £0.00', () => {
    const withCosts = (costs: (number | null)[]): ReportRows => ({
      ...rows,
      stages: [
        ...rows.stages.filter((s) => s.kind !== 'stage2'),
        ...costs.map((costPence, i) => stage(rows.cases[i]!.id, 'stage2', { requestedOn: '2023-06-10', costPence })),
      ],
    });
    const costs = (r: ReportRows) => figures(included, r).costs;
    assert.deepEqual(costs(withCosts([null, null])), {
      stage2Pence: null,
      stage3Pence: 0,
      unrecorded: { stage2: 2, stage3: 0 },
    });
    assert.deepEqual(costs(withCosts([0, null])).stage2Pence, 0);
    assert.deepEqual(costs(withCosts([150000, null])), {
      stage2Pence: 150000,
      stage3Pence: 0,
      unrecorded: { stage2: 1, stage3: 0 },
    });
    const model = reportModel(withCosts([null, null]), period.from, period.to, included, shippedTestCalendar());
    const beyond = reportTables(model).find((t) => t.name === 'beyond-stage-1')!;
    assert.deepEqual(
      beyond.rows.find((r) => r[0] === 'Stage 2 costs (£)'),
      ['Stage 2 costs (£)', 0, 0, 'not recorded'],
    );
    const paragraph = (r: ReportRows) =>
      reportSections(reportModel(r, period.from, period.to, included, shippedTestCalendar()), 'Testshire').find(
        (x) => x.id === 'beyond-stage-1',
      )!.paragraphs[0]!;
    assert.match(paragraph(withCosts([null, null])), /Stage 2 cost not recorded\. /);
    assert.doesNotMatch(paragraph(withCosts([null, null])), /Stage 3 £/, 'no cost for a stage nobody asked for');
    assert.match(paragraph(withCosts([150000, null])), /Stage 2 cost £1,500\.00 \(1 of 2 with no cost recorded\)/);
  });
});

describe('by directorate and by service', () => {
  const unit = (id: string, kind: 'directorate' | 'service' | 'team', name: string, parentId: string | null) => ({
    id,
    kind,
    names: [{ name, validFrom: '2000-01-01', validTo: null }],
    parentId,
    successorId: null,
  });
  const teams = [
    unit('d1', 'directorate', 'Children and Families', null),
    unit('s1', 'service', 'Safeguarding', 'd1'),
    unit('t1', 'team', 'Front Door', 's1'),
    unit('t2', 'team', 'Fostering', 's1'),
    unit('d2', 'directorate', 'Education', null),
  ];
  // live, migrated and nostatement in Front Door; withdrawn in Fostering; badext recorded against Education only.
  const teamOf: Record<string, string> = {
    live: 't1',
    migrated: 't1',
    nostatement: 't1',
    withdrawn: 't2',
    badext: 'd2',
    noanswer: 'd2',
  };
  const org: ReportRows = {
    ...rows,
    cases: rows.cases.map((c) => ({ ...c, teamId: teamOf[c.id] ?? null })),
    teams,
    investigations: [
      { caseId: 'live', stage: 'stage1', teamId: 't1', outcome: 'upheld', respondedOn: '2023-06-14' },
      { caseId: 'migrated', stage: 'stage1', teamId: 't1', outcome: 'partially_upheld', respondedOn: '2023-06-22' },
      { caseId: 'nostatement', stage: 'stage1', teamId: 't2', outcome: 'not_upheld', respondedOn: '2023-06-01' },
      { caseId: 'badext', stage: 'stage1', teamId: 'd2', outcome: 'upheld', respondedOn: '2023-06-22' },
    ],
  };
  const f = figures(included, org);

  it('upheld in full beside upheld in full or in part, by team and by directorate', () => {
    const strip = (rates: typeof f.outcomes.upheldByTeam) =>
      rates.map(({ label, withFinding, upheld, percent, upheldInFull, percentInFull }) => [
        label,
        withFinding,
        upheld,
        percent,
        upheldInFull,
        percentInFull,
      ]);
    assert.deepEqual(strip(f.outcomes.upheldByTeam), [
      ['Front Door', 2, 2, 100, 1, 50],
      ['Education', 1, 1, 100, 1, 100],
      ['Fostering', 1, 0, 0, 0, 0],
    ]);
    assert.deepEqual(strip(f.outcomes.upheldByDirectorate), [
      ['Children and Families', 3, 2, 66.7, 1, 33.3],
      ['Education', 1, 1, 100, 1, 100],
    ]);
    const table = reportTables(reportModel(org, period.from, period.to, included, shippedTestCalendar())).find(
      (t) => t.name === 'upheld-by-directorate',
    )!;
    assert.deepEqual(table.head, [
      'Directorate',
      'Investigations with a finding',
      'Upheld in full or in part',
      '% upheld in full or in part',
      'Upheld in full',
      '% upheld in full',
    ]);
    assert.match(table.caption, /upheld in full, and in full or in part/);
  });

  it('complaints and Stage 1 timeliness by directorate and by service; a directorate-only case has no service', () => {
    const strip = (r: typeof f.byDirectorate) =>
      r.map((u) => [u.label, u.complaints, u.stage1Responses, u.stage1OnTime, u.onTimePercent, u.averageDays, u.refs]);
    // Front Door: live (9 days, on time), migrated (15, missed), nostatement (0, on time); Fostering: a withdrawal only.
    assert.deepEqual(strip(f.byDirectorate), [
      ['Children and Families', 4, 3, 2, 66.7, 8, [ref('live'), ref('migrated'), ref('nostatement'), ref('withdrawn')]],
      ['Education', 2, 0, 0, null, null, [ref('noanswer'), ref('badext')]],
    ]);
    assert.deepEqual(strip(f.byService), [
      ['Safeguarding', 4, 3, 2, 66.7, 8, [ref('live'), ref('migrated'), ref('nostatement'), ref('withdrawn')]],
      ['No service recorded', 2, 0, 0, null, null, [ref('noanswer'), ref('badext')]],
    ]);
  });
});
