import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideSignInAttempt, SIGN_IN_LIMITS, throttleAddress, type ThrottleState } from './sign-in-throttle.ts';

const at = (iso: string) => new Date(iso);
const T0 = at('2024-06-03T09:00:00Z');
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

/** Runs failed checks one after another from one address, as the service would store them. */
function fail(times: number, start: { pair?: ThrottleState; account?: ThrottleState }, now: Date) {
  let { pair, account } = start;
  const outcomes: boolean[] = [];
  for (let i = 0; i < times; i++) {
    const d = decideSignInAttempt(pair, account, now);
    outcomes.push(d.allow);
    if (d.allow) ({ pair, account } = d);
  }
  return { outcomes, pair, account };
}

describe('sign-in throttle rules', () => {
  it('allows five checks per account and address, then holds that address 1, 2, 4 … 15 minutes', () => {
    const first = fail(6, {}, T0);
    assert.deepEqual(first.outcomes, [true, true, true, true, true, false]);
    assert.deepEqual(first.pair!.heldUntil, plus(T0, 60));
    const held = decideSignInAttempt(first.pair, first.account, plus(T0, 30));
    assert.deepEqual(held, { allow: false, retryAfterSeconds: 30, heldBy: 'address' });
    // Each check after a hold doubles the next hold, up to the cap.
    let { pair, account } = first;
    let now = plus(T0, 60);
    const holds: number[] = [];
    for (let i = 0; i < 6; i++) {
      const d = decideSignInAttempt(pair, account, now);
      assert.equal(d.allow, true);
      if (!d.allow) return;
      ({ pair, account } = d);
      holds.push((pair.heldUntil!.getTime() - now.getTime()) / 60_000);
      now = pair.heldUntil!;
    }
    assert.deepEqual(holds, [2, 4, 8, 15, 15, 15]);
  });

  it('forgets failures an hour after the last one', () => {
    const { pair, account } = fail(4, {}, T0);
    const later = decideSignInAttempt(pair, account, plus(T0, SIGN_IN_LIMITS.memoryMinutes * 60));
    assert.equal(later.allow && later.pair.failures, 1);
  });

  it('an address that is held does not hold another address back', () => {
    const attacker = fail(20, {}, T0);
    assert.equal(attacker.outcomes.filter(Boolean).length, 5);
    // The real user's address has no row of its own yet; the account has 5 failures, under its budget.
    const user = decideSignInAttempt(undefined, attacker.account, T0);
    assert.equal(user.allow, true);
  });

  it('past the account budget, unknown addresses share one slot that moves on 1, 2, 4 … seconds', () => {
    let account: ThrottleState | undefined;
    const allowed: boolean[] = [];
    // Forty different addresses, all at the same instant.
    for (let i = 0; i < 40; i++) {
      const d = decideSignInAttempt(undefined, account, T0);
      allowed.push(d.allow);
      if (d.allow) account = d.account;
    }
    assert.equal(allowed.filter(Boolean).length, SIGN_IN_LIMITS.accountFreeChecks);
    assert.deepEqual(account!.heldUntil, plus(T0, 1));
    const refused = decideSignInAttempt(undefined, account, T0);
    assert.deepEqual(refused, { allow: false, retryAfterSeconds: 1, heldBy: 'account' });
    const next = decideSignInAttempt(undefined, account, plus(T0, 1));
    assert.equal(next.allow && (next.account.heldUntil!.getTime() - plus(T0, 1).getTime()) / 1000, 2);
  });

  it('the account slot never holds back an address the account signed in from', () => {
    let account: ThrottleState | undefined;
    for (let i = 0; i < 40; i++) {
      const d = decideSignInAttempt(undefined, account, T0);
      if (d.allow) account = d.account;
    }
    const ownAddress: ThrottleState = {
      failures: 0,
      lastFailureAt: at('2024-05-01T09:00:00Z'),
      heldUntil: null,
      lastSuccessAt: at('2024-06-01T09:00:00Z'),
    };
    const d = decideSignInAttempt(ownAddress, account, T0);
    assert.equal(d.allow, true);
    assert.equal(d.allow && d.knownAddress, true);
    // The user's check does not free the slot for others.
    assert.ok(d.allow && d.account.heldUntil! >= account!.heldUntil!);
    // An address last used for a successful sign-in more than 90 days ago is not known any more.
    const stale = { ...ownAddress, lastSuccessAt: at('2024-02-01T09:00:00Z') };
    assert.equal(decideSignInAttempt(stale, account, T0).allow, false);
  });

  it('counts an IPv6 machine by its /64, and an IPv4-mapped address as IPv4', () => {
    assert.equal(throttleAddress('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64');
    assert.equal(throttleAddress('2001:0db8:0001:0002::1'), '2001:db8:1:2::/64');
    assert.equal(throttleAddress('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(throttleAddress('::1'), '0:0:0:0::/64');
    assert.equal(throttleAddress('::ffff:192.0.2.7'), '192.0.2.7');
    assert.equal(throttleAddress('192.0.2.7'), '192.0.2.7');
    assert.equal(throttleAddress(undefined), 'unknown');
    assert.equal(throttleAddress('x'.repeat(500)).length, 64);
  });
});
