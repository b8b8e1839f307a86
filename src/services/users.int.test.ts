import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/schema-version.ts';
import { engineName, testDatabase } from '../../test/support/database.ts';
import { makeUser, TEST_NOW, TEST_PASSWORD, testServices } from '../../test/support/factories.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { DomainError, ValidationError } from './errors.ts';
import type { Services } from './index.ts';
import { usersService } from './users.ts';

describe('staff accounts', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
  });
  after(() => handle.close());

  it('stores an argon2 hash, never the password', async () => {
    const { user } = await makeUser(svc, 'complaints_officer', { email: 'Jo.Bloggs@Example.gov.uk' });
    assert.equal(user.email, 'jo.bloggs@example.gov.uk');
    const [row] = rowsOf<{ password_hash: string }>(await handle.db.execute(sql`select password_hash from users where id = ${user.id}`));
    assert.match(row!.password_hash, /^\$argon2id\$/);
    assert.ok(!row!.password_hash.includes(TEST_PASSWORD));
  });

  it('refuses a second account for the same address, and short passwords', async () => {
    await assert.rejects(svc.users.create(SYSTEM_ACTOR, { email: 'jo.bloggs@example.gov.uk', displayName: 'Jo', role: 'administrator', password: TEST_PASSWORD }), (e: unknown) => e instanceof DomainError && e.code === 'USER.EMAIL_TAKEN');
    await assert.rejects(svc.users.create(SYSTEM_ACTOR, { email: 'new@example.gov.uk', displayName: 'New', role: 'administrator', password: 'short' }), (e: unknown) => e instanceof ValidationError && e.fieldErrors[0]!.field === 'password');
  });

  it('signs in with the right password only, and the failure does not say whether the account exists', async () => {
    const ok = await svc.users.signIn('JO.BLOGGS@example.gov.uk', TEST_PASSWORD);
    assert.equal(ok.ok, true);
    assert.deepEqual(await svc.users.signIn('jo.bloggs@example.gov.uk', 'wrong password!!'), { ok: false, reason: 'invalid' });
    assert.deepEqual(await svc.users.signIn('nobody@example.gov.uk', 'wrong password!!'), { ok: false, reason: 'invalid' });
  });

  it('holds back an account at an address after five failures, whether or not it has an account', async () => {
    const { user } = await makeUser(svc, 'complaints_officer', { email: 'held.back@example.gov.uk' });
    for (const email of ['nobody2@example.gov.uk', user.email]) {
      for (let i = 0; i < 5; i++) assert.deepEqual(await svc.users.signIn(email, 'wrong password!!', { address: '192.0.2.10' }), { ok: false, reason: 'invalid' });
      // The fifth failure starts a one-minute hold: even the right password is not checked.
      assert.deepEqual(await svc.users.signIn(email, TEST_PASSWORD, { address: '192.0.2.10' }), { ok: false, reason: 'throttled', retryAfterSeconds: 60 });
    }
    // Someone at another address is not held back by those failures.
    assert.equal((await svc.users.signIn(user.email, TEST_PASSWORD, { address: '198.51.100.7' })).ok, true);
    // A minute later the right password works again at the first address too.
    const later = (await testServices(handle, fixedClock('2024-06-03T09:01:00Z'))).users;
    assert.equal((await later.signIn(user.email, TEST_PASSWORD, { address: '192.0.2.10' })).ok, true);
  });

  describe('forty simultaneous wrong guesses', () => {
    /** A users service whose every password check (argon2, real or dummy) is counted. */
    function counted() {
      const counter = { checks: 0 };
      const users = usersService(handle.db, fixedClock(TEST_NOW), {
        verifyPassword: async (hashed, password) => {
          counter.checks += 1;
          return verify(hashed, password);
        },
      });
      return { users, counter };
    }

    it(`from one address get five password checks (${engineName()})`, async () => {
      const { user } = await makeUser(svc, 'complaints_officer');
      const { users, counter } = counted();
      const results = await Promise.all(Array.from({ length: 40 }, () => users.signIn(user.email, 'a wrong guess!!', { address: '203.0.113.5' })));
      assert.equal(counter.checks, 5);
      assert.equal(results.filter((r) => !r.ok && r.reason === 'invalid').length, 5);
      assert.equal(results.filter((r) => !r.ok && r.reason === 'throttled').length, 35);
      // The real user, at their own address, is not held back.
      assert.equal((await users.signIn(user.email, TEST_PASSWORD, { address: '192.0.2.44' })).ok, true);
    });

    it(`from forty addresses get ten password checks, and never hold back the user at an address they use (${engineName()})`, async () => {
      const { user } = await makeUser(svc, 'complaints_officer');
      const { users, counter } = counted();
      // The user has signed in from their office before.
      assert.equal((await users.signIn(user.email, TEST_PASSWORD, { address: '192.0.2.80' })).ok, true);
      counter.checks = 0;
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => users.signIn(user.email, 'a wrong guess!!', { address: `203.0.113.${i + 1}` })));
      assert.equal(counter.checks, 10);
      assert.equal(results.filter((r) => !r.ok && r.reason === 'throttled').length, 30);
      // An address the account has never signed in from waits for the account's slot…
      const stranger = await users.signIn(user.email, TEST_PASSWORD, { address: '198.51.100.99' });
      assert.deepEqual(stranger, { ok: false, reason: 'throttled', retryAfterSeconds: 1 });
      // …but the user's own address is let through, with the right password.
      assert.equal((await users.signIn(user.email, TEST_PASSWORD, { address: '192.0.2.80' })).ok, true);
      assert.equal(counter.checks, 11);
    });
  });

  it('forgets old failures but keeps the addresses people sign in from', async () => {
    const { user } = await makeUser(svc, 'complaints_officer', { email: 'purge@example.gov.uk' });
    await svc.users.signIn(user.email, TEST_PASSWORD, { address: '192.0.2.1' });
    await svc.users.signIn(user.email, 'wrong password!!', { address: '192.0.2.2' });
    const later = (await testServices(handle, fixedClock('2024-06-03T11:00:00Z'))).users;
    await later.purgeSignInRecords();
    const rows = rowsOf<{ address: string }>(await handle.db.execute(sql`select address from sign_in_throttle where email = ${user.email} order by address`));
    assert.deepEqual(rows.map((r) => r.address), ['192.0.2.1']);
  });

  it('a deactivated account cannot sign in, and nobody can lock themselves out', async () => {
    const { user: admin, actor } = await makeUser(svc, 'administrator');
    const { user: other } = await makeUser(svc, 'investigating_manager');
    await svc.users.update(actor, other.id, { active: false });
    assert.deepEqual(await svc.users.signIn(other.email, TEST_PASSWORD), { ok: false, reason: 'invalid' });
    await assert.rejects(svc.users.update(actor, admin.id, { role: 'report_viewer' }), (e: unknown) => e instanceof DomainError && e.code === 'USER.SELF_LOCKOUT');
    const audit = rowsOf<{ action: string; before: unknown; after: unknown }>(await handle.db.execute(sql`select action, before, after from audit_events where entity_id = ${other.id} order by id`));
    assert.deepEqual(audit.map((a) => a.action), ['user.create', 'user.update']);
    assert.deepEqual(audit[1]!.before, { active: true });
    assert.deepEqual(audit[1]!.after, { active: false });
  });
});
