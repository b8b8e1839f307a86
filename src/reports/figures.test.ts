import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shippedTestCalendar } from '../../test/support/calendar.ts';
import { presetAsPolicy } from '../domain/timescales/presets.ts';
import { periodFigures, stage1Timeliness } from './figures.ts';
import type { ReportCase, ReportRows, ReportStage } from './rows.ts';

/**
 * Stage 2, Ombudsman and remedy-compliance figures on rows made by hand, so
 * each expected number can be checked with a calendar (June and July 2023
 * have no bank holidays).
 */
const kase = (id: string, reference: string): ReportCase => ({
  id,
  reference,
  type: 'complaint',
  procedure: 'childrens_statutory',
  receivedOn: '2023-04-20',
  acknowledgedOn: '2023-04-21',
  closedOn: null,
  migrated: false,
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
  cases: [kase('x', 'CS-2023-00010'), kase('y', 'CS-2023-00011')],
  stages: [
    // X: statement agreed Thu 1 June, answered Thu 29 June: 20 working days, within the 25.
    stage('x', 'stage2', {
      requestedOn: '2023-05-20',
      statementAgreedOn: '2023-06-01',
      respondedOn: '2023-06-29',
      outcome: 'upheld',
      costPence: 150000,
    }),
    // Y: statement agreed 1 June, answered Thu 20 July: 35 working days, no extension: missed.
    stage('y', 'stage2', {
      requestedOn: '2023-05-20',
      statementAgreedOn: '2023-06-01',
      respondedOn: '2023-07-20',
      outcome: 'not_upheld',
      costPence: 250000,
    }),
    stage('y', 'lgsco', {
      lgscoEnquiryReceivedOn: '2023-08-01',
      lgscoEnquiryRespondedOn: '2023-08-21',
      lgscoDecision: 'upheld',
      lgscoDecisionOn: '2023-10-02',
      lgscoFaultFound: true,
      lgscoInjusticeFound: true,
    }),
  ],
  investigations: [],
  remedies: [
    { caseId: 'y', stage: 'lgsco', type: 'Apology', amountPence: null, dueOn: '2023-11-01', completedOn: '2023-10-20' },
    {
      caseId: 'y',
      stage: 'lgsco',
      type: 'Financial',
      amountPence: 25000,
      dueOn: '2023-11-01',
      completedOn: '2023-11-15',
    },
    {
      caseId: 'y',
      stage: 'lgsco',
      type: 'Service improvement',
      amountPence: null,
      dueOn: '2023-12-01',
      completedOn: null,
    },
  ],
  learning: [],
  actions: [],
  compliments: [],
  clockEvents: [],
  teams: [],
  policies: [presetAsPolicy('childrens_statutory')],
  context: [],
};
const period = { from: '2023-04-01', to: '2024-03-31', label: '2023/24' };
const figures = periodFigures(
  rows,
  period,
  { teamNames: 'as_was', excludeMigratedFromTimescales: true },
  shippedTestCalendar(),
);

describe('figures beyond Stage 1', () => {
  it('Stage 2 timescales: met, missed, average and median working days', () => {
    const s2 = figures.timescales.find((t) => t.stage === 'stage2');
    assert.deepEqual(s2, {
      procedure: 'childrens_statutory',
      stage: 'stage2',
      responses: 2,
      metBase: 1,
      metExtension: 0,
      missed: 1,
      excludedMigrated: 0,
      cannotRebuild: 0,
      withdrawn: 0,
      averageDays: 27.5,
      medianDays: 27.5,
      refs: ['CS-2023-00010', 'CS-2023-00011'],
    });
  });

  it('the Ombudsman enquiry is judged on its own clock', () => {
    const lg = figures.timescales.find((t) => t.stage === 'lgsco');
    assert.equal(lg?.responses, 1);
    assert.deepEqual(
      figures.timescales.map((t) => t.stage),
      ['stage2', 'lgsco'],
      'no Stage 1 row: neither case has a Stage 1 answered',
    );
  });

  it('Stage 2 outcomes, with the cases behind them', () => {
    assert.deepEqual(figures.stage2Outcomes, [
      { label: 'Not upheld', count: 1, percent: 50, refs: ['CS-2023-00011'] },
      { label: 'Upheld', count: 1, percent: 50, refs: ['CS-2023-00010'] },
    ]);
    assert.deepEqual(figures.costs, { stage2Pence: 400000, stage3Pence: 0, unrecorded: { stage2: 0, stage3: 0 } });
  });

  it('Ombudsman decisions and remedy compliance', () => {
    assert.deepEqual(figures.ombudsman, {
      enquiries: 1,
      decisions: [{ label: 'Upheld', count: 1, percent: 100, refs: ['CS-2023-00011'] }],
      faultFound: 1,
      injusticeFound: 1,
      remedies: 3,
      remediesDue: 3,
      remediesCompletedOnTime: 1,
      remediesOutstanding: 1,
    });
  });

  it('a decision made in the next year counts in the next year', () => {
    const next = periodFigures(
      rows,
      { from: '2024-04-01', to: '2025-03-31', label: '2024/25' },
      { teamNames: 'as_was', excludeMigratedFromTimescales: true },
      shippedTestCalendar(),
    );
    assert.deepEqual(next.ombudsman.decisions, []);
  });
});

describe('the Stage 1 measures', () => {
  it('count only Stage 1 responses: with only Stage 2 and Ombudsman answers, the Stage 1 trends are not known', async () => {
    const { reportModel } = await import('./model.ts');
    const model = reportModel(
      rows,
      '2023-04-01',
      '2024-03-31',
      { teamNames: 'as_was', excludeMigratedFromTimescales: true },
      shippedTestCalendar(),
    );
    const trend = (measure: string) => model.trends.find((t) => t.measure === measure)!;
    assert.deepEqual(trend('Average working days to respond at Stage 1').values, [null, null, null]);
    assert.deepEqual(trend('Stage 1 responses within timescale (%)').values, [null, null, null]);
    assert.deepEqual(stage1Timeliness(figures), { responses: 0, onTime: 0, onTimePercent: null, averageDays: null });
  });

  it('weights each procedure’s average by its responses', () => {
    const row = (
      procedure: 'corporate' | 'childrens_statutory',
      responses: number,
      met: number,
      averageDays: number,
    ) => ({
      procedure,
      stage: 'stage1' as const,
      responses,
      metBase: met,
      metExtension: 0,
      missed: responses - met,
      excludedMigrated: 0,
      cannotRebuild: 0,
      withdrawn: 0,
      averageDays,
      medianDays: averageDays,
      refs: [],
    });
    const stage2 = { ...row('corporate', 5, 0, 90), stage: 'stage2' as const };
    assert.deepEqual(
      stage1Timeliness({ timescales: [row('corporate', 3, 3, 10), row('childrens_statutory', 1, 0, 30), stage2] }),
      { responses: 4, onTime: 3, onTimePercent: 75, averageDays: 15 },
    );
  });
});
