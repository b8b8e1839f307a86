import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../../db/database.ts';
import type { Actor } from '../../../services/actor.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/**
 * The actions register a page at a time: a council with thousands of open
 * actions reads them fifty to a page, soonest due first, with the counts of
 * all of them on every page.
 */
describe('the actions register, paged', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let b: Browser;
  let actor: Actor;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    const { user } = await makeUser(svc, 'complaints_officer', { email: 'register@example.gov.uk' });
    actor = { userId: user.id, role: user.role, label: 'officer' };
    const training = (await svc.referenceData.byCode('action_type')).get('TRAINING')!.id;
    const today = svc.clock.now().toISOString().slice(0, 10);
    const team = await makeTeam(svc, actor);
    const { user: manager } = await makeUser(svc, 'investigating_manager');
    const openCase = async () => {
      const { id } = await makeCase(svc, actor);
      await svc.triage.apply(actor, id, {
        type: 'complaint',
        procedure: 'corporate',
        procedureReason: 'SEND',
        decision: 'stage1',
        teamId: team.id,
        investigatingManagerId: manager.id,
      });
      return { id };
    };
    // 62 open actions over three cases: 12 overdue (due before today), 50 due later; 1 completed.
    for (let c = 0; c < 3; c++) {
      const { id } = await openCase();
      for (let i = 0; i < 21 && c * 21 + i < 62; i++) {
        const n = c * 21 + i;
        const due = new Date(Date.parse(`${today}T00:00:00Z`) + (n < 12 ? -(12 - n) : n - 11) * 86_400_000);
        await svc.casework.addAction(actor, id, {
          actionTypeId: training,
          text: `Action number ${String(n).padStart(2, '0')}`,
          ownerName: 'Practice lead',
          dueOn: due.toISOString().slice(0, 10),
        });
      }
    }
    const { id } = await openCase();
    const done = await svc.casework.addAction(actor, id, {
      actionTypeId: training,
      text: 'Done already',
      ownerName: 'Practice lead',
      dueOn: today,
    });
    await svc.casework.completeAction(actor, id, done, { completedOn: today });
    b = new Browser(app);
    await b.signIn(user.email, TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  const actionsOn = (body: string) => [...body.matchAll(/Action number (\d\d)/g)].map((m) => Number(m[1]));
  const count = (body: string) => /data-testid="actions-count">([^<]*)/.exec(body)?.[1]?.replace(/\s+/g, ' ').trim();

  it('shows the first fifty, soonest due first, with the counts of all', async () => {
    const res = await b.get('/actions');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(actionsOn(res.body), [...Array(50).keys()]);
    assert.equal(count(res.body), '62 open actions, 12 overdue. Showing 1 to 50.');
    assert.match(res.body, /href="\/actions\?page=2"/);
    assert.doesNotMatch(res.body, /Done already/);
  });

  it('shows the rest on page 2, and says when a page is past the end', async () => {
    const second = await b.get('/actions?page=2');
    assert.deepEqual(
      actionsOn(second.body),
      [...Array(12).keys()].map((i) => 50 + i),
    );
    assert.equal(count(second.body), '62 open actions, 12 overdue. Showing 51 to 62.');
    assert.match(second.body, /<title>Actions register \(page 2 of 2\)/);
    const past = await b.get('/actions?page=9');
    assert.equal(past.statusCode, 200);
    assert.deepEqual(actionsOn(past.body), []);
    assert.match(past.body, /That page is past the end of the register \(2 pages\)/);
  });

  it('shows only the overdue ones when asked, and treats a page that is not a number as the first', async () => {
    const overdue = await b.get('/actions?overdue=1');
    assert.deepEqual(actionsOn(overdue.body), [...Array(12).keys()]);
    assert.equal(count(overdue.body), '12 overdue actions.');
    const odd = await b.get('/actions?page=%3Cb%3E');
    assert.equal(odd.statusCode, 200);
    assert.deepEqual(actionsOn(odd.body), [...Array(50).keys()]);
  });
});
