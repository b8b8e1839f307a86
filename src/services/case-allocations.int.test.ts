import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, testServices } from '../../test/support/factories.ts';
import type { Actor } from './actor.ts';
import { caseAccessFacts } from './case-access.ts';
import type { Services } from './index.ts';

/**
 * The people allocated to a case, kept on the case by triggers (migration 0029), are exactly those who may open
 * it (caseAccessFacts, read from the sources): whoever changes a source (Heard, an import, SQL by hand).
 */
describe('the people allocated to a case, kept on the case', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let officer: Actor;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    officer = (await makeUser(svc, 'complaints_officer')).actor;
  });
  after(() => handle.close());

  const exec = (q: ReturnType<typeof sql>) => handle.db.execute(q);
  const kept = async (caseId: string) =>
    rowsOf<{ ids: string[] }>(
      await exec(sql`select allocated_user_ids as ids from feedback_cases where id = ${caseId}`),
    )[0]!.ids;
  /** The column, against the sources: the same people, in id order, without repeats. */
  const assertInStep = async (caseId: string, expected: string[], label: string) => {
    const facts = await caseAccessFacts(handle.db, caseId);
    assert.deepEqual([...facts.allocatedUserIds].sort(), [...expected].sort(), `${label}: the sources`);
    assert.deepEqual(await kept(caseId), [...expected].sort(), `${label}: the column`);
  };

  it('follows the manager, stage people and investigators through every change, and cannot be written by hand', async () => {
    const team = await makeTeam(svc, officer, 'Allocations Team');
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => makeUser(svc, 'investigating_manager')));
    const [ua, ub, uc, ud] = [a!.user.id, b!.user.id, c!.user.id, d!.user.id];
    const kase = await makeCase(svc, officer, { subject: 'Allocations' });
    await assertInStep(kase.id, [], 'a new case');

    await svc.cases.allocate(officer, kase.id, { teamId: team.id, investigatingManagerId: ua });
    await assertInStep(kase.id, [ua], 'allocated through Heard');

    const [stage] = rowsOf<{ id: string }>(
      await exec(sql`insert into stages (case_id, kind) values (${kase.id}, 'stage1') returning id`),
    );
    // Two statements' worth of rows at once, one of them the manager again: no repeats.
    await exec(sql`insert into stage_people (stage_id, role, user_id, name) values
      (${stage!.id}, 'independent_person', ${ub}, 'B'), (${stage!.id}, 'investigating_manager', ${ua}, 'A')`);
    await assertInStep(kase.id, [ua, ub], 'named on a stage');
    const [inv] = rowsOf<{ id: string }>(
      await exec(
        sql`insert into investigations (stage_id, team_id, investigator_id) values (${stage!.id}, ${team.id}, ${uc}) returning id`,
      ),
    );
    await assertInStep(kase.id, [ua, ub, uc], 'an investigator');
    await exec(sql`update investigations set investigator_id = ${ud} where id = ${inv!.id}`);
    await assertInStep(kase.id, [ua, ub, ud], 'another investigator');
    await exec(sql`update feedback_cases set investigating_manager_id = null where id = ${kase.id}`);
    await assertInStep(kase.id, [ua, ub, ud], 'the manager taken off, still named on the stage');
    await exec(sql`delete from stage_people where stage_id = ${stage!.id} and user_id = ${ua}`);
    await assertInStep(kase.id, [ub, ud], 'taken off the stage');

    // A change to a stage's dates, or an investigation's outcome, leaves the case's row as it was.
    const version = async () =>
      rowsOf<{ v: string }>(await exec(sql`select xmin::text as v from feedback_cases where id = ${kase.id}`))[0]!.v;
    const before = await version();
    await exec(sql`update stages set requested_on = '2024-05-01' where id = ${stage!.id}`);
    await exec(sql`update investigations set summary = 'Looked into' where id = ${inv!.id}`);
    assert.equal(await version(), before, 'the case row untouched');

    // Written by hand, the column is worked out again from the sources.
    await exec(sql`update feedback_cases set allocated_user_ids = array[${ua}::uuid] where id = ${kase.id}`);
    await assertInStep(kase.id, [ub, ud], 'written by hand');

    // TRUNCATE says nothing of the rows it removed: every case with someone allocated is worked out again.
    await exec(sql`truncate stage_people`);
    await assertInStep(kase.id, [ud], 'every stage person gone at once');
    await exec(
      sql`insert into stage_people (stage_id, role, user_id, name) values (${stage!.id}, 'independent_person', ${ub}, 'B')`,
    );
    await exec(sql`delete from investigations where id = ${inv!.id}`);
    await assertInStep(kase.id, [ub], 'the investigation deleted');
    await exec(sql`delete from stage_people where stage_id = ${stage!.id}`);
    await exec(sql`delete from stages where id = ${stage!.id}`);
    await assertInStep(kase.id, [], 'the stage deleted');
  });

  it('an investigating manager lists exactly the cases they may open, open or closed, and no others', async () => {
    const team = await makeTeam(svc, officer, 'Lists Team');
    const { user: manager, actor } = await makeUser(svc, 'investigating_manager');
    const { user: other } = await makeUser(svc, 'investigating_manager');
    const managed = await makeCase(svc, officer, { subject: 'Managed' });
    const investigated = await makeCase(svc, officer, { subject: 'Investigated' });
    const closed = await makeCase(svc, officer, { subject: 'Closed, named on a stage' });
    const someoneElses = await makeCase(svc, officer, { subject: 'Someone else' });
    await svc.cases.allocate(officer, managed.id, { teamId: team.id, investigatingManagerId: manager.id });
    await svc.cases.allocate(officer, someoneElses.id, { teamId: team.id, investigatingManagerId: other.id });
    for (const [k, role] of [
      [investigated, 'investigator'],
      [closed, 'stage'],
    ] as const) {
      const [s] = rowsOf<{ id: string }>(
        await exec(sql`insert into stages (case_id, kind) values (${k.id}, 'stage1') returning id`),
      );
      if (role === 'investigator')
        await exec(
          sql`insert into investigations (stage_id, team_id, investigator_id) values (${s!.id}, ${team.id}, ${manager.id})`,
        );
      else
        await exec(
          sql`insert into stage_people (stage_id, role, user_id, name) values (${s!.id}, 'independent_person', ${manager.id}, 'M')`,
        );
    }
    await exec(sql`update feedback_cases set status = 'closed', closed_on = received_on where id = ${closed.id}`);
    const subjects = async (status: 'open' | 'closed' | 'all') =>
      (await svc.cases.list(actor, { status })).rows.map((r) => r.subject).sort();
    assert.deepEqual(await subjects('open'), ['Investigated', 'Managed']);
    assert.deepEqual(await subjects('closed'), ['Closed, named on a stage']);
    assert.deepEqual(await subjects('all'), ['Closed, named on a stage', 'Investigated', 'Managed']);
    assert.equal((await svc.cases.list(actor, { status: 'all', q: 'Someone' })).total, 0);
  });
});
