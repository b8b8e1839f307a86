import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeUser, testServices } from '../../test/support/factories.ts';
import type { Services } from '../services/index.ts';
import { longRunCounts } from './long-run.ts';
import { reportTables } from './sections.ts';
import type { ReportModel } from './model.ts';

/**
 * A small data set checked by hand, with the awkward cases: a complaint
 * received in one year and answered in the next, a complaint corrected to a
 * question, a case with three themes, two investigations with different
 * outcomes, a migrated case, and a renamed team. Every figure is asserted.
 */
describe('the report model on a hand-checked data set', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let model: ReportModel;
  let today: ReportModel;
  let refs: Record<'a' | 'b' | 'c' | 'd' | 'e', string>;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-06-28T09:00:00Z'));
    const { actor: officer } = await makeUser(svc, 'complaints_officer');
    const { user: manager } = await makeUser(svc, 'investigating_manager', { displayName: 'Priya Shah' });
    const d = await svc.organisation.create(officer, {
      kind: 'directorate',
      name: "Children's Services",
      openedOn: '2015-01-01',
    });
    const sv = await svc.organisation.create(officer, {
      kind: 'service',
      name: 'Social care',
      parentId: d.id,
      openedOn: '2015-01-01',
    });
    const ir = await svc.organisation.create(officer, {
      kind: 'team',
      name: 'Initial Response',
      parentId: sv.id,
      openedOn: '2015-01-01',
    });
    const send = await svc.organisation.create(officer, {
      kind: 'team',
      name: 'SEND Team',
      parentId: sv.id,
      openedOn: '2015-01-01',
    });
    await svc.organisation.rename(officer, ir.id, { name: 'Front Door', from: '2024-01-15' });
    const theme = async (code: string) => (await svc.referenceData.byCode('theme')).get(code)!.id;
    const mother = (await svc.referenceData.byCode('complainant_relationship')).get('MOTHER')!.id;
    const sarah = { givenName: 'Sarah', familyName: 'Jones', email: 'sarah@example.com', relationshipId: mother };
    const accept = async (id: string, procedure: 'childrens_statutory' | 'corporate', teamId: string) =>
      svc.triage.apply(officer, id, {
        type: 'complaint',
        procedure,
        procedureReason: 'Decided',
        decision: 'stage1',
        teamId,
        investigatingManagerId: manager.id,
        consentNote: 'Not needed',
      });

    // A: statutory, three themes, two investigations (upheld and not upheld), answered in 10 working days, escalated to Stage 2.
    const a = await svc.cases.create(officer, {
      type: 'complaint',
      receivedOn: '2023-05-10',
      subject: 'A',
      teamId: ir.id,
      themeIds: [await theme('CONTACT'), await theme('ASSESSMENT'), await theme('CHILD_PROTECTION_PLAN')],
      complainant: sarah,
      child: { givenName: 'Leo', familyName: 'Jones', lookedAfter: true },
    });
    await accept(a.id, 'childrens_statutory', ir.id);
    const a1 = await svc.casework.addInvestigation(officer, a.id, 'stage1', {
      teamId: ir.id,
      investigatorId: manager.id,
      startedOn: '2023-05-10',
    });
    const a2 = await svc.casework.addInvestigation(officer, a.id, 'stage1', {
      teamId: send.id,
      investigatorName: 'Tom Willis',
      startedOn: '2023-05-10',
    });
    await svc.casework.updateInvestigation(officer, a.id, a1, {
      teamId: ir.id,
      investigatorId: manager.id,
      startedOn: '2023-05-10',
      respondedOn: '2023-05-24',
      outcome: 'upheld',
    });
    await svc.casework.updateInvestigation(officer, a.id, a2, {
      teamId: send.id,
      investigatorName: 'Tom Willis',
      startedOn: '2023-05-10',
      respondedOn: '2023-05-24',
      outcome: 'not_upheld',
    });
    await svc.casework.updateStage(officer, a.id, 'stage1', { respondedOn: '2023-05-24' });
    await svc.casework.addLearning(officer, a.id, {
      learningTypeId: (await svc.referenceData.byCode('learning_type')).get('COMMUNICATION')!.id,
      text: 'Call back',
    });
    await svc.casework.escalate(officer, a.id, { to: 'stage2', requestedOn: '2023-06-05' });
    await svc.casework.updateStage(officer, a.id, 'stage2', { investigatorCostPence: 300000 });

    // B: corporate, received in 2023/24, answered in 2024/25.
    const b = await svc.cases.create(officer, {
      type: 'complaint',
      receivedOn: '2024-03-20',
      subject: 'B',
      teamId: send.id,
    });
    await accept(b.id, 'corporate', send.id);
    const b1 = await svc.casework.addInvestigation(officer, b.id, 'stage1', {
      teamId: send.id,
      investigatorId: manager.id,
      startedOn: '2024-03-20',
    });
    await svc.casework.updateInvestigation(officer, b.id, b1, {
      teamId: send.id,
      investigatorId: manager.id,
      startedOn: '2024-03-20',
      respondedOn: '2024-04-10',
      outcome: 'not_upheld',
    });
    await svc.casework.updateStage(officer, b.id, 'stage1', { respondedOn: '2024-04-10' });

    // C: recorded as a complaint, corrected to a question.
    const c = await svc.cases.create(officer, { type: 'complaint', receivedOn: '2023-06-01', subject: 'C' });
    await svc.cases.correctType(officer, c.id, { type: 'question', reason: 'Asked for information only' });

    // D: migrated from the old system, answered late.
    await svc.legacyImport.run(officer, {
      fileName: 'old.csv',
      legacySystem: 'Old',
      dryRun: false,
      content: Buffer.from(
        'legacy_reference,type,received_on,procedure,team,closed_on,stage1_responded_on,stage1_outcome\nOLD1,Complaint,03/07/2023,Corporate,SEND Team,30/08/2023,30/08/2023,Not upheld\n',
      ),
    });

    // E: statutory, after the rename, same complainant as A, not answered yet.
    const e = await svc.cases.create(officer, {
      type: 'complaint',
      receivedOn: '2024-01-22',
      subject: 'E',
      teamId: ir.id,
      complainant: {
        existingPersonId: (await svc.people.findMatches({ email: 'sarah@example.com' }))[0]!.id,
        givenName: '',
        familyName: '',
        relationshipId: mother,
      },
    });
    await accept(e.id, 'childrens_statutory', ir.id);
    await svc.casework.addInvestigation(officer, e.id, 'stage1', {
      teamId: ir.id,
      investigatorId: manager.id,
      startedOn: '2024-01-22',
    });

    // F: a compliment for the SEND team.
    const f = await svc.cases.create(officer, { type: 'compliment', receivedOn: '2023-09-01', subject: 'F' });
    await svc.triage.apply(officer, f.id, { type: 'compliment', decision: 'record', teamId: send.id });

    // G: a complaint the year before, for the comparison.
    await svc.cases.create(officer, { type: 'complaint', receivedOn: '2022-10-10', subject: 'G' });

    const all = await svc.cases.list(officer, { status: 'all', page: 1, pageSize: 50 });
    const refOf = (subject: string) => all.rows.find((r) => r.subject === subject)?.reference ?? '';
    refs = {
      a: a.reference,
      b: refOf('B'),
      c: refOf('C'),
      d: all.rows.find((r) => r.receivedOn === '2023-07-03')?.reference ?? '',
      e: refOf('E'),
    };
    model = await svc.reports.model('2023-04-01', '2024-03-31');
    today = await svc.reports.model('2023-04-01', '2024-03-31', {
      teamNames: 'today',
      excludeMigratedFromTimescales: false,
    });
  });
  after(() => handle.close());

  const now = () => model.periods[2]!;

  it('labels the three years', () => {
    assert.deepEqual(
      model.periods.map((p) => p.period.label),
      ['2021/22', '2022/23', '2023/24'],
    );
  });

  it('counts feedback by its corrected type; complaints and investigations', () => {
    assert.equal(now().total, 6);
    assert.deepEqual(now().byType, { complaint: 4, compliment: 1, comment: 0, concern: 0, mp_enquiry: 0, question: 1 });
    assert.equal(now().complaints, 4);
    assert.equal(now().investigations, 5, 'A has two, B, D and E one each');
    assert.deepEqual(
      now().byProcedure.map((x) => [x.label, x.count]),
      [
        ["Children's statutory", 2],
        ['Corporate', 2],
      ],
    );
  });

  it('by month and quarter, every month shown', () => {
    assert.equal(now().byMonth.length, 12);
    assert.deepEqual(
      now()
        .byMonth.filter((m) => m.count)
        .map((m) => [m.month, m.count]),
      [
        ['2023-05', 1],
        ['2023-06', 1],
        ['2023-07', 1],
        ['2023-09', 1],
        ['2024-01', 1],
        ['2024-03', 1],
      ],
    );
    assert.deepEqual(now().byQuarter, [2, 2, 0, 2]);
    assert.equal(now().monthlyAverage, 0.5);
  });

  it('by team: as the team was named then, or under today’s name', () => {
    assert.deepEqual(
      now().byTeam.map((x) => [x.label, x.count, x.percent]),
      [
        ['SEND Team', 2, 50],
        ['Front Door', 1, 25],
        ['Initial Response', 1, 25],
      ],
    );
    assert.deepEqual(
      today.periods[2]!.byTeam.map((x) => [x.label, x.count]),
      [
        ['Front Door', 2],
        ['SEND Team', 2],
      ],
    );
  });

  it('all feedback by service area and type: the service above each lead team; no team is a row of its own', () => {
    const rows = now().byServiceArea.map((a) => [
      a.label,
      a.total,
      a.byType.complaint,
      a.byType.compliment,
      a.byType.question,
      a.refs!.length,
    ]);
    assert.deepEqual(rows, [
      ['Social care', 5, 4, 1, 0, 5],
      ['No team recorded', 1, 0, 0, 1, 1],
    ]);
    assert.deepEqual(now().byServiceArea[1]!.refs, [refs.c]);
    assert.deepEqual(
      today.periods[2]!.byServiceArea.map((a) => [a.label, a.total]),
      [
        ['Social care', 5],
        ['No team recorded', 1],
      ],
    );
  });

  it('feedback by type over six years: counts by SQL that agree with the three years of the model', async () => {
    assert.deepEqual(
      model.longRun.map((y) => y.period.label),
      ['2018/19', '2019/20', '2020/21', '2021/22', '2022/23', '2023/24'],
    );
    assert.deepEqual(
      model.longRun.map((y) => [y.byType.complaint, y.byType.compliment, y.byType.question]),
      [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [1, 0, 0],
        [4, 1, 1],
      ],
    );
    // Nothing is held before G (October 2022): those years are "no data" in the table, never 0.
    assert.deepEqual(
      model.longRun.map((y) => y.held),
      [false, false, false, false, true, true],
    );
    assert.deepEqual(
      reportTables(model)
        .find((t) => t.name === 'by-type-long-run')!
        .rows.find((r) => r[0] === 'Complaint'),
      ['Complaint', 'no data', 'no data', 'no data', 'no data', 1, 4],
    );
    // The query layer counts the three older years; counting the latest three its way gives the figures' numbers.
    const sameThree = await longRunCounts(
      handle.db,
      model.periods.map((p) => p.period),
      { teamIds: null, procedures: null },
    );
    assert.deepEqual(
      sameThree.map((y) => y.byType),
      model.periods.map((p) => p.byType),
    );
  });

  it('themes: a case with three themes counts in each, statutory and corporate apart', () => {
    assert.deepEqual(
      now().byTheme.statutory.map((x) => [x.label, x.count, x.percent]),
      [
        ['Assessment', 1, 50],
        ['Child protection plan', 1, 50],
        ['Supervised or unsupervised contact', 1, 50],
      ],
    );
    assert.deepEqual(now().byTheme.corporate, []);
  });

  it('outcomes of investigations closed in the year, of all closed and of findings', () => {
    assert.equal(now().outcomes.closed, 3, 'A’s two and D’s; B was answered the next year');
    assert.deepEqual(
      now().outcomes.byOutcome.map((o) => [o.outcome, o.count, o.percentOfClosed, o.percentOfFindings]),
      [
        ['upheld', 1, 33.3, 33.3],
        ['not_upheld', 2, 66.7, 66.7],
      ],
    );
    assert.equal(model.periods[2]!.outcomes.closed + 0, 3);
  });

  it('upheld rate by investigating team, named as on the day it answered or as today', () => {
    assert.deepEqual(
      now().outcomes.upheldByTeam.map((u) => [u.label, u.withFinding, u.upheld, u.percent]),
      [
        ['SEND Team', 2, 0, 0],
        ['Initial Response', 1, 1, 100],
      ],
    );
    assert.deepEqual(
      today.periods[2]!.outcomes.upheldByTeam.map((u) => [u.label, u.upheld]),
      [
        ['SEND Team', 0],
        ['Front Door', 1],
      ],
    );
  });

  it('upheld rate by theme: A’s two findings count under each of its three themes', () => {
    assert.deepEqual(
      now().outcomes.upheldByTheme.map((u) => [u.label, u.withFinding, u.upheld, u.percent, u.refs]),
      [
        ['Assessment', 2, 1, 50, [refs.a]],
        ['Child protection plan', 2, 1, 50, [refs.a]],
        ['Supervised or unsupervised contact', 2, 1, 50, [refs.a]],
      ],
    );
  });

  it('every count can be traced to the cases behind it', () => {
    assert.deepEqual(now().refsByType!.complaint.sort(), [refs.a, refs.b, refs.d, refs.e].sort());
    assert.deepEqual(now().refsByType!.question, [refs.c]);
    assert.deepEqual(
      now().byTeam.map((x) => [x.label, x.refs!.sort()]),
      [
        ['SEND Team', [refs.b, refs.d].sort()],
        ['Front Door', [refs.e]],
        ['Initial Response', [refs.a]],
      ],
    );
    assert.deepEqual(now().outcomes.refs!.sort(), [refs.a, refs.d].sort());
    for (const t of now().byTheme.statutory) assert.deepEqual(t.refs, [refs.a]);
  });

  it('a procedure filter keeps only complaints under those procedures', async () => {
    const corporate = (
      await svc.reports.model('2023-04-01', '2024-03-31', {
        teamNames: 'as_was',
        excludeMigratedFromTimescales: true,
        procedures: ['corporate'],
      })
    ).periods[2]!;
    assert.deepEqual(
      [corporate.total, corporate.complaints, corporate.byType.compliment, corporate.byType.question],
      [2, 2, 0, 0],
      'B and D only',
    );
    assert.equal(corporate.outcomes.closed, 1, 'D’s investigation');
    assert.deepEqual(corporate.byTheme.statutory, []);
  });

  it('timescales per procedure: the migrated case counts by default (its dates rebuild the clock), left out when asked, and saying so', async () => {
    const corporate = now().timescales.find((t) => t.procedure === 'corporate');
    assert.deepEqual(
      [corporate?.responses, corporate?.missed, corporate?.excludedMigrated, corporate?.refs],
      [1, 1, 0, [refs.d]],
      'counted by default',
    );
    assert.deepEqual(now().dataQuality, []);
    const excluded = await svc.reports.model('2023-04-01', '2024-03-31', {
      teamNames: 'as_was',
      excludeMigratedFromTimescales: true,
    });
    assert.deepEqual(excluded.periods[2]!.timescales, [
      {
        procedure: 'childrens_statutory',
        stage: 'stage1',
        responses: 1,
        metBase: 1,
        metExtension: 0,
        missed: 0,
        excludedMigrated: 0,
        cannotRebuild: 0,
        withdrawn: 0,
        averageDays: 10,
        medianDays: 10,
        refs: [refs.a],
      },
      {
        procedure: 'corporate',
        stage: 'stage1',
        responses: 0,
        metBase: 0,
        metExtension: 0,
        missed: 0,
        excludedMigrated: 1,
        cannotRebuild: 0,
        withdrawn: 0,
        averageDays: null,
        medianDays: null,
        refs: [],
      },
    ]);
    assert.deepEqual(
      today.periods[2]!.timescales.find((t) => t.procedure === 'corporate'),
      {
        procedure: 'corporate',
        stage: 'stage1',
        responses: 1,
        metBase: 0,
        metExtension: 0,
        missed: 1,
        excludedMigrated: 0,
        cannotRebuild: 0,
        withdrawn: 0,
        averageDays: 41,
        medianDays: 41,
        refs: [refs.d],
      },
    );
  });

  it('progression beyond Stage 1, costs, learning, people and repeat complainants', () => {
    assert.deepEqual(now().progression, {
      beyondStage1: 1,
      stage2: 1,
      stage3: 0,
      lgsco: 0,
      withdrawn: { stage2: 0, stage3: 0 },
    });
    assert.deepEqual(now().costs, { stage2Pence: 300000, stage3Pence: 0, unrecorded: { stage2: 0, stage3: 0 } });
    assert.deepEqual(
      now().learning.byType.map((x) => [x.label, x.count]),
      [['Communication or information', 1]],
    );
    assert.equal(now().learning.upheldComplaints, 1);
    assert.equal(now().learning.upheldWithLearningPercent, 100);
    assert.equal(now().people.lookedAfter, 1);
    assert.equal(now().people.byChildren, 0);
    assert.deepEqual(
      now().people.relationship.map((x) => [x.label, x.count]),
      [
        ['Mother', 2],
        ['Not recorded', 2],
      ],
    );
    assert.deepEqual(now().repeat, { twoOrMore: 1, fourOrMore: 0 });
    assert.deepEqual(
      now().compliments.byTeam.map((x) => [x.label, x.count]),
      [['SEND Team', 1]],
    );
  });

  it('the year it was answered counts the answer: B in 2024/25', async () => {
    const next = await svc.reports.model('2024-04-01', '2025-03-31');
    assert.deepEqual(
      next.periods[2]!.timescales.map((t) => [t.procedure, t.responses, t.missed]),
      [['corporate', 1, 1]],
    );
    assert.equal(next.periods[2]!.complaints, 0);
  });

  it('for one part of the organisation: only cases whose lead team sits under it', async () => {
    const units = await svc.organisation.all();
    const send = units.find((u) => u.name === 'SEND Team')!;
    const service = units.find((u) => u.name === 'Social care')!;
    const sendOnly = (
      await svc.reports.model('2023-04-01', '2024-03-31', {
        teamNames: 'as_was',
        excludeMigratedFromTimescales: true,
        orgUnitId: send.id,
      })
    ).periods[2]!;
    assert.deepEqual(
      [sendOnly.total, sendOnly.complaints, sendOnly.byType.compliment],
      [3, 2, 1],
      'B and D, and the compliment F',
    );
    assert.deepEqual(
      sendOnly.byTeam.map((x) => x.label),
      ['SEND Team'],
    );
    const sendRun = (
      await svc.reports.model('2023-04-01', '2024-03-31', {
        teamNames: 'as_was',
        excludeMigratedFromTimescales: true,
        orgUnitId: send.id,
      })
    ).longRun;
    assert.deepEqual(
      sendRun.map((y) => y.byType.complaint + y.byType.compliment),
      [0, 0, 0, 0, 0, 3],
      'the six years are filtered the same way',
    );
    const wholeService = (
      await svc.reports.model('2023-04-01', '2024-03-31', {
        teamNames: 'as_was',
        excludeMigratedFromTimescales: true,
        orgUnitId: service.id,
      })
    ).periods[2]!;
    assert.equal(wholeService.complaints, 4, 'every team sits under the service');
    assert.equal(wholeService.total, 5, 'the question C has no team, so it is not in any part of the organisation');
  });

  it('asked again with nothing changed, the same model comes back; after a change, a new one with it', async () => {
    const first = await svc.reports.model('2023-04-01', '2024-03-31');
    assert.equal(await svc.reports.model('2023-04-01', '2024-03-31'), first, 'kept');
    const { actor } = await makeUser(svc, 'complaints_officer');
    await svc.cases.create(actor, { type: 'compliment', receivedOn: '2023-11-11', subject: 'Thank you' });
    const after = await svc.reports.model('2023-04-01', '2024-03-31');
    assert.notEqual(after, first);
    assert.equal(after.periods[2]!.byType.compliment, first.periods[2]!.byType.compliment + 1);
  });

  it('three-year comparison with the direction of travel', () => {
    const complaints = model.trends.find((t) => t.measure === 'Complaints')!;
    assert.deepEqual(complaints, {
      measure: 'Complaints',
      // 2021/22 ended before the earliest case held (G, October 2022): no data, not 0.
      values: [null, 1, 4],
      direction: 'increased',
      judgement: 'neither',
    });
    const beyond = model.trends.find((t) => t.measure === 'Complaints progressing beyond Stage 1')!;
    assert.deepEqual([beyond.direction, beyond.judgement], ['increased', 'worse']);
  });
});
