import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../domain/clock.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { DemoRefusedError, loadDemoData, type DemoAccount } from './load.ts';
import { usersService } from '../../services/users.ts';

describe('demo data', () => {
  let handle: DatabaseHandle;
  let accounts: DemoAccount[];
  const clock = fixedClock('2026-11-21T12:00:00Z');
  const count = async (query: ReturnType<typeof sql>) =>
    Number(rowsOf<{ n: string | number }>(await handle.db.execute(query))[0]!.n);

  before(async () => {
    handle = await testDatabase();
    accounts = (await loadDemoData(handle.db, clock, { referencePrefix: 'CS' })).accounts;
  });
  after(() => handle.close());

  it('holds three full financial years of about 200 cases each, mostly complaints', async () => {
    for (const fy of [2023, 2024, 2025]) {
      const total = await count(
        sql`select count(*) as n from feedback_cases where received_on between ${`${fy}-04-01`} and ${`${fy + 1}-03-31`}`,
      );
      const complaints = await count(
        sql`select count(*) as n from feedback_cases where type = 'complaint' and received_on between ${`${fy}-04-01`} and ${`${fy + 1}-03-31`}`,
      );
      const compliments = await count(
        sql`select count(*) as n from feedback_cases where type = 'compliment' and received_on between ${`${fy}-04-01`} and ${`${fy + 1}-03-31`}`,
      );
      assert.ok(total >= 170 && total <= 240, `${fy}: ${total} cases`);
      assert.ok(complaints / total > 0.7 && complaints / total < 0.9, `${fy}: ${complaints} complaints of ${total}`);
      assert.ok(compliments >= 10, `${fy}: ${compliments} compliments`);
    }
    assert.ok(
      (await count(sql`select count(*) as n from feedback_cases where received_on > '2026-11-21'`)) === 0,
      'nothing from the future',
    );
  });

  it('has what every later report needs: investigations, every stage, outcomes, remedies, learning, history', async () => {
    const complaints = await count(
      sql`select count(*) as n from feedback_cases where type = 'complaint' and procedure in ('childrens_statutory', 'corporate')`,
    );
    const investigations = await count(
      sql`select count(*) as n from investigations i join stages s on s.id = i.stage_id where s.kind = 'stage1'`,
    );
    assert.ok(
      investigations > complaints * 0.95,
      `${investigations} stage 1 investigations for ${complaints} complaints`,
    );
    for (const kind of ['stage1', 'stage2', 'stage3', 'lgsco'])
      assert.ok((await count(sql`select count(*) as n from stages where kind = ${kind}`)) > 0, `some ${kind}`);
    assert.ok((await count(sql`select count(*) as n from investigations where outcome = 'upheld'`)) > 0);
    assert.ok((await count(sql`select count(*) as n from remedies where amount_pence > 0`)) > 0, 'financial remedies');
    assert.ok(
      (await count(sql`select count(*) as n from actions where completed_on is not null`)) > 0,
      'completed actions',
    );
    assert.ok((await count(sql`select count(*) as n from clock_events where kind = 'extended'`)) > 0, 'extensions');
    assert.ok((await count(sql`select count(*) as n from clock_events where kind = 'paused'`)) > 0, 'pauses');
    assert.ok((await count(sql`select count(*) as n from feedback_cases where migrated`)) > 0, 'migrated cases');
    assert.ok(
      (await count(
        sql`select count(*) as n from case_type_changes where from_type = 'complaint' and to_type = 'question'`,
      )) > 0,
      'corrected types',
    );
    assert.ok(
      (await count(sql`select count(*) as n from org_unit_names where valid_to is not null`)) > 0,
      'a renamed team',
    );
    assert.ok(
      (await count(sql`select count(*) as n from org_units where successor_id is not null`)) > 0,
      'a replaced team',
    );
    assert.ok(
      (await count(
        sql`select count(*) as n from (select person_id from case_parties where role = 'complainant' group by person_id having count(*) >= 4) x`,
      )) > 0,
      'repeat complainants',
    );
    assert.ok((await count(sql`select count(*) as n from compliments`)) > 30);
    assert.equal(
      await count(
        sql`select count(*) as n from feedback_cases c where not exists (select 1 from audit_events a where a.case_id = c.id)`,
      ),
      0,
      'every case is in the audit trail',
    );
  });

  it('gives a working account for every role', async () => {
    assert.deepEqual([...new Set(accounts.map((a) => a.role))].sort(), [
      'administrator',
      'complaints_officer',
      'investigating_manager',
      'report_viewer',
      'senior_manager',
    ]);
    const officer = accounts.find((a) => a.role === 'complaints_officer')!;
    assert.equal((await usersService(handle.db, clock).signIn(officer.email, officer.password)).ok, true);
  });

  it('is never loaded on top of existing cases', async () => {
    const before = await count(sql`select count(*) as n from feedback_cases`);
    await assert.rejects(loadDemoData(handle.db, clock, { referencePrefix: 'CS' }), DemoRefusedError);
    assert.equal(await count(sql`select count(*) as n from feedback_cases`), before);
  });
});
