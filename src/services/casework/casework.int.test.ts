import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../domain/clock.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, testServices } from '../../../test/support/factories.ts';
import type { Actor } from '../actor.ts';
import { DomainError, ValidationError } from '../errors.ts';
import type { Services } from '../index.ts';
import type { User } from '../users.ts';

const code = (c: string) => (e: unknown) => e instanceof DomainError && e.code === c;
const fields =
  (...f: string[]) =>
  (e: unknown) =>
    e instanceof ValidationError && e.fieldErrors.map((x) => x.field).join() === f.join();

describe('a statutory complaint from Stage 1 to the Ombudsman', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let officer: Actor;
  let manager: User;
  let managerActor: Actor;
  let caseId: string;
  let teamA: string;
  let teamB: string;
  const record = () => svc.cases.record(officer, caseId);

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-09-30T09:00:00Z'));
    officer = (await makeUser(svc, 'complaints_officer')).actor;
    ({ user: manager, actor: managerActor } = await makeUser(svc, 'investigating_manager', {
      displayName: 'Priya Shah',
    }));
    teamA = (await makeTeam(svc, officer, 'Assessment Team 1')).id;
    teamB = (await makeTeam(svc, officer, 'Fostering Team')).id;
    caseId = (
      await makeCase(svc, officer, {
        receivedOn: '2024-03-01',
        procedure: 'childrens_statutory',
        procedureReason: 'Social care',
      })
    ).id;
    await svc.triage.apply(officer, caseId, {
      type: 'complaint',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care',
      decision: 'stage1',
      teamId: teamA,
      investigatingManagerId: manager.id,
      acknowledgedOn: '2024-03-04',
    });
  });
  after(() => handle.close());

  it('two investigations with different outcomes roll up to partially upheld; an outcome needs a started investigation', async () => {
    await assert.rejects(
      svc.casework.addInvestigation(managerActor, caseId, 'stage1', { teamId: teamA, outcome: 'upheld' }),
      fields('startedOn'),
    );
    const a = await svc.casework.addInvestigation(managerActor, caseId, 'stage1', {
      teamId: teamA,
      investigatorId: manager.id,
      startedOn: '2024-03-04',
    });
    const b = await svc.casework.addInvestigation(officer, caseId, 'stage1', {
      teamId: teamB,
      investigatorName: 'Tom Willis',
      startedOn: '2024-03-05',
    });
    await assert.rejects(
      svc.casework.updateInvestigation(managerActor, caseId, a, {
        teamId: teamA,
        startedOn: '2024-03-04',
        respondedOn: '2024-03-01',
        outcome: 'upheld',
      }),
      fields('respondedOn'),
    );
    await svc.casework.updateInvestigation(managerActor, caseId, a, {
      teamId: teamA,
      investigatorId: manager.id,
      startedOn: '2024-03-04',
      respondedOn: '2024-03-14',
      outcome: 'upheld',
    });
    await svc.casework.setHeads(managerActor, caseId, a, [
      { summary: 'No call back', finding: 'Calls were not returned', outcome: 'upheld' },
    ]);
    assert.equal((await record()).case.outcome, null, 'no outcome until every investigation has one');
    await svc.casework.updateInvestigation(officer, caseId, b, {
      teamId: teamB,
      investigatorName: 'Tom Willis',
      startedOn: '2024-03-05',
      respondedOn: '2024-03-14',
      outcome: 'not_upheld',
    });
    const r = await record();
    assert.equal(r.case.outcome, 'partially_upheld');
    assert.equal(r.stages[0]!.outcome, 'partially_upheld');
    assert.deepEqual(
      r.stages[0]!.investigations.map((i) => [i.teamName, i.investigator, i.outcome]),
      [
        ['Assessment Team 1', 'Priya Shah', 'upheld'],
        ['Fostering Team', 'Tom Willis', 'not_upheld'],
      ],
    );
    // Heads now decide investigation b's outcome; a different one needs a reason, and then stays.
    await svc.casework.setHeads(officer, caseId, b, [
      { summary: 'Placement moved', finding: 'Moved without notice', outcome: 'upheld' },
      { summary: 'Letters unanswered', finding: 'Answered late', outcome: 'not_upheld' },
    ]);
    const afterHeads = await record();
    assert.equal(afterHeads.stages[0]!.investigations[1]!.outcome, 'partially_upheld', 'follows its heads');
    assert.equal(afterHeads.case.outcome, 'partially_upheld');
    const edited = {
      teamId: teamB,
      investigatorName: 'Tom Willis',
      startedOn: '2024-03-05',
      respondedOn: '2024-03-14',
    };
    await assert.rejects(
      svc.casework.updateInvestigation(officer, caseId, b, { ...edited, outcome: 'upheld' }),
      (e: Error & { fieldErrors?: { field: string; message: string }[] }) =>
        e.fieldErrors?.[0]?.field === 'outcomeOverrideReason' &&
        /give “Partially upheld”/.test(e.fieldErrors[0].message),
    );
    await svc.casework.updateInvestigation(officer, caseId, b, {
      ...edited,
      outcome: 'upheld',
      outcomeOverrideReason: 'The second point was upheld on review of the file',
    });
    await svc.casework.setHeads(officer, caseId, b, [
      { summary: 'Placement moved', finding: 'Moved without notice', outcome: 'upheld' },
      { summary: 'Letters unanswered', finding: 'Answered late', outcome: 'not_upheld' },
    ]);
    assert.equal(
      (await record()).stages[0]!.investigations[1]!.outcome,
      'upheld',
      'an outcome set with a reason stays',
    );
    // Following the heads again: no outcome chosen, no reason.
    await svc.casework.updateInvestigation(officer, caseId, b, { ...edited, outcome: null });
    assert.equal((await record()).stages[0]!.investigations[1]!.outcome, 'partially_upheld');
  });

  it('an extension and a pause, then the Stage 1 response with remedies', async () => {
    await svc.timescales.recordClockEvent(officer, caseId, {
      clock: 'stage1_response',
      kind: 'paused',
      on: '2024-03-05',
      reason: 'Waiting for consent',
    });
    await svc.timescales.recordClockEvent(officer, caseId, {
      clock: 'stage1_response',
      kind: 'resumed',
      on: '2024-03-07',
      reason: 'Consent given',
    });
    await svc.timescales.recordClockEvent(officer, caseId, {
      clock: 'stage1_response',
      kind: 'extended',
      on: '2024-03-12',
      days: 5,
      reason: 'Two teams',
      complainantAgreed: true,
    });
    await assert.rejects(
      svc.casework.updateStage(officer, caseId, 'stage1', { respondedOn: '2024-02-28' }),
      (e: unknown) => e instanceof ValidationError && e.fieldErrors[0]!.field === 'respondedOn',
    );
    await assert.rejects(
      svc.casework.updateStage(officer, caseId, 'stage1', { respondedOn: '2024-10-01' }),
      (e: unknown) => e instanceof ValidationError && /future/.test(e.fieldErrors[0]!.message),
    );
    await svc.casework.updateStage(officer, caseId, 'stage1', { respondedOn: '2024-03-20' });
    const apology = (await svc.referenceData.byCode('remedy_type')).get('APOLOGY')!.id;
    const money = (await svc.referenceData.byCode('remedy_type')).get('FINANCIAL')!.id;
    await svc.casework.addRemedy(officer, caseId, 'stage1', {
      remedyTypeId: apology,
      description: 'In the response',
      completedOn: '2024-03-20',
    });
    await assert.rejects(svc.casework.addRemedy(officer, caseId, 'stage1', { remedyTypeId: money }), fields('amount'));
    await svc.casework.addRemedy(officer, caseId, 'stage1', {
      remedyTypeId: money,
      amountPence: 25000,
      completedOn: '2024-03-25',
    });
    const clock = (await svc.timescales.clocksForCase(caseId)).clocks.find((k) => k.clock === 'stage1_response')!;
    assert.equal(clock.result.status, 'met_within_extension');
  });

  it('Stage 2: requested within 20 working days; the Stage 1 investigator is refused as independent', async () => {
    await assert.rejects(
      svc.casework.escalate(officer, caseId, { to: 'stage3', requestedOn: '2024-04-02' }),
      code('STAGE.NOT_NEXT'),
    );
    await svc.casework.escalate(officer, caseId, { to: 'stage2', requestedOn: '2024-04-02' });
    await assert.rejects(
      svc.casework.addStagePerson(officer, caseId, 'stage2', {
        role: 'independent_investigating_officer',
        userId: manager.id,
      }),
      code('STAGE.NOT_INDEPENDENT'),
    );
    await assert.rejects(
      svc.casework.addStagePerson(officer, caseId, 'stage2', { role: 'independent_person', name: 'tom  willis' }),
      code('STAGE.NOT_INDEPENDENT'),
    );
    await svc.casework.addStagePerson(officer, caseId, 'stage2', {
      role: 'independent_investigating_officer',
      name: 'Helen Reeve',
      organisation: 'Independent Complaints Ltd',
    });
    // The same outside person cannot be both of Stage 2's independent roles.
    await assert.rejects(
      svc.casework.addStagePerson(officer, caseId, 'stage2', { role: 'independent_person', name: 'helen reeve' }),
      (e: Error & { code?: string }) =>
        e.code === 'STAGE.SAME_PERSON_TWICE' && /cannot also be the independent person/.test(e.message),
    );
    await svc.casework.addStagePerson(officer, caseId, 'stage2', { role: 'independent_person', name: 'Gary Lowe' });
    await svc.casework.updateStage(officer, caseId, 'stage2', {
      statementAgreedOn: '2024-04-10',
      reportsReceivedOn: '2024-05-10',
      adjudicatedOn: '2024-05-14',
      respondedOn: '2024-05-14',
      investigatorCostPence: 350000,
      independentPersonCostPence: 90000,
      outcome: 'not_upheld',
      outcomeOverrideReason: 'Adjudication found no fault',
    });
    const s2 = (await record()).stages.find((s) => s.kind === 'stage2')!;
    assert.equal(s2.outcome, 'not_upheld');
    assert.deepEqual(
      s2.people.map((p) => p.role),
      ['independent_investigating_officer', 'independent_person'],
    );
    const clock = (await svc.timescales.clocksForCase(caseId)).clocks.find((k) => k.clock === 'stage2_investigation')!;
    assert.equal(clock.result.startedOn, '2024-04-10', 'Stage 2 runs from the agreed statement');
  });

  it('Stage 3: the Stage 2 independent person cannot sit on the panel', async () => {
    await svc.casework.escalate(officer, caseId, { to: 'stage3', requestedOn: '2024-05-20' });
    await assert.rejects(
      svc.casework.addStagePerson(officer, caseId, 'stage3', { role: 'panel_member', name: 'Gary Lowe' }),
      code('STAGE.PANEL_NOT_INDEPENDENT'),
    );
    for (const [role, name] of [
      ['panel_chair', 'Ann Chair'],
      ['panel_member', 'Bob Member'],
      ['panel_member', 'Cat Member'],
    ] as const)
      await svc.casework.addStagePerson(officer, caseId, 'stage3', { role, name });
    await svc.casework.updateStage(officer, caseId, 'stage3', {
      panelHeldOn: '2024-06-20',
      chairReportReceivedOn: '2024-06-25',
      panelRecommendations: 'Apologise; review contact policy',
      authorityRespondedOn: '2024-07-10',
      respondedOn: '2024-07-10',
      panelCostPence: 180000,
      outcome: 'partially_upheld',
      outcomeOverrideReason: 'Panel recommendations accepted in part',
    });
  });

  it('the Ombudsman: enquiry, decision, remedies with due dates and compliance', async () => {
    await svc.casework.escalate(officer, caseId, {
      to: 'lgsco',
      requestedOn: '2024-08-01',
      lgscoReference: '24/001234',
    });
    await svc.casework.updateStage(officer, caseId, 'lgsco', {
      lgscoEnquiryRespondedOn: '2024-08-20',
      lgscoDecision: 'upheld',
      lgscoDecisionOn: '2024-09-10',
      lgscoFaultFound: true,
      lgscoInjusticeFound: true,
      respondedOn: '2024-09-10',
    });
    const money = (await svc.referenceData.byCode('remedy_type')).get('FINANCIAL')!.id;
    await svc.casework.addRemedy(officer, caseId, 'lgsco', {
      remedyTypeId: money,
      amountPence: 30000,
      dueOn: '2024-10-10',
    });
    const lgsco = (await record()).stages.find((s) => s.kind === 'lgsco')!;
    assert.equal(lgsco.outcome, 'upheld');
    await svc.casework.completeRemedy(officer, caseId, lgsco.remedies[0]!.id, {
      completedOn: '2024-09-25',
      complianceEvidence: 'Payment made; evidence sent to the Ombudsman',
    });
    const enquiry = (await svc.timescales.clocksForCase(caseId)).clocks.find((k) => k.clock === 'lgsco_enquiry')!;
    assert.equal(enquiry.result.status, 'met_within_base');
  });

  it('learning and an action, completed; then the case closes and cannot change until reopened', async () => {
    const comm = (await svc.referenceData.byCode('learning_type')).get('COMMUNICATION')!.id;
    const training = (await svc.referenceData.byCode('action_type')).get('TRAINING')!.id;
    const lp = await svc.casework.addLearning(managerActor, caseId, {
      learningTypeId: comm,
      text: 'Return calls within two working days',
    });
    const action = await svc.casework.addAction(managerActor, caseId, {
      actionTypeId: training,
      text: 'Team briefing',
      learningPointId: lp,
      ownerId: manager.id,
      dueOn: '2024-10-31',
    });
    assert.deepEqual(
      (await svc.casework.openActions(officer)).map((a) => a.text),
      ['Team briefing'],
    );
    // Closing with an action open asks for confirmation first, and says what is open.
    await assert.rejects(
      svc.casework.close(officer, caseId, { closedOn: '2024-09-25' }),
      (e: Error & { code?: string }) =>
        e.code === 'CASE.OPEN_ITEMS' && /1 action is still open/.test(e.message) && !/remed/.test(e.message),
    );
    assert.equal((await record()).case.status, 'open');
    await svc.casework.completeAction(managerActor, caseId, action, { completedOn: '2024-09-20' });
    assert.deepEqual(await svc.casework.openActions(officer), []);
    await svc.casework.close(officer, caseId, { closedOn: '2024-09-25' });
    await assert.rejects(
      svc.casework.updateStage(officer, caseId, 'stage1', { respondedOn: '2024-03-21' }),
      code('CASE.ALREADY_CLOSED'),
    );
    await assert.rejects(
      svc.cases.allocate(officer, caseId, { teamId: teamB, investigatingManagerId: null }),
      code('CASE.ALREADY_CLOSED'),
    );
    await svc.casework.reopen(officer, caseId, { reason: 'New evidence from the family' });
    assert.equal((await record()).case.status, 'open');
    const actions = (await record()).audit.map((a) => a.action);
    for (const a of [
      'case.triage.stage1',
      'investigation.add',
      'investigation.update',
      'investigation.heads',
      'clock.extended',
      'clock.paused',
      'stage.update',
      'remedy.add',
      'stage.escalate',
      'stage.add_person',
      'remedy.complete',
      'learning.add',
      'action.add',
      'action.complete',
      'case.close',
      'case.reopen',
    ])
      assert.ok(actions.includes(a), `audit has ${a}`);
  });

  it('an investigating manager cannot change a case not allocated to them', async () => {
    const { actor: other } = await makeUser(svc, 'investigating_manager');
    await assert.rejects(
      svc.casework.addLearning(other, caseId, {
        learningTypeId: (await svc.referenceData.byCode('learning_type')).get('POLICY')!.id,
        text: 'x',
      }),
      /This case is not allocated to you/,
    );
  });
});

describe('withdrawing, linking and merging', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let officer: Actor;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-06-03T09:00:00Z'));
    officer = (await makeUser(svc, 'complaints_officer')).actor;
  });
  after(() => handle.close());

  it('withdrawing closes the case and its open stage as withdrawn', async () => {
    const { id } = await makeCase(svc, officer, {
      receivedOn: '2024-05-01',
      procedure: 'corporate',
      procedureReason: 'SEND',
    });
    const team = await makeTeam(svc, officer);
    const { user } = await makeUser(svc, 'investigating_manager');
    await svc.triage.apply(officer, id, {
      type: 'complaint',
      procedure: 'corporate',
      procedureReason: 'SEND',
      decision: 'stage1',
      teamId: team.id,
      investigatingManagerId: user.id,
    });
    await assert.rejects(svc.casework.close(officer, id, { closedOn: '2024-06-01' }), code('CASE.STAGE_OPEN'));
    await svc.casework.withdraw(officer, id, { on: '2024-05-20', reason: 'Resolved with the school directly' });
    const r = await svc.cases.record(officer, id);
    assert.equal(r.case.status, 'closed');
    assert.equal(r.case.outcome, 'withdrawn');
    assert.equal(r.stages[0]!.outcome, 'withdrawn');
  });

  it('a duplicate is merged into the original, keeping its history; related cases link both ways', async () => {
    const original = await makeCase(svc, officer, { subject: 'Original' });
    const duplicate = await makeCase(svc, officer, { subject: 'Sent twice' });
    const related = await makeCase(svc, officer, { subject: 'Sibling' });
    await svc.casework.link(officer, duplicate.id, {
      otherReference: original.reference,
      kind: 'duplicate_of',
      note: 'Same email sent twice',
    });
    await svc.casework.link(officer, related.id, { otherReference: original.reference, kind: 'related' });
    await assert.rejects(
      svc.casework.link(officer, related.id, { otherReference: original.reference, kind: 'related' }),
      code('CASE.ALREADY_LINKED'),
    );
    await assert.rejects(
      svc.casework.link(officer, related.id, { otherReference: 'CS-1999-00001', kind: 'related' }),
      fields('otherReference'),
    );
    const d = await svc.cases.record(officer, duplicate.id);
    assert.equal(d.case.status, 'closed');
    assert.equal(d.case.mergedIntoId, original.id);
    assert.deepEqual(
      d.links.map((l) => [l.kind, l.reference]),
      [['duplicate_of', original.reference]],
    );
    assert.deepEqual(
      (await svc.cases.record(officer, original.id)).links.map((l) => l.reference).sort(),
      [duplicate.reference, related.reference].sort(),
    );
    assert.ok(
      !(await svc.cases.list(officer, { status: 'all' })).rows.some((r) => r.id === duplicate.id),
      'lists count only the original',
    );
    await assert.rejects(svc.casework.reopen(officer, duplicate.id, { reason: 'x' }), code('CASE.MERGED'));
  });
});
