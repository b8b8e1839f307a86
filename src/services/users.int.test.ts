import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/schema-version.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeUser, TEST_PASSWORD, testServices } from '../../test/support/factories.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { DomainError, ValidationError } from './errors.ts';
import type { Services } from './index.ts';

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

  it('holds back an address after repeated failures, whether or not it has an account', async () => {
    const { user } = await makeUser(svc, 'complaints_officer', { email: 'held.back@example.gov.uk' });
    for (const email of ['nobody2@example.gov.uk', user.email]) {
      for (let i = 0; i < 5; i++) assert.equal((await svc.users.signIn(email, 'wrong password!!')).ok, false);
      const sixth = await svc.users.signIn(email, 'wrong password!!'); // the sixth failure starts a one-minute hold
      assert.deepEqual(sixth, { ok: false, reason: 'invalid' });
      const held = await svc.users.signIn(email, TEST_PASSWORD);
      assert.equal(held.ok, false);
      assert.equal(!held.ok && held.reason, 'throttled');
    }
    // A minute later the right password works again.
    const later = (await testServices(handle, fixedClock('2024-06-03T09:02:00Z'))).users;
    assert.equal((await later.signIn(user.email, TEST_PASSWORD)).ok, true);
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
