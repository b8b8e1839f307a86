import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../domain/clock.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, testServices } from '../../../test/support/factories.ts';
import type { Services } from '../index.ts';

let handle: DatabaseHandle;
let svc: Services;
before(async () => {
  handle = await testDatabase();
  svc = await testServices(handle, fixedClock('2024-09-30T09:00:00Z'));
});
after(() => handle.close());

it('a financial remedy records to whom it was paid (as the import does); another remedy keeps no payee', async () => {
  const officer = (await makeUser(svc, 'complaints_officer')).actor;
  const team = (await makeTeam(svc, officer, 'Assessment Team 1')).id;
  const manager = (await makeUser(svc, 'investigating_manager')).user;
  const caseId = (
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
    teamId: team,
    investigatingManagerId: manager.id,
    acknowledgedOn: '2024-03-04',
  });
  const types = await svc.referenceData.byCode('remedy_type');
  await svc.casework.addRemedy(officer, caseId, 'stage1', {
    remedyTypeId: types.get('FINANCIAL')!.id,
    amountPence: 25000,
    paidTo: '  Ms Jones (mother) ',
    completedOn: '2024-03-25',
  });
  await svc.casework.addRemedy(officer, caseId, 'stage1', {
    remedyTypeId: types.get('APOLOGY')!.id,
    paidTo: 'Ms Jones',
  });
  const stored = rowsOf<{ pence: number | null; paidTo: string | null }>(
    await handle.db.execute(
      sql`select m.amount_pence as pence, m.paid_to as "paidTo" from remedies m join stages s on s.id = m.stage_id
          where s.case_id = ${caseId} order by m.amount_pence nulls last`,
    ),
  );
  assert.deepEqual(stored, [
    { pence: 25000, paidTo: 'Ms Jones (mother)' },
    { pence: null, paidTo: null },
  ]);
  const record = await svc.cases.record(officer, caseId);
  assert.deepEqual(
    record.stages[0]!.remedies.map((r) => r.paidTo),
    ['Ms Jones (mother)', null],
  );
});
