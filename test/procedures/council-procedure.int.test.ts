import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { availableActions, caseState } from '../../src/domain/procedures/actions.ts';
import { procedureKeys, registerProcedure } from '../../src/domain/procedures/registry.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import type { Actor } from '../../src/services/actor.ts';
import type { Services } from '../../src/services/index.ts';
import { testDatabase } from '../support/database.ts';
import { makeCase, makeTeam, makeUser, TEST_PASSWORD, testServices } from '../support/factories.ts';
import { Browser, testApp } from '../support/web.ts';
import { EDUCATION_TWO_STAGE } from './council-procedure.ts';

const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;

describe('a procedure Heard does not ship, added as a definition', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let officer: Actor;
  let officerEmail: string;
  let caseId: string;
  let unregister: () => void;

  before(async () => {
    // The whole of "adding a procedure": one definition, registered at start-up.
    unregister = registerProcedure(EDUCATION_TWO_STAGE);
    handle = await testDatabase();
    svc = await testServices(handle);
    const made = await makeUser(svc, 'complaints_officer');
    officer = made.actor;
    officerEmail = made.user.email;
    const manager = await makeUser(svc, 'investigating_manager');
    const team = await makeTeam(svc, officer, 'School Admissions');
    caseId = (await makeCase(svc, officer, { receivedOn: '2024-04-02', subject: 'Admissions appeal handling' })).id;
    await svc.triage.apply(officer, caseId, {
      type: 'complaint',
      procedure: 'education_two_stage',
      procedureReason: 'About school admissions',
      decision: 'stage1',
      teamId: team.id,
      investigatingManagerId: manager.user.id,
      acknowledgedOn: '2024-04-03',
    });
  });
  after(async () => {
    await handle.close();
    unregister();
  });

  it('is listed with the others, and starts with its own timescales', async () => {
    assert.deepEqual(procedureKeys().at(-1), 'education_two_stage');
    const policy = (await svc.timescales.all()).find((p) => p.procedure === 'education_two_stage');
    assert.equal(policy?.name, 'Education complaints policy 2024');
  });

  it('runs its first stage on its own clock: 15 working days', async () => {
    const { policy, clocks } = await svc.timescales.clocksForCase(caseId);
    assert.equal(policy?.name, 'Education complaints policy 2024');
    const stage1 = clocks.find((k) => k.clock === 'stage1_response');
    // Wednesday 3 April is day 1; 15 working days later is Tuesday 23 April.
    assert.equal(stage1?.result.dueOn, '2024-04-23');
    assert.equal(stage1?.rule.days, 15);
  });

  it('moves only where the definition says: to its review, never to a Stage 3 or the Ombudsman', async () => {
    await svc.casework.updateStage(officer, caseId, 'stage1', { respondedOn: '2024-04-22' });
    const window = (await svc.timescales.clocksForCase(caseId)).clocks.find((k) => k.clock === 'stage2_request');
    // Ten working days from the answer on 22 April, with the May bank holiday (6 May) not counted.
    assert.equal(window?.result.dueOn, '2024-05-07');
    await assert.rejects(
      svc.casework.escalate(officer, caseId, { to: 'lgsco', requestedOn: '2024-04-29' }),
      code('STAGE.NOT_NEXT'),
    );
    await svc.casework.escalate(officer, caseId, { to: 'stage2', requestedOn: '2024-04-29' });
    await assert.rejects(
      svc.casework.escalate(officer, caseId, { to: 'stage3', requestedOn: '2024-04-30' }),
      code('STAGE.NOT_NEXT'),
    );
    const review = (await svc.timescales.clocksForCase(caseId)).clocks.find((k) => k.clock === 'stage2_investigation');
    // Thirty working days from the request (29 April), without the two May bank holidays.
    assert.equal(review?.result.dueOn, '2024-06-12');
  });

  it('offers an officer exactly what the definition allows now', async () => {
    const record = await svc.cases.record(officer, caseId);
    const actions = availableActions(caseState(record.case, record.stages), {
      role: 'complaints_officer',
      allocated: false,
    });
    assert.deepEqual(
      actions.filter((a) => a.action === 'escalate'),
      [],
      'the formal review is the last stage',
    );
    assert.deepEqual(
      actions.filter((a) => a.action === 'update_stage').map((a) => a.stage),
      ['stage1', 'stage2'],
    );
  });

  it('checks its own dates in its own order', async () => {
    await assert.rejects(
      svc.casework.updateStage(officer, caseId, 'stage2', { respondedOn: '2024-04-25' }),
      (e: unknown) => {
        const [first] = (e as { fieldErrors: { field: string; message: string }[] }).fieldErrors;
        assert.deepEqual(first, {
          field: 'respondedOn',
          message: 'This cannot be before “Review requested” (29 April 2024)',
        });
        return true;
      },
    );
  });

  it('is counted in the report under its own name, judged on its own clock', async () => {
    const model = await svc.reports.model('2024-04-01', '2025-03-31');
    const now = model.periods.at(-1)!;
    const row = now.timescales.find((t) => t.procedure === 'education_two_stage' && t.stage === 'stage1');
    assert.equal(row?.responses, 1);
    assert.equal(row?.metBase, 1);
  });

  it('shows on the case page and the stage page in its own words, asking only for its own dates', async () => {
    const app = await testApp(svc);
    try {
      const b = new Browser(app);
      await b.signIn(officerEmail, TEST_PASSWORD);
      const { reference } = (await svc.cases.record(officer, caseId)).case;
      const page = await b.get(`/cases/${reference}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Education \(council two-stage\)/);
      assert.match(page.body, /Informal resolution/);
      assert.match(page.body, /Formal review/);
      assert.doesNotMatch(page.body, />Escalate</, 'the last stage offers no escalation');
      // And the escalation page, asked for all the same, says why rather than offering a form the server refuses.
      const escalate = await b.get(`/cases/${reference}/escalate`);
      assert.equal(escalate.statusCode, 409);
      assert.match(escalate.body, /This complaint has no further stage to go to/);
      const stage = await b.get(`/cases/${reference}/stages/stage2`);
      assert.equal(stage.statusCode, 200);
      assert.match(stage.body, /Review requested/);
      assert.match(stage.body, /Review letter sent/);
      assert.doesNotMatch(stage.body, /statementAgreedOn|Adjudication sent/);
      // Its timescales are administered like the shipped ones, and it can start a new version from them.
      const admin = await makeUser(svc, 'administrator');
      const a = new Browser(app);
      await a.signIn(admin.user.email, TEST_PASSWORD);
      const timescales = await a.get('/admin/timescales');
      assert.match(timescales.body, /Education \(council two-stage\)/);
      assert.match(timescales.body, /Education complaints policy 2024/);
      const fromPreset = await a.get('/admin/timescales/new?preset=education_2024');
      assert.equal(fromPreset.statusCode, 200);
      assert.match(fromPreset.body, /Education complaints policy 2024/);
    } finally {
      await app.close();
    }
  });
});
