import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { engineName, testDatabase } from '../../test/support/database.ts';
import { makeUser, TEST_NOW, TEST_PASSWORD, testServices } from '../../test/support/factories.ts';
import { SYSTEM_ACTOR, userActor } from './actor.ts';
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
    const [row] = rowsOf<{ password_hash: string }>(
      await handle.db.execute(sql`select password_hash from users where id = ${user.id}`),
    );
    assert.match(row!.password_hash, /^\$argon2id\$/);
    assert.ok(!row!.password_hash.includes(TEST_PASSWORD));
  });

  it('refuses a second account for the same address, and short passwords', async () => {
    await assert.rejects(
      svc.users.create(SYSTEM_ACTOR, {
        email: 'jo.bloggs@example.gov.uk',
        displayName: 'Jo',
        role: 'administrator',
        password: TEST_PASSWORD,
      }),
      (e: unknown) => e instanceof DomainError && e.code === 'USER.EMAIL_TAKEN',
    );
    await assert.rejects(
      svc.users.create(SYSTEM_ACTOR, {
        email: 'new@example.gov.uk',
        displayName: 'New',
        role: 'administrator',
        password: 'short',
      }),
      (e: unknown) => e instanceof ValidationError && e.fieldErrors[0]!.field === 'password',
    );
  });

  it('refuses common, patterned and all-space passwords wherever a password is set', async () => {
    for (const weak of ['password1234', ' '.repeat(12), 'qwertyuiop12']) {
      await assert.rejects(
        svc.users.create(SYSTEM_ACTOR, {
          email: 'weak@example.gov.uk',
          displayName: 'Weak',
          role: 'administrator',
          password: weak,
        }),
        (e: unknown) =>
          e instanceof ValidationError &&
          e.fieldErrors.length === 1 &&
          e.fieldErrors[0]!.field === 'password' &&
          /harder to guess|only spaces/.test(e.fieldErrors[0]!.message),
      );
    }
    const { user } = await makeUser(svc, 'complaints_officer');
    const { actor: admin } = await makeUser(svc, 'administrator');
    await assert.rejects(
      svc.users.setPassword(admin, user.id, 'password1234'),
      (e: unknown) => e instanceof ValidationError && e.fieldErrors[0]!.field === 'password',
    );
    await assert.rejects(
      svc.users.changeOwnPassword(userActor(user), {
        currentPassword: TEST_PASSWORD,
        newPassword: ' '.repeat(12),
        confirmPassword: ' '.repeat(12),
      }),
      (e: unknown) =>
        e instanceof ValidationError &&
        e.fieldErrors[0]!.field === 'newPassword' &&
        e.fieldErrors[0]!.message === 'The password must not be only spaces',
    );
    assert.equal((await svc.users.signIn(user.email, TEST_PASSWORD)).ok, true, 'the password is unchanged');
  });

  it('signs in with the right password only, and the failure does not say whether the account exists', async () => {
    const ok = await svc.users.signIn('JO.BLOGGS@example.gov.uk', TEST_PASSWORD);
    assert.equal(ok.ok, true);
    assert.deepEqual(await svc.users.signIn('jo.bloggs@example.gov.uk', 'wrong password!!'), {
      ok: false,
      reason: 'invalid',
    });
    assert.deepEqual(await svc.users.signIn('nobody@example.gov.uk', 'wrong password!!'), {
      ok: false,
      reason: 'invalid',
    });
  });

  it('holds back an account at an address after five failures, whether or not it has an account', async () => {
    const { user } = await makeUser(svc, 'complaints_officer', { email: 'held.back@example.gov.uk' });
    for (const email of ['nobody2@example.gov.uk', user.email]) {
      for (let i = 0; i < 5; i++)
        assert.deepEqual(await svc.users.signIn(email, 'wrong password!!', { address: '192.0.2.10' }), {
          ok: false,
          reason: 'invalid',
        });
      // The fifth failure starts a one-minute hold: even the right password is not checked.
      assert.deepEqual(await svc.users.signIn(email, TEST_PASSWORD, { address: '192.0.2.10' }), {
        ok: false,
        reason: 'throttled',
        retryAfterSeconds: 60,
      });
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
      const results = await Promise.all(
        Array.from({ length: 40 }, () => users.signIn(user.email, 'a wrong guess!!', { address: '203.0.113.5' })),
      );
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
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          users.signIn(user.email, 'a wrong guess!!', { address: `203.0.113.${i + 1}` }),
        ),
      );
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
    const rows = rowsOf<{ address: string }>(
      await handle.db.execute(sql`select address from sign_in_throttle where email = ${user.email} order by address`),
    );
    assert.deepEqual(
      rows.map((r) => r.address),
      ['192.0.2.1'],
    );
  });

  describe('ending sessions', () => {
    const keep = (sid: string, userId: string) =>
      new Promise<void>((resolve, reject) =>
        svc.sessions.set(sid, { userId, cookie: {} }, (err) => (err ? reject(err as Error) : resolve())),
      );
    const auditOf = async (id: string) =>
      rowsOf<{ action: string; actor_label: string; after: Record<string, unknown> }>(
        await handle.db.execute(
          sql`select action, actor_label, after from audit_events where entity_id = ${id} order by id`,
        ),
      );

    it("an administrator's new password ends every session the user has, and is audited", async () => {
      const { user } = await makeUser(svc, 'investigating_manager');
      const { user: other } = await makeUser(svc, 'investigating_manager');
      const { actor: admin } = await makeUser(svc, 'administrator');
      await keep('reset-laptop', user.id);
      await keep('reset-phone', user.id);
      await keep('reset-other', other.id);
      await svc.users.setPassword(admin, user.id, 'kettle orbit plum seventeen');
      assert.equal(await svc.sessions.countFor(user.id), 0);
      assert.equal(await svc.sessions.countFor(other.id), 1, "someone else's session is untouched");
      const audit = await auditOf(user.id);
      assert.deepEqual(audit.at(-1), {
        action: 'user.password',
        actor_label: admin.label,
        after: { passwordChanged: true, sessionsEnded: 2 },
      });
      assert.equal((await svc.users.signIn(user.email, 'kettle orbit plum seventeen')).ok, true);
    });

    it('an administrator sets their own password only by giving their current one; a refused password changes nothing else', async () => {
      const { user, actor } = await makeUser(svc, 'administrator');
      const { user: target } = await makeUser(svc, 'investigating_manager');
      await assert.rejects(
        svc.users.update(actor, user.id, { password: 'kettle orbit plum seventeen' }),
        (e: unknown) => e instanceof DomainError && e.code === 'USER.OWN_PASSWORD' && e.field === 'password',
      );
      await assert.rejects(
        svc.users.update(actor, target.id, { role: 'report_viewer', active: false, password: 'password1234' }),
        ValidationError,
      );
      const after = await svc.users.get(target.id);
      assert.equal(after!.role, 'investigating_manager');
      assert.equal(after!.active, true);
    });

    it('changing your own password ends your other sessions and keeps the one you are using', async () => {
      const { user } = await makeUser(svc, 'report_viewer');
      const me = userActor(user);
      await keep('own-this', user.id);
      await keep('own-other', user.id);
      const change = (input: Partial<{ currentPassword: string; newPassword: string; confirmPassword: string }>) =>
        svc.users.changeOwnPassword(
          me,
          {
            currentPassword: TEST_PASSWORD,
            newPassword: 'kettle orbit plum seventeen',
            confirmPassword: 'kettle orbit plum seventeen',
            ...input,
          },
          { address: '192.0.2.60', keepSid: 'own-this' },
        );
      const fields = async (input: Parameters<typeof change>[0]) => {
        try {
          await change(input);
          return 'changed';
        } catch (e) {
          assert.ok(e instanceof ValidationError);
          return e.fieldErrors.map((f) => `${f.field}: ${f.message}`);
        }
      };
      assert.deepEqual(await fields({ currentPassword: '', newPassword: '', confirmPassword: '' }), [
        'currentPassword: Enter your current password',
        'newPassword: Enter a new password',
        'confirmPassword: Confirm your new password',
      ]);
      assert.deepEqual(await fields({ confirmPassword: 'kettle orbit plum seventeen!' }), [
        'confirmPassword: The passwords do not match',
      ]);
      assert.deepEqual(await fields({ newPassword: TEST_PASSWORD, confirmPassword: TEST_PASSWORD }), [
        'newPassword: The new password must be different from your current password',
      ]);
      assert.deepEqual(await fields({ currentPassword: 'not my password at all' }), [
        'currentPassword: Your current password is not right',
      ]);
      assert.equal(await svc.sessions.countFor(user.id), 2, 'nothing ended while refused');

      assert.deepEqual(await change({}), { sessionsEnded: 1 });
      const left = rowsOf<{ sid: string }>(
        await handle.db.execute(sql`select sid from sessions where user_id = ${user.id}`),
      );
      assert.deepEqual(
        left.map((r) => r.sid),
        ['own-this'],
      );
      assert.deepEqual((await auditOf(user.id)).at(-1), {
        action: 'user.password',
        actor_label: me.label,
        after: { passwordChanged: true, sessionsEnded: 1 },
      });
      assert.equal((await svc.users.signIn(user.email, TEST_PASSWORD)).ok, false);
      assert.equal((await svc.users.signIn(user.email, 'kettle orbit plum seventeen')).ok, true);
    });

    it('the current password cannot be guessed on the change-password form either', async () => {
      const { user } = await makeUser(svc, 'report_viewer');
      const counter = { checks: 0 };
      const users = usersService(handle.db, fixedClock(TEST_NOW), {
        verifyPassword: async (hashed, password) => {
          counter.checks += 1;
          return verify(hashed, password);
        },
      });
      const attempts = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          users.changeOwnPassword(
            userActor(user),
            {
              currentPassword: `guess number ${i}`,
              newPassword: 'kettle orbit plum seventeen',
              confirmPassword: 'kettle orbit plum seventeen',
            },
            { address: '203.0.113.77' },
          ),
        ),
      );
      assert.equal(counter.checks, 5);
      const messages = attempts.map((a) =>
        a.status === 'rejected' && a.reason instanceof ValidationError ? a.reason.fieldErrors[0]!.message : 'changed',
      );
      assert.equal(messages.filter((m) => m === 'Too many failed attempts. Wait 1 minute and try again').length, 15);
    });

    it('deactivating an account ends its sessions', async () => {
      const { user } = await makeUser(svc, 'investigating_manager');
      const { actor: admin } = await makeUser(svc, 'administrator');
      await keep('deactivated-1', user.id);
      await svc.users.update(admin, user.id, { active: false });
      assert.equal(await svc.sessions.countFor(user.id), 0);
      assert.deepEqual(
        (await auditOf(user.id)).map((a) => a.action),
        ['user.create', 'user.update', 'user.sessions_ended'],
      );
    });
  });

  it('a deactivated account cannot sign in, and nobody can lock themselves out', async () => {
    const { user: admin, actor } = await makeUser(svc, 'administrator');
    const { user: other } = await makeUser(svc, 'investigating_manager');
    await svc.users.update(actor, other.id, { active: false });
    assert.deepEqual(await svc.users.signIn(other.email, TEST_PASSWORD), { ok: false, reason: 'invalid' });
    await assert.rejects(
      svc.users.update(actor, admin.id, { role: 'report_viewer' }),
      (e: unknown) => e instanceof DomainError && e.code === 'USER.SELF_LOCKOUT',
    );
    const audit = rowsOf<{ action: string; before: unknown; after: unknown }>(
      await handle.db.execute(
        sql`select action, before, after from audit_events where entity_id = ${other.id} order by id`,
      ),
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ['user.create', 'user.update'],
    );
    assert.deepEqual(audit[1]!.before, { active: true });
    assert.deepEqual(audit[1]!.after, { active: false });
  });
});
