import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeUser, testServices } from '../../test/support/factories.ts';
import type { Services } from '../services/index.ts';

/**
 * The earliest of the three years must see the answers it gave to complaints
 * received before it: the rows loaded are the cases received in the three
 * years plus any case with a stage or investigation dated in them.
 */
let handle: DatabaseHandle;
let svc: Services;
before(async () => {
  handle = await testDatabase();
  svc = await testServices(handle, fixedClock('2026-06-01T09:00:00Z'));
});
after(() => handle.close());

it('a complaint received in 2022/23 and answered in 2023/24 counts in 2023/24, even as the oldest year of three', async () => {
  const { actor: officer } = await makeUser(svc, 'complaints_officer');
  const { user: manager } = await makeUser(svc, 'investigating_manager');
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
  const team = await svc.organisation.create(officer, {
    kind: 'team',
    name: 'Fostering',
    parentId: sv.id,
    openedOn: '2015-01-01',
  });
  const c = await svc.cases.create(officer, {
    type: 'complaint',
    receivedOn: '2023-03-20',
    subject: 'Late in the year',
    teamId: team.id,
  });
  await svc.triage.apply(officer, c.id, {
    type: 'complaint',
    procedure: 'corporate',
    procedureReason: 'Decided',
    decision: 'stage1',
    teamId: team.id,
    investigatingManagerId: manager.id,
    consentNote: 'Not needed',
  });
  const i = await svc.casework.addInvestigation(officer, c.id, 'stage1', {
    teamId: team.id,
    investigatorId: manager.id,
    startedOn: '2023-03-20',
  });
  await svc.casework.updateInvestigation(officer, c.id, i, {
    teamId: team.id,
    investigatorId: manager.id,
    startedOn: '2023-03-20',
    respondedOn: '2023-04-03',
    outcome: 'upheld',
  });
  await svc.casework.updateStage(officer, c.id, 'stage1', { respondedOn: '2023-04-03' });

  const oldest = (await svc.reports.model('2025-04-01', '2026-03-31')).periods[0]!;
  assert.equal(oldest.period.label, '2023/24');
  assert.equal(oldest.complaints, 0, 'received the year before');
  assert.equal(oldest.outcomes.closed, 1, 'answered in 2023/24');
  assert.deepEqual(
    oldest.timescales.map((t) => [t.stage, t.responses]),
    [['stage1', 1]],
  );
  const asCurrent = (await svc.reports.model('2023-04-01', '2024-03-31')).periods[2]!;
  assert.deepEqual(
    [asCurrent.outcomes.closed, asCurrent.timescales[0]?.responses],
    [oldest.outcomes.closed, oldest.timescales[0]?.responses],
    'the same year gives the same figures wherever it sits among the three',
  );
});
