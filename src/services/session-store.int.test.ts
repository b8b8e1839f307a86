import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeUser, TEST_PASSWORD } from '../../test/support/factories.ts';
import { Browser, testConfig } from '../../test/support/web.ts';
import { createApp } from '../web/app.ts';
import { services, type Services } from './index.ts';
import { eq, sql } from 'drizzle-orm';
import { sessions } from '../db/schema/index.ts';
import { DEFAULT_SESSION_LIFETIME, sessionStore, type SessionLifetime } from './session-store.ts';

/** A clock the test moves on. */
function movableClock(start: string): Clock & { advance(minutes: number): void } {
  let at = new Date(start).getTime();
  return { now: () => new Date(at), advance: (minutes) => (at += minutes * 60_000) };
}

const promised = <T>(fn: (cb: (err?: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

describe('session lifetime', () => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await testDatabase();
  });
  after(() => handle.close());

  async function signedInApp(lifetime: SessionLifetime) {
    const clock = movableClock('2024-06-03T08:00:00Z');
    const svc: Services = services(handle.db, clock, { referencePrefix: 'CS', sessionLifetime: lifetime });
    const app: FastifyInstance = await createApp(svc, testConfig({ session: lifetime }));
    await app.ready();
    const { user } = await makeUser(svc, 'complaints_officer');
    const b = new Browser(app);
    assert.equal((await b.signIn(user.email, TEST_PASSWORD)).headers.location, '/');
    return { clock, svc, app, b, user };
  }

  const signedIn = async (b: Browser) => {
    const res = await b.get('/');
    if (res.statusCode === 200) return true;
    assert.equal(res.statusCode, 302);
    assert.match(String(res.headers.location), /^\/sign-in/);
    return false;
  };

  it('ends a session 12 hours after sign-in by default, however active, and says why', async () => {
    const { clock, svc, app, b, user } = await signedInApp(DEFAULT_SESSION_LIFETIME);
    assert.deepEqual(DEFAULT_SESSION_LIFETIME, { idleMinutes: 30, absoluteHours: 12 });
    for (let step = 1; step <= 35; step++) {
      clock.advance(20);
      assert.equal(await signedIn(b), true, `still signed in after ${step * 20} minutes`);
    }
    clock.advance(19);
    assert.equal(await signedIn(b), true, 'still signed in at 11:59');
    clock.advance(1);
    const res = await b.get('/');
    assert.equal(res.headers.location, '/sign-in?ended=absolute&next=%2F', 'signed out at 12:00');
    assert.equal(await svc.sessions.countFor(user.id), 0);
    const page = await b.get(String(res.headers.location));
    assert.match(page.body, /You were signed out because you had been signed in for the longest time Heard allows/);
    // Only once: the next visit is an ordinary one.
    assert.equal((await b.get('/')).headers.location, '/sign-in?next=%2F');
    await app.close();
  });

  it('ends a session after the idle time without a request', async () => {
    const { clock, app, b } = await signedInApp({ idleMinutes: 30, absoluteHours: 2 });
    clock.advance(29);
    assert.equal(await signedIn(b), true);
    clock.advance(29);
    assert.equal(await signedIn(b), true, 'each request moves the idle limit on');
    clock.advance(30);
    const res = await b.get('/cases/new');
    assert.equal(res.headers.location, '/sign-in?ended=idle&next=%2Fcases%2Fnew');
    const page = await b.get(String(res.headers.location));
    assert.match(page.body, /You were signed out because you had not used Heard for a while/);
    // An unknown reason in the address shows nothing.
    assert.doesNotMatch((await b.get('/sign-in?ended=%3Cscript%3E')).body, /signed-out-reason/);
    await app.close();
  });

  it('takes a configured absolute lifetime', async () => {
    const { clock, app, b } = await signedInApp({ idleMinutes: 30, absoluteHours: 2 });
    for (let i = 0; i < 5; i++) {
      clock.advance(20);
      assert.equal(await signedIn(b), true);
    }
    clock.advance(20);
    assert.equal(await signedIn(b), false, 'two hours after sign-in');
    await app.close();
  });

  it('moves the idle limit on at most once a minute for requests that change nothing, and saves a change at once', async () => {
    const { clock, svc, app, b, user } = await signedInApp({ idleMinutes: 30, absoluteHours: 2 });
    const expiry = async () => {
      const [row] = await handle.db.select().from(sessions).where(eq(sessions.userId, user.id));
      assert.ok(row, 'the session has a row');
      return row.expiresAt.toISOString();
    };
    assert.equal(await expiry(), '2024-06-03T08:30:00.000Z', 'thirty minutes after sign-in');
    clock.advance(0.5);
    assert.equal(await signedIn(b), true);
    assert.equal(await expiry(), '2024-06-03T08:30:00.000Z', 'a page 30 seconds later writes nothing');
    clock.advance(0.5);
    assert.equal(await signedIn(b), true);
    assert.equal(await expiry(), '2024-06-03T08:31:00.000Z', 'a page a minute after the last write moves it on');
    // Idle since the last write at 08:01 (the page at 08:00:30 wrote nothing): the session ends at most a
    // minute early, never late. This page, 29.9 minutes on, moves the limit to 09:00:54.
    clock.advance(29.9);
    assert.equal(await signedIn(b), true, 'still signed in 29.9 minutes after the last write');
    assert.equal(await expiry(), '2024-06-03T09:00:54.000Z');
    // Within the minute after that, a change to the session is saved (its data), and moves the limit on with it.
    clock.advance(0.5);
    const store = sessionStore(handle.db, clock, { idleMinutes: 30, absoluteHours: 2 });
    const [row] = await handle.db.select().from(sessions).where(eq(sessions.userId, user.id));
    const read = await promised<Record<string, unknown>>((cb) => store.get(row!.sid, cb as never));
    await promised((cb) => store.set(row!.sid, { ...read!, isModified: () => false }, cb));
    assert.equal(await expiry(), '2024-06-03T09:00:54.000Z', 'unchanged, 30 seconds on: nothing written');
    const changed = { ...read!, flash: 'Saved', isModified: () => true };
    await promised((cb) => store.set(row!.sid, changed, cb));
    const [after] = await handle.db.select().from(sessions).where(eq(sessions.sid, row!.sid));
    assert.equal((after!.data as Record<string, unknown>).flash, 'Saved');
    assert.equal(after!.expiresAt.toISOString(), '2024-06-03T09:01:24.000Z', 'changed, 30 seconds on: written');
    // The store's own keys are never saved as data.
    assert.deepEqual(
      Object.keys(after!.data as object).sort(),
      Object.keys(row!.data as object)
        .concat('flash')
        .sort(),
    );
    assert.equal(await svc.sessions.countFor(user.id), 1);
    await promised((cb) => store.destroy(row!.sid, cb)); // the purge test below counts every session held
    await app.close();
  });

  it('always writes an idle limit that comes earlier, even for a request that changes nothing', async () => {
    const clock = movableClock('2024-06-03T08:00:00Z');
    const userId = '00000000-0000-4000-8000-000000000002';
    // Signed in while SESSION_IDLE_MINUTES was 480; Heard restarted with 30 since.
    const before = sessionStore(handle.db, clock, { idleMinutes: 480, absoluteHours: 12 });
    await promised((cb) => before.set('sid-shorter', { userId, cookie: {} }, cb));
    const store = sessionStore(handle.db, clock, { idleMinutes: 30, absoluteHours: 12 });
    clock.advance(10);
    const read = await promised<Record<string, unknown>>((cb) => store.get('sid-shorter', cb as never));
    await promised((cb) => store.set('sid-shorter', { ...read!, isModified: () => false }, cb));
    const [row] = await handle.db.select().from(sessions).where(eq(sessions.sid, 'sid-shorter'));
    assert.equal(row!.expiresAt.toISOString(), '2024-06-03T08:40:00.000Z', '30 minutes after the last request');
    clock.advance(120);
    const later = await promised<Record<string, unknown>>((cb) => store.get('sid-shorter', cb as never));
    assert.equal(later?.endedBecause, 'idle', 'ended long before 16:00');
    assert.equal(await store.countFor(userId), 0);
  });

  it('keeps the public form’s answers for 8 hours since the last step, in a cookie gone when the browser closes', async () => {
    const clock = movableClock('2024-06-03T08:00:00Z');
    const lifetime = { idleMinutes: 30, absoluteHours: 2 };
    const svc = services(handle.db, clock, { referencePrefix: 'CS', sessionLifetime: lifetime });
    const app = await createApp(svc, testConfig({ session: lifetime }));
    const b = new Browser(app);
    await b.get('/feedback/adult/type');
    const first = await b.post('/feedback/adult/type', { type: 'complaint' });
    assert.equal(first.statusCode, 302);
    const setCookie = first.cookies.find((c) => c.name === 'heard.sid');
    assert.ok(setCookie, 'the answer begins a session');
    // A browser-session cookie: a shared computer's next user finds no answers once the browser is closed.
    assert.equal(setCookie.expires, undefined);
    assert.equal(setCookie.maxAge, undefined);
    // A second answer seconds later is a change: saved at once, though the idle limit hardly moves.
    clock.advance(0.1);
    await b.get('/feedback/adult/relationship');
    assert.equal((await b.post('/feedback/adult/relationship', { relationship: 'MOTHER' })).statusCode, 302);
    // Away for 45 minutes (longer than the staff idle limit). @fastify/session would read a cookie's expiry
    // against the system clock, so that moves on too.
    const realNow = Date.now;
    const away = 45 * 60_000;
    Date.now = () => realNow() + away;
    clock.advance(45);
    try {
      const page = await b.get('/feedback/adult/relationship');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /value="MOTHER" checked/, 'the answer given 45 minutes ago');
      assert.equal(await handle.db.$count(sessions), 1, 'the same session: no empty one begun');
    } finally {
      Date.now = realNow;
    }
    await app.close();
    await handle.db.delete(sessions); // the purge test below counts every session held
  });

  it('gives the staff idle limit to anything but the public form’s answers: a sign-in under way, the tracking page', async () => {
    const clock = movableClock('2024-06-03T08:00:00Z');
    const store = sessionStore(handle.db, clock, { idleMinutes: 30, absoluteHours: 12 });
    const pending = '00000000-0000-4000-8000-000000000003';
    const cases: [string, Record<string, unknown>, string][] = [
      ['form', { feedback: { answers: {} } }, '2024-06-03T16:00:00.000Z'],
      ['form-done', { feedbackDone: { reference: 'CS-1' } }, '2024-06-03T16:00:00.000Z'],
      ['code-prompt', { mfaPendingUserId: pending }, '2024-06-03T08:30:00.000Z'],
      ['form-then-sign-in', { feedback: { answers: {} }, mfaPendingUserId: pending }, '2024-06-03T08:30:00.000Z'],
      ['sso', { ssoPending: { state: 's' } }, '2024-06-03T08:30:00.000Z'],
      ['tracking', { tracking: { reference: 'CS-1' } }, '2024-06-03T08:30:00.000Z'],
    ];
    for (const [sid, data, until] of cases) {
      await promised((cb) => store.set(`kinds-${sid}`, { cookie: {}, ...data }, cb));
      const [row] = await handle.db
        .select()
        .from(sessions)
        .where(eq(sessions.sid, `kinds-${sid}`));
      assert.equal(row?.expiresAt.toISOString(), until, sid);
      await promised((cb) => store.destroy(`kinds-${sid}`, cb));
    }
  });

  it('begins a new row for what the first request after a session ran out puts in it, and writes nothing else', async () => {
    const clock = movableClock('2024-06-03T08:00:00Z');
    const store = sessionStore(handle.db, clock, { idleMinutes: 30, absoluteHours: 12 });
    const userId = '00000000-0000-4000-8000-000000000004';
    for (const sid of ['ran-out-empty', 'ran-out-form'])
      await promised((cb) => store.set(sid, { cookie: {}, userId }, cb));
    clock.advance(35);
    const read = async (sid: string) => (await promised<Record<string, unknown>>((cb) => store.get(sid, cb as never)))!;
    // Nothing put in it: no row (the sign-in page is shown, and says why).
    const empty = await read('ran-out-empty');
    assert.equal(empty.endedBecause, 'idle');
    await promised((cb) => store.set('ran-out-empty', { ...empty, cookie: {} }, cb));
    assert.equal(await handle.db.$count(sessions, eq(sessions.sid, 'ran-out-empty')), 0);
    // The public form's first answer, from a browser whose staff session ran out: kept, as a new session.
    const ended = await read('ran-out-form');
    await promised((cb) =>
      store.set('ran-out-form', { ...ended, cookie: {}, feedback: { answers: { type: 'complaint' } } }, cb),
    );
    const [row] = await handle.db.select().from(sessions).where(eq(sessions.sid, 'ran-out-form'));
    assert.deepEqual(row?.data, { cookie: {}, feedback: { answers: { type: 'complaint' } } });
    assert.equal(row?.userId, null);
    assert.equal(row?.createdAt.toISOString(), '2024-06-03T08:35:00.000Z', 'begun now, not when the old one was');
    assert.equal(row?.expiresAt.toISOString(), '2024-06-03T16:35:00.000Z');
    await promised((cb) => store.destroy('ran-out-form', cb));
  });

  it('keeps the public form’s first answer from a browser whose staff session ran out', async () => {
    const { clock, app, b } = await signedInApp({ idleMinutes: 30, absoluteHours: 12 });
    await b.get('/feedback/adult/type');
    clock.advance(35);
    assert.equal((await b.post('/feedback/adult/type', { type: 'complaint' })).statusCode, 302);
    const page = await b.get('/feedback/adult/relationship');
    assert.equal(page.statusCode, 200, `not sent back to the start: ${String(page.headers.location)}`);
    await b.post('/feedback/adult/relationship', { relationship: 'MOTHER' });
    assert.match((await b.get('/feedback/adult/relationship')).body, /value="MOTHER" checked/);
    await app.close();
    await handle.db.delete(sessions).where(sql`data ? 'feedback'`); // the purge test below counts every session held
  });

  it('never writes back a session that was ended while a request was using it', async () => {
    const clock = movableClock('2024-06-03T08:00:00Z');
    const store = sessionStore(handle.db, clock);
    await promised((cb) => store.set('sid-1', { userId: '00000000-0000-4000-8000-000000000001', cookie: {} }, cb));
    const read = await promised<Record<string, unknown>>((cb) => store.get('sid-1', cb as never));
    assert.equal(read?.userId, '00000000-0000-4000-8000-000000000001');
    // Ended (a password changed) before the request that read it is saved again.
    await promised((cb) => store.destroy('sid-1', cb));
    await promised((cb) => store.set('sid-1', read!, cb));
    assert.equal(await promised((cb) => store.get('sid-1', cb as never)), null);
    assert.equal(await store.countFor('00000000-0000-4000-8000-000000000001'), 0);
  });

  it('purges sessions past either limit: staff an hour idle, the public form’s answers after eight hours', async () => {
    const clock = movableClock('2024-06-03T08:00:00Z');
    const svc: Services = services(handle.db, clock, { referencePrefix: 'CS' });
    const { user } = await makeUser(svc, 'complaints_officer');
    const store = sessionStore(handle.db, clock, { idleMinutes: 60, absoluteHours: 10 });
    await store.purgeExpired();
    const staff = { cookie: {}, userId: user.id };
    await promised((cb) => store.set('purge-idle', staff, cb));
    await promised((cb) => store.set('purge-active', staff, cb));
    await promised((cb) => store.set('purge-public', { cookie: {}, feedback: { answers: {} } }, cb));
    clock.advance(61);
    // Kept active: read and saved within the hour.
    await promised((cb) => store.set('purge-active', staff, cb));
    assert.equal(await store.purgeExpired(), 1, 'the idle member of staff');
    clock.advance(7 * 60);
    await promised((cb) => store.set('purge-active', staff, cb));
    assert.equal(await store.purgeExpired(), 1, 'the public form, eight hours after its last step');
    clock.advance(2 * 60);
    await promised((cb) => store.set('purge-active', staff, cb));
    assert.equal(await store.purgeExpired(), 1, 'the active one, ten hours after it began');
  });
});
