import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../src/db/database.ts';
import type { Services } from '../src/services/index.ts';
import type { Actor } from '../src/services/actor.ts';
import { testDatabase } from '../test/support/database.ts';
import { makeCase, makeUser, TEST_PASSWORD, testServices } from '../test/support/factories.ts';
import { Browser, testApp } from '../test/support/web.ts';

async function until(done: () => boolean) {
  for (let i = 0; i < 1000 && !done(); i++) await sleep(10);
  assert.ok(done(), 'waited 10 s');
}
const state = (body: string) =>
  /figures-busy/.test(body) ? 'busy' : /figures-pending/.test(body) ? 'pending' : /data-testid="headlines"/.test(body) ? 'figures' : 'other';

describe('one report reader and everyone else\'s dashboard', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let viewer: Actor;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    const { actor } = await makeUser(svc, 'complaints_officer', { email: 'officer@example.gov.uk' });
    viewer = (await makeUser(svc, 'report_viewer', { email: 'viewer@example.gov.uk' })).actor;
    await makeCase(svc, actor, { receivedOn: '2023-06-01' });
  });
  after(async () => {
    await app.close();
    await svc.reports.settled();
    await handle.close();
  });

  it('3 report waits + 1 dashboard by one viewer: the officer\'s dashboard is busy; 12 periods evict the officer\'s kept figures', async () => {
    const v = new Browser(app);
    await v.signIn('viewer@example.gov.uk', TEST_PASSWORD);
    const o = new Browser(app);
    await o.signIn('officer@example.gov.uk', TEST_PASSWORD);
    // The officer's dashboard, figures kept.
    const first = await o.get('/dashboard');
    console.log('officer dashboard before:', first.statusCode, state(first.body));
    const locker = new pg.Client({ connectionString: (handle as DatabaseHandle & { url: string }).url });
    await locker.connect();
    await locker.query('begin; lock table feedback_cases in access exclusive mode');
    const held = [2015, 2016, 2017].map((y) => v.get(`/reports/annual?from=${y}-04-01`));
    await until(() => svc.reports.waitingFor(viewer) === 3);
    const vd = await v.get('/dashboard?from=2014-04-01');
    console.log('viewer dashboard 2014:', vd.statusCode, state(vd.body));
    const od = await o.get('/dashboard?from=2012-04-01');
    console.log('officer dashboard 2012 (never asked before):', od.statusCode, state(od.body));
    const od2 = await o.get('/dashboard?unit=&procedure=' );
    console.log('officer dashboard default (kept):', od2.statusCode, state(od2.body));
    await locker.query('rollback');
    console.log('statuses of held', (await Promise.all(held)).map((r) => r.statusCode));
    await svc.reports.settled();
    // Now evict: the viewer asks for 12 other periods, one after another (each quick here).
    for (let y = 2000; y < 2012; y++) {
      const r = await v.get(`/reports/annual?from=${y}-04-01`);
      assert.equal(r.statusCode, 200);
    }
    await locker.query('begin; lock table feedback_cases in access exclusive mode');
    const held2 = [1995, 1996, 1997].map((y) => v.get(`/reports/annual?from=${y}-04-01`));
    await until(() => svc.reports.waitingFor(viewer) === 3);
    const vd2 = await v.get('/dashboard?from=1994-04-01');
    console.log('viewer dashboard 1994:', vd2.statusCode, state(vd2.body));
    const od3 = await o.get('/dashboard');
    console.log('officer default dashboard after eviction:', od3.statusCode, state(od3.body));
    await locker.query('rollback');
    await Promise.all(held2);
    await locker.end();
  });
});
