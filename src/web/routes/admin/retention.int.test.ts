import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../../domain/clock.ts';
import type { DatabaseHandle } from '../../../db/database.ts';
import { rowsOf } from '../../../db/rows.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeCase, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/** Administration → Retention and disposal, and legal holds on the case page, as staff use them. */
describe('retention and disposal pages', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let admin: Browser;
  let officer: Browser;
  let manager: Browser;
  let reference: string;
  const count = async (action: string) =>
    rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int as n from audit_events where action = ${action}`),
    )[0]!.n;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2026-06-01T10:00:00Z'));
    app = await testApp(svc);
    const { actor } = await makeUser(svc, 'administrator', { email: 'admin@ret.gov.uk' });
    await makeUser(svc, 'complaints_officer', { email: 'officer@ret.gov.uk' });
    await makeUser(svc, 'investigating_manager', { email: 'manager@ret.gov.uk' });
    const made = await makeCase(svc, actor, {
      receivedOn: '2019-04-01',
      subject: 'Nobody called Zephyrine Blackwood back',
      complainant: { givenName: 'Zephyrine', familyName: 'Blackwood', email: 'zeph@example.com' },
    });
    reference = made.reference;
    // Closed seven years ago (set here directly: the closing journey is tested elsewhere).
    await handle.db.execute(
      sql`update feedback_cases set status = 'closed', closed_on = '2019-05-01' where id = ${made.id}`,
    );
    [admin, officer, manager] = [new Browser(app), new Browser(app), new Browser(app)];
    await admin.signIn('admin@ret.gov.uk', TEST_PASSWORD);
    await officer.signIn('officer@ret.gov.uk', TEST_PASSWORD);
    await manager.signIn('manager@ret.gov.uk', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('shows the case due, in the page and the CSV preview', async () => {
    const page = await admin.get('/admin/retention');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /No rules: every type is kept for 6 years after closure/);
    assert.match(page.body, new RegExp(`data-testid="disposal-due"[\\s\\S]*${reference}[\\s\\S]*2025-05-01`));
    const csv = await admin.get('/admin/retention/preview.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /disposal-preview-2026-06-01\.csv/);
    assert.match(csv.body, new RegExp(`${reference},Complaint,,2019-05-01,6,2025-05-01,due now,`));
    assert.equal((await officer.get('/admin/retention')).statusCode, 403);
  });

  it('sets a rule only with a reason, and audits it', async () => {
    await admin.get('/admin/retention');
    const refused = await admin.post('/admin/retention/rules', {
      caseType: 'complaint',
      outcome: '',
      years: '10',
      reason: '',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Enter why the council keeps these cases for this long/);
    const saved = await admin.post('/admin/retention/rules', {
      caseType: 'complaint',
      outcome: '',
      years: '8',
      reason: 'Retention schedule 4.2',
    });
    assert.equal(saved.statusCode, 303);
    const page = await admin.get('/admin/retention');
    assert.match(page.body, /Retention schedule 4\.2/);
    assert.match(page.body, /Due now: 0/);
    assert.match(page.body, new RegExp(`${reference}: 2027-05-01`));
    assert.equal(await count('retention.rule'), 1);
    // Removed (with a reason), the default of six years is back.
    const ruleId = /name="ruleId" value="([^"]+)"/.exec(page.body)![1]!;
    const noReason = await admin.post('/admin/retention/rules/remove', { ruleId, removeReason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter why the rule is removed/);
    const removed = await admin.post('/admin/retention/rules/remove', { ruleId, removeReason: 'Schedule revised' });
    assert.equal(removed.statusCode, 303);
    assert.match((await admin.get('/admin/retention')).body, /Due now: 1/);
    assert.equal(await count('retention.rule_removed'), 1);
  });

  it('lets a complaints officer set a legal hold, shown on the case page and in the preview, but not a manager', async () => {
    await manager.get('/');
    assert.equal((await manager.post(`/cases/${reference}/hold`, { holdReason: 'x' })).statusCode, 403);
    await officer.get(`/cases/${reference}`);
    const empty = await officer.post(`/cases/${reference}/hold`, { holdReason: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the reason for the legal hold/);
    const set = await officer.post(`/cases/${reference}/hold`, { holdReason: 'Claim in the county court' });
    assert.equal(set.statusCode, 302);
    const page = await officer.get(`/cases/${reference}`);
    assert.match(page.body, /data-testid="legal-hold"[\s\S]*Claim in the county court/);
    const preview = await admin.get('/admin/retention');
    assert.match(preview.body, /Due now: 0/);
    assert.match(
      preview.body,
      new RegExp(`data-testid="disposal-held"[\\s\\S]*${reference}[\\s\\S]*Claim in the county court`),
    );
    assert.match((await admin.get('/admin/retention/preview.csv')).body, /,held,Claim in the county court/);
    assert.equal(await count('retention.hold'), 1);
  });

  it('disposes of the case only once the hold is lifted and the administrator confirms', async () => {
    const page = await officer.get(`/cases/${reference}`);
    const holdId = /name="holdId" value="([^"]+)"/.exec(page.body)![1]!;
    const lifted = await officer.post(`/cases/${reference}/hold/lift`, { holdId, liftReason: 'Claim settled' });
    assert.equal(lifted.statusCode, 302);
    await admin.get('/admin/retention');
    const unconfirmed = await admin.post('/admin/retention/dispose', {});
    assert.equal(unconfirmed.statusCode, 400);
    assert.match(unconfirmed.body, /Tick the box to confirm you have checked the preview/);
    const done = await admin.post('/admin/retention/dispose', { confirm: 'yes' });
    assert.equal(done.statusCode, 303);
    assert.match((await admin.get(String(done.headers.location))).body, /Disposal run finished: 1 cases anonymised/);
    const after = await admin.get(`/cases/${reference}`);
    assert.match(after.body, /data-testid="anonymised"/);
    assert.doesNotMatch(after.body, /Zephyrine|Blackwood|zeph@example\.com/);
    assert.equal(await count('retention.disposal_run'), 1);
  });
  it('records a rectification request, and an erasure that removes the person’s data', async () => {
    const { actor } = await makeUser(svc, 'complaints_officer');
    await makeCase(svc, actor, {
      subject: 'Open case',
      complainant: { givenName: 'Peregrine', familyName: 'Ashdown', email: 'perry@example.com' },
    });
    const found = await admin.get('/admin/rights-requests?q=ashdown');
    assert.match(found.body, /Peregrine Ashdown · perry@example\.com/);
    const personId = /name="personId" type="radio" value="([^"]+)"/.exec(found.body)![1]!;
    const missing = await admin.post('/admin/rights-requests', {
      q: 'ashdown',
      personId,
      kind: 'rectification',
      receivedOn: '',
      request: '',
      action: '',
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Enter the date the request was received/);
    const rectified = await admin.post('/admin/rights-requests', {
      q: 'ashdown',
      personId,
      kind: 'rectification',
      receivedOn: '2026-05-28',
      request: 'Email address was misspelt',
      action: 'Corrected on the case',
    });
    assert.equal(rectified.statusCode, 303);
    // A legal hold on the person: shown on their case, and erasure refused (and recorded as refused) until lifted.
    await admin.get('/admin/rights-requests?q=ashdown');
    assert.equal((await admin.post('/admin/person-holds', { personId, holdReason: '' })).statusCode, 400);
    assert.equal((await admin.post('/admin/person-holds', { personId, holdReason: 'Claim pending' })).statusCode, 303);
    const [theirCase] = rowsOf<{ reference: string }>(
      await handle.db.execute(
        sql`select f.reference from feedback_cases f join case_parties p on p.case_id = f.id where p.person_id = ${personId}`,
      ),
    );
    assert.match(
      (await officer.get(`/cases/${theirCase!.reference}`)).body,
      /Peregrine Ashdown is on legal hold since .+?\(set by [^)]+\): Claim pending\. None of their cases will be disposed of/,
    );
    await admin.get('/admin/rights-requests?q=ashdown');
    const refused = await admin.post('/admin/rights-requests', {
      q: 'ashdown',
      personId,
      kind: 'erasure',
      receivedOn: '2026-05-29',
      request: 'Asked for everything to be deleted',
      action: 'Erase',
    });
    assert.equal(refused.statusCode, 200);
    assert.match(refused.body, /Recorded as refused\. Refused: This person or one of their cases is on legal hold/);
    const page = await admin.get('/admin/rights-requests');
    const holdId = /name="holdId" value="([^"]+)"/.exec(page.body)![1]!;
    assert.equal(
      (await admin.post('/admin/person-holds/lift', { holdId, liftReason: 'Claim settled' })).statusCode,
      303,
    );
    await admin.get('/admin/rights-requests?q=ashdown');
    const erased = await admin.post('/admin/rights-requests', {
      q: 'ashdown',
      personId,
      kind: 'erasure',
      receivedOn: '2026-05-29',
      request: 'Asked for everything to be deleted',
      action: 'Erased',
    });
    assert.equal(erased.statusCode, 303, erased.body.slice(0, 300));
    const after = await admin.get('/admin/rights-requests');
    assert.match(after.body, /data-testid="rights-requests"[\s\S]*Erasure: Asked for everything to be deleted/);
    assert.doesNotMatch(after.body, /Peregrine|perry@example\.com/);
    assert.equal(await count('rights.erasure'), 2);
    assert.equal(await count('rights.rectification'), 1);
    assert.equal((await officer.get('/admin/rights-requests')).statusCode, 403);
  });
});
