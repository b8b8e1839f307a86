import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import * as OTPAuth from 'otpauth';
import type { DatabaseHandle } from '../../../db/database.ts';
import { auditEvents, users } from '../../../db/schema/index.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeUser, TEST_NOW, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testConfig } from '../../../../test/support/web.ts';
import { createApp } from '../../app.ts';

/** The code an authenticator app would show now (the services' fixed clock), or at a step's distance. */
function codeFor(secret: string, steps = 0): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: new Date(TEST_NOW).getTime() + steps * 30_000,
  });
}

describe('sign-in codes (TOTP) for Heard passwords', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await createApp(svc, testConfig({ mfa: { administrators: true } }));
    await app.ready();
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  const lastAudit = async (action: string) =>
    (await handle.db.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(desc(auditEvents.id)))[0];

  /** Signs in with the password, is sent to set up, and sets up: returns the secret and recovery codes. */
  async function enrol(b: Browser, email: string): Promise<{ secret: string; codes: string[] }> {
    const signIn = await b.signIn(email, TEST_PASSWORD);
    assert.equal(signIn.headers.location, '/account/two-factor');
    const page = await b.get('/account/two-factor');
    const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(page.body)?.[1];
    assert.ok(secret, 'the page shows the key');
    // The code of the step before: the app's clock a little behind.
    const done = await b.post('/account/two-factor', { code: codeFor(secret, -1) });
    assert.equal(done.statusCode, 200);
    const codes = [...done.body.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);
    return { secret, codes };
  }

  it('sends an administrator to set up codes before anything else, then shows ten recovery codes once', async () => {
    const { user } = await makeUser(svc, 'administrator');
    const b = new Browser(app);
    assert.equal((await b.signIn(user.email, TEST_PASSWORD)).headers.location, '/account/two-factor');
    assert.equal((await b.get('/admin')).headers.location, '/account/two-factor');
    await b.get('/account/two-factor');
    assert.equal((await b.post('/admin/sign-in/mfa', { mfaForEveryone: 'yes' })).statusCode, 403);

    const page = await b.get('/account/two-factor');
    assert.match(page.body, /Your account must use sign-in codes/);
    assert.match(page.body, /<svg[^>]*>[\s\S]*<\/svg>/, 'a QR code drawn on the server');
    const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(page.body)![1]!;
    assert.match(page.body, new RegExp(`otpauth://totp/Heard:[^"<]*secret=${secret}`));
    const wrong = await b.post('/account/two-factor', { code: '000000' === codeFor(secret) ? '111111' : '000000' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /The code is not right/);
    const secretAgain = /data-testid="totp-secret">([A-Z2-7]+)</.exec(wrong.body)![1]!;
    assert.equal(secretAgain, secret, 'the same key until it is confirmed');

    const done = await b.post('/account/two-factor', { code: codeFor(secret, -1) });
    assert.equal(done.statusCode, 200);
    const codes = [...done.body.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((m) => m[1]);
    assert.equal(new Set(codes).size, 10);
    assert.equal((await b.get('/admin')).statusCode, 200);
    assert.doesNotMatch((await b.get('/account/two-factor')).body, /<code>[a-z2-9]{5}-/, 'shown once');

    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    assert.ok(row?.totpSecret && !row.totpSecret.includes(secret), 'stored encrypted');
    assert.deepEqual((await lastAudit('user.mfa_enrolled'))?.after, { method: 'TOTP', recoveryCodes: 10 });
  });

  it('the first administrator, made with the setup link, sets up codes straight away', async () => {
    const fresh = await testDatabase();
    const freshSvc = await testServices(fresh);
    const freshApp = await createApp(freshSvc, testConfig({ mfa: { administrators: true } }), {
      setupToken: 'one-time-token',
    });
    await freshApp.ready();
    try {
      const b = new Browser(freshApp);
      await b.get('/setup?token=one-time-token');
      const password = 'a long enough password';
      const made = await b.post('/setup', {
        token: 'one-time-token',
        displayName: 'Ada Admin',
        email: 'ada@example.gov.uk',
        password,
        confirmPassword: password,
      });
      assert.equal(made.headers.location, '/admin');
      assert.equal((await b.get('/admin')).headers.location, '/account/two-factor');
    } finally {
      await freshApp.close();
      await fresh.close();
    }
  });

  it('asks for the code after the password, and signs in only with a right one', async () => {
    const { user } = await makeUser(svc, 'administrator');
    const { secret } = await enrol(new Browser(app), user.email);
    const b = new Browser(app);
    const res = await b.signIn(user.email, TEST_PASSWORD);
    assert.equal(res.headers.location, '/sign-in/code');
    assert.equal((await b.get('/admin')).statusCode, 302, 'not signed in before the code');
    assert.match(String((await b.get('/admin')).headers.location), /^\/sign-in/);
    await b.get('/sign-in/code');
    const wrong = await b.post('/sign-in/code', { code: codeFor(secret, 5) });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /The code is not right/);
    const right = await b.post('/sign-in/code', { code: codeFor(secret) });
    assert.equal(right.headers.location, '/');
    assert.equal((await b.get('/admin')).statusCode, 200);

    // A code is taken once: the same one again (seen over a shoulder) is refused, the next one is not.
    const other = new Browser(app);
    await other.signIn(user.email, TEST_PASSWORD);
    await other.get('/sign-in/code');
    assert.equal((await other.post('/sign-in/code', { code: codeFor(secret) })).statusCode, 400);
    assert.equal((await other.post('/sign-in/code', { code: codeFor(secret, 1) })).headers.location, '/');
  });

  it('takes each recovery code once, audited', async () => {
    const { user } = await makeUser(svc, 'administrator');
    const { codes } = await enrol(new Browser(app), user.email);
    const b = new Browser(app);
    await b.signIn(user.email, TEST_PASSWORD);
    await b.get('/sign-in/code');
    const used = await b.post('/sign-in/code', { code: codes[3]!.toUpperCase() });
    assert.equal(used.headers.location, '/account/two-factor?recovery=9');
    assert.match(
      (await b.get('/account/two-factor?recovery=9')).body,
      /You signed in with a recovery code. You have 9 left/,
    );
    assert.deepEqual((await lastAudit('user.mfa_recovery_code_used'))?.after, { left: 9 });
    const again = new Browser(app);
    await again.signIn(user.email, TEST_PASSWORD);
    await again.get('/sign-in/code');
    assert.equal((await again.post('/sign-in/code', { code: codes[3]! })).statusCode, 400);
  });

  it('holds back guessing: after five wrong codes, even the right one waits', async () => {
    const { user } = await makeUser(svc, 'administrator');
    const { secret } = await enrol(new Browser(app), user.email);
    const b = new Browser(app);
    await b.signIn(user.email, TEST_PASSWORD);
    await b.get('/sign-in/code');
    for (let i = 0; i < 5; i++)
      assert.equal((await b.post('/sign-in/code', { code: codeFor(secret, 9) })).statusCode, 400);
    const held = await b.post('/sign-in/code', { code: codeFor(secret) });
    assert.equal(held.statusCode, 400);
    assert.match(held.body, /Too many wrong codes. Wait 1 minute/);
  });

  it('others choose; an administrator can require codes of everyone (audited) and turn off someone’s codes', async () => {
    const { user: officer } = await makeUser(svc, 'complaints_officer');
    assert.equal((await new Browser(app).signIn(officer.email, TEST_PASSWORD)).headers.location, '/');

    const { user: admin } = await makeUser(svc, 'administrator');
    const a = new Browser(app);
    await enrol(a, admin.email);
    await a.get('/admin/sign-in');
    assert.equal(
      (await a.post('/admin/sign-in/mfa', { mfaForEveryone: 'yes' })).headers.location,
      '/admin/sign-in?done=1',
    );
    assert.deepEqual((await lastAudit('settings.sign_in'))?.after, { mfaForEveryone: true });

    const o = new Browser(app);
    await enrol(o, officer.email);
    assert.equal((await o.get('/account/two-factor')).statusCode, 200);

    await a.get(`/admin/users/${officer.id}`);
    await a.post(`/admin/users/${officer.id}/two-factor/disable`, {});
    const off = await lastAudit('user.mfa_disabled');
    assert.equal(off?.entityId, officer.id);
    assert.equal(off?.actorId, admin.id);
    const [row] = await handle.db.select().from(users).where(eq(users.id, officer.id));
    assert.equal(row?.totpSecret, null);
    // Still required of everyone: the next sign-in sets up again.
    assert.equal((await new Browser(app).signIn(officer.email, TEST_PASSWORD)).headers.location, '/account/two-factor');
    await a.get('/admin/sign-in');
    await a.post('/admin/sign-in/mfa', { mfaForEveryone: 'no' });
  });
});
