import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../../domain/clock.ts';
import type { DatabaseHandle } from '../../../db/database.ts';
import { auditEvents, notifications, passwordResets } from '../../../db/schema/index.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeUser, TEST_NOW, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testConfig } from '../../../../test/support/web.ts';
import { createApp } from '../../app.ts';

const NEW_PASSWORD = 'lantern meadow copper ninety';
const SAME_ANSWER = /If there is a Heard account with a password for that email address, we have sent it a link/;

function movableClock(start: string): Clock & { advance(minutes: number): void } {
  let at = new Date(start).getTime();
  return { now: () => new Date(at), advance: (minutes) => (at += minutes * 60_000) };
}

describe('password reset by email', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  const clock = movableClock(TEST_NOW);

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, clock);
    app = await createApp(svc, testConfig({ baseUrl: 'https://heard.example.gov.uk' }));
    await app.ready();
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  async function ask(email: string) {
    const b = new Browser(app);
    const signIn = await b.get('/sign-in');
    assert.match(signIn.body, /href="\/sign-in\/forgotten"[^>]*>Forgotten your password\?/);
    await b.get('/sign-in/forgotten');
    const res = await b.post('/sign-in/forgotten', { email });
    assert.equal(res.statusCode, 200);
    return res.body;
  }

  const emailsTo = (to: string) =>
    handle.db
      .select()
      .from(notifications)
      .where(eq(notifications.toAddress, to))
      .orderBy(desc(notifications.createdAt));
  const linkIn = (body: string) => {
    const m = /https:\/\/heard\.example\.gov\.uk(\/sign-in\/reset\/[\w-]+)/.exec(body);
    assert.ok(m, body);
    return m[1]!;
  };

  it('answers the same for an account and for no account, and emails only the account a one-hour link', async () => {
    const { user } = await makeUser(svc, 'complaints_officer');
    assert.match(await ask(user.email.toUpperCase()), SAME_ANSWER);
    assert.match(await ask('nobody.here@example.gov.uk'), SAME_ANSWER);
    assert.equal((await emailsTo('nobody.here@example.gov.uk')).length, 0);
    const [email] = await emailsTo(user.email);
    assert.equal(email?.subject, 'Reset your Heard password');
    const path = linkIn(email!.body);
    // Only a hash of the token is kept.
    const token = path.split('/').pop()!;
    const [stored] = await handle.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    assert.notEqual(stored?.tokenHash, token);
    assert.equal(stored?.expiresAt.getTime(), new Date(TEST_NOW).getTime() + 3600_000);
    // The outbox never shows the link to staff.
    const listed = (await svc.notifications.list()).find((n) => n.id === email!.id);
    assert.doesNotMatch(listed!.body, /sign-in\/reset/);
    const requested = (
      await handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.password_reset_requested'))
    ).filter((a) => a.entityId === user.id);
    assert.equal(requested.length, 1);
  });

  it('refuses a blank address on the form', async () => {
    const b = new Browser(app);
    await b.get('/sign-in/forgotten');
    const res = await b.post('/sign-in/forgotten', { email: '  ' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<a href="#email">Enter your email address<\/a>/);
  });

  it('sets a new password under the policy, once, ending every session; the old password stops working', async () => {
    const { user } = await makeUser(svc, 'investigating_manager');
    const elsewhere = new Browser(app);
    await elsewhere.signIn(user.email, TEST_PASSWORD);
    assert.equal((await elsewhere.get('/account/password')).statusCode, 200);
    await ask(user.email);
    const path = linkIn((await emailsTo(user.email))[0]!.body);

    const b = new Browser(app);
    const form = await b.get(path);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(user.email.replace('.', '\\.')));
    const weak = await b.post(path, { newPassword: 'password', confirmPassword: 'password' });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.body, /href="#newPassword"/);
    const mismatch = await b.post(path, { newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}x` });
    assert.match(mismatch.body, /The passwords do not match/);
    const done = await b.post(path, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    assert.equal(done.headers.location, '/sign-in?ended=password-reset');
    assert.match((await b.get('/sign-in?ended=password-reset')).body, /Your password has been changed/);

    assert.equal(await svc.sessions.countFor(user.id), 0);
    assert.equal((await elsewhere.get('/account/password')).statusCode, 302);
    assert.equal((await new Browser(app).signIn(user.email, TEST_PASSWORD)).statusCode, 400);
    assert.equal((await new Browser(app).signIn(user.email, NEW_PASSWORD)).statusCode, 302);
    const [audit] = await handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.password_reset'))
      .orderBy(desc(auditEvents.id));
    assert.equal(audit?.entityId, user.id);
    assert.deepEqual(audit?.after, { passwordChanged: true, sessionsEnded: 1 });

    // Used once: the same link again is refused.
    const again = await new Browser(app).get(path);
    assert.equal(again.statusCode, 404);
    assert.match(again.body, /expired or was already used/);
  });

  it('refuses a link after an hour, and a made-up one', async () => {
    const { user } = await makeUser(svc, 'senior_manager');
    await ask(user.email);
    const path = linkIn((await emailsTo(user.email))[0]!.body);
    clock.advance(59);
    assert.equal((await new Browser(app).get(path)).statusCode, 200);
    clock.advance(1);
    const b = new Browser(app);
    assert.equal((await b.get(path)).statusCode, 404);
    await b.get('/sign-in');
    assert.equal((await b.post(path, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).statusCode, 404);
    assert.equal((await new Browser(app).signIn(user.email, TEST_PASSWORD)).statusCode, 302);
    assert.equal((await new Browser(app).get('/sign-in/reset/not-a-real-token-at-all-12345')).statusCode, 404);
  });
});
