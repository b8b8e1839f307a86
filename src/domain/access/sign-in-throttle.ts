/**
 * How many password checks a sign-in may have: the rules, with no I/O.
 *
 * Two counters, both taken (row-locked) before the password is checked, so
 * that any number of simultaneous guesses gets no more checks than the rules
 * allow (ADR 0008):
 *
 * - per account and address: 5 checks, then each further check from that
 *   address for that account waits 1, 2, 4 … up to 15 minutes. Someone at
 *   another address cannot hold the real user back.
 * - per account, from every address: after 10 failures within the hour, an
 *   address the account has not signed in from in the last 90 days may have
 *   a check only when the account's shared slot is free; each check moves the
 *   slot on by 1, 2, 4 … up to 300 seconds. An address the account has signed
 *   in from is never held back by other addresses' failures.
 *
 * Counts are of checks that did not succeed; a successful sign-in clears its
 * address's count and makes the address known.
 */
export const SIGN_IN_LIMITS = {
  /** Checks per account and address before each further one waits. */
  pairFreeChecks: 5,
  pairMaxHoldMinutes: 15,
  /** Failures per account, from all addresses, before unknown addresses share a slowed slot. */
  accountFreeChecks: 10,
  accountMaxDelaySeconds: 300,
  /** Failures are forgotten after this long without another. */
  memoryMinutes: 60,
  /** An address the account signed in from within this long is the user's own. */
  knownAddressDays: 90,
} as const;

/** The row key of the account-wide counter (a real address is never empty). */
export const EVERY_ADDRESS = '';

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  heldUntil: Date | null;
  lastSuccessAt: Date | null;
}

export type ThrottleDecision =
  | { allow: true; knownAddress: boolean; pair: ThrottleState; account: ThrottleState }
  | { allow: false; retryAfterSeconds: number; heldBy: 'address' | 'account' };

const MINUTE = 60_000;

function recentFailures(state: ThrottleState | undefined, now: Date): number {
  if (!state) return 0;
  return now.getTime() - state.lastFailureAt.getTime() < SIGN_IN_LIMITS.memoryMinutes * MINUTE ? state.failures : 0;
}

function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/**
 * Whether a password may be checked now, and the counters to store if so.
 * The check is counted as a failure in advance; `afterSuccess` undoes that.
 */
export function decideSignInAttempt(
  pair: ThrottleState | undefined,
  account: ThrottleState | undefined,
  now: Date,
): ThrottleDecision {
  const L = SIGN_IN_LIMITS;
  if (pair?.heldUntil && pair.heldUntil > now)
    return { allow: false, retryAfterSeconds: secondsUntil(pair.heldUntil, now), heldBy: 'address' };
  const knownAddress =
    !!pair?.lastSuccessAt && now.getTime() - pair.lastSuccessAt.getTime() < L.knownAddressDays * 24 * 60 * MINUTE;
  if (!knownAddress && account?.heldUntil && account.heldUntil > now)
    return { allow: false, retryAfterSeconds: secondsUntil(account.heldUntil, now), heldBy: 'account' };

  const pairFailures = recentFailures(pair, now) + 1;
  const pairHoldMinutes =
    pairFailures >= L.pairFreeChecks ? Math.min(2 ** (pairFailures - L.pairFreeChecks), L.pairMaxHoldMinutes) : 0;
  const accountFailures = recentFailures(account, now) + 1;
  const accountDelaySeconds =
    accountFailures >= L.accountFreeChecks
      ? Math.min(2 ** (accountFailures - L.accountFreeChecks), L.accountMaxDelaySeconds)
      : 0;
  // A known address's check does not shorten a hold others have earned.
  const accountHeld = accountDelaySeconds ? new Date(now.getTime() + accountDelaySeconds * 1000) : null;
  const keepAccountHold =
    account?.heldUntil && account.heldUntil > now && (!accountHeld || account.heldUntil > accountHeld)
      ? account.heldUntil
      : accountHeld;
  return {
    allow: true,
    knownAddress,
    pair: {
      failures: pairFailures,
      lastFailureAt: now,
      heldUntil: pairHoldMinutes ? new Date(now.getTime() + pairHoldMinutes * MINUTE) : null,
      lastSuccessAt: pair?.lastSuccessAt ?? null,
    },
    account: {
      failures: accountFailures,
      lastFailureAt: now,
      heldUntil: keepAccountHold,
      lastSuccessAt: account?.lastSuccessAt ?? null,
    },
  };
}

/**
 * The key an address is counted under: IPv4 as it is; IPv6 by its /64
 * network, since one machine is given a whole /64 and could otherwise use a
 * new address for every guess.
 */
export function throttleAddress(ip: string | undefined): string {
  const raw = (ip ?? '').trim().toLowerCase().replace(/%.*$/, '');
  if (!raw) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(raw);
  if (mapped) return mapped[1]!;
  if (!raw.includes(':')) return raw.slice(0, 64);
  const halves = raw.split('::');
  if (halves.length > 2) return raw.slice(0, 64);
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups =
    halves.length === 2
      ? [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail]
      : head;
  if (groups.length < 4 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(g)))
    return raw.slice(0, 64);
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
