import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../../db/database.ts';
import { rowsOf } from '../../../db/rows.ts';
import type { Services } from '../../../services/index.ts';
import type { User } from '../../../services/users.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

const NEW_PASSWORD = 'kettle orbit plum seventeen';

describe('passwords and sessions in the browser', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let admin: User;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    admin = (await makeUser(svc, 'administrator', { email: 'admin@example.gov.uk' })).user;
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  const signedIn = async (b: Browser) => (await b.get('/account/password')).statusCode === 200;
  const sessionCookie = (b: Browser) => /heard\.sid=([^;]+)/.exec(b.cookieHeaderForTests())?.[1];

  it('every role can reach Change password from the header', async () => {
    for (const role of [
      'administrator',
      'complaints_officer',
      'investigating_manager',
      'senior_manager',
      'report_viewer',
    ] as const) {
      const { user } = await makeUser(svc, role);
      const b = new Browser(app);
      await b.signIn(user.email, TEST_PASSWORD);
      const home = await b.get(role === 'report_viewer' ? '/dashboard' : '/');
      assert.match(
        home.body,
        /<a class="govuk-service-navigation__link" href="\/account\/password" data-testid="account-password">Change password<\/a>/,
        role,
      );
      const page = await b.get('/account/password');
      assert.equal(page.statusCode, 200, role);
      assert.match(page.body, /aria-current="page">Change password/);
    }
    // Nobody signed in is sent to sign in.
    const res = await new Browser(app).get('/account/password');
    assert.equal(res.headers.location, '/sign-in?next=%2Faccount%2Fpassword');
  });

  it('changing your password shows each problem by its field, then signs out your other browsers and keeps this one', async () => {
    const { user } = await makeUser(svc, 'investigating_manager');
    const here = new Browser(app);
    const elsewhere = new Browser(app);
    await here.signIn(user.email, TEST_PASSWORD);
    await elsewhere.signIn(user.email, TEST_PASSWORD);

    await here.get('/account/password');
    const empty = await here.post('/account/password', { currentPassword: '', newPassword: '', confirmPassword: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<title>Error: Change your password/);
    for (const [field, message] of [
      ['currentPassword', 'Enter your current password'],
      ['newPassword', 'Enter a new password'],
      ['confirmPassword', 'Confirm your new password'],
    ]) {
      assert.match(empty.body, new RegExp(`<a href="#${field}">${message}</a>`));
    }
    const weak = await here.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'password1234',
      confirmPassword: 'password1234',
    });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.body, /<a href="#newPassword">[^<]*Choose a password that is harder to guess/);
    assert.ok(
      !weak.body.includes(TEST_PASSWORD) && !weak.body.includes('password1234'),
      'passwords are never shown again',
    );
    const wrong = await here.post('/account/password', {
      currentPassword: 'not my password at all',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.match(wrong.body, /<a href="#currentPassword">Your current password is not right<\/a>/);
    assert.equal(await signedIn(elsewhere), true, 'a refused change ends nothing');

    const before = sessionCookie(here);
    const ok = await here.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(ok.statusCode, 302);
    assert.equal(ok.headers.location, '/account/password?done=1');
    assert.notEqual(sessionCookie(here), before, 'this browser is given a new session id');
    const done = await here.get('/account/password?done=1');
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Your password has been changed/);
    assert.equal(await signedIn(elsewhere), false, 'the other browser is signed out');
    assert.equal(
      rowsOf<{ n: number }>(
        await handle.db.execute(sql`select count(*)::int as n from sessions where user_id = ${user.id}`),
      )[0]!.n,
      1,
    );
    const audit = rowsOf<{ action: string; after: unknown }>(
      await handle.db.execute(sql`select action, after from audit_events where entity_id = ${user.id} order by id`),
    );
    assert.deepEqual(audit.at(-1), { action: 'user.password', after: { passwordChanged: true, sessionsEnded: 1 } });

    assert.equal((await new Browser(app).signIn(user.email, TEST_PASSWORD)).statusCode, 400);
    assert.equal((await new Browser(app).signIn(user.email, NEW_PASSWORD)).statusCode, 302);
  });

  it("an administrator's reset signs the user out everywhere; a weak one is refused by its field and changes nothing", async () => {
    const { user } = await makeUser(svc, 'complaints_officer');
    const theirs = new Browser(app);
    await theirs.signIn(user.email, TEST_PASSWORD);
    const adminBrowser = new Browser(app);
    await adminBrowser.signIn(admin.email, TEST_PASSWORD);

    await adminBrowser.get(`/admin/users/${user.id}`);
    const weak = await adminBrowser.post(`/admin/users/${user.id}`, {
      role: 'report_viewer',
      active: 'yes',
      password: ' '.repeat(12),
    });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.body, /<a href="#password">The password must not be only spaces<\/a>/);
    assert.equal((await svc.users.get(user.id))!.role, 'complaints_officer', 'the role is not changed either');
    assert.equal(await signedIn(theirs), true);

    await adminBrowser.get(`/admin/users/${user.id}`);
    const reset = await adminBrowser.post(`/admin/users/${user.id}`, {
      role: 'complaints_officer',
      active: 'yes',
      password: NEW_PASSWORD,
    });
    assert.equal(reset.headers.location, '/admin/users?done=1');
    assert.equal(await signedIn(theirs), false);
    assert.equal(await signedIn(adminBrowser), true, "the administrator's own session is untouched");

    // Their own password: only through Change password.
    await adminBrowser.get(`/admin/users/${admin.id}`);
    const own = await adminBrowser.post(`/admin/users/${admin.id}`, {
      role: 'administrator',
      active: 'yes',
      password: NEW_PASSWORD,
    });
    assert.equal(own.statusCode, 400);
    assert.match(own.body, /<a href="#password">To change your own password, use Change password/);
  });

  it('adding an account refuses a common password, keeping what was typed except the password', async () => {
    const b = new Browser(app);
    await b.signIn(admin.email, TEST_PASSWORD);
    await b.get('/admin/users');
    const res = await b.post('/admin/users', {
      displayName: 'Pat New',
      email: 'pat.new@example.gov.uk',
      role: 'report_viewer',
      teamId: '',
      password: 'password1234',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<a href="#password">[^<]*Choose a password that is harder to guess/);
    assert.match(res.body, /value="pat.new@example.gov.uk"/);
    assert.ok(!res.body.includes('password1234'));
    assert.equal(
      (await svc.users.list()).some((u) => u.email === 'pat.new@example.gov.uk'),
      false,
    );

    // A password field sent twice is refused as a bad request (every repeated field is), not a server error.
    await b.get('/admin/users');
    const twice = `_csrf=${encodeURIComponent(b.csrf())}&displayName=Pat&email=pat.twice%40example.gov.uk&role=report_viewer&password=kettle+orbit&password=plum+seventeen`;
    const res2 = await app.inject({
      method: 'POST',
      url: '/admin/users',
      payload: twice,
      headers: { cookie: b.cookieHeaderForTests(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res2.statusCode, 400);
    assert.match(res2.body, /answered more than once/);
    assert.equal(
      (await svc.users.list()).some((u) => u.email === 'pat.twice@example.gov.uk'),
      false,
    );
  });
});

describe('the first administrator', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc, { setupToken: 'one-time-token' });
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('is refused twelve spaces or a common password', async () => {
    const b = new Browser(app);
    await b.get('/setup?token=one-time-token');
    for (const [password, message] of [
      [' '.repeat(12), 'The password must not be only spaces'],
      ['password1234', 'Choose a password that is harder to guess'],
    ] as const) {
      const res = await b.post('/setup', {
        token: 'one-time-token',
        displayName: 'Ada Admin',
        email: 'ada@example.gov.uk',
        password,
        confirmPassword: password,
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, new RegExp(`<a href="#password">[^<]*${message}`));
    }
    assert.equal(await svc.users.count(), 0);
  });
});
