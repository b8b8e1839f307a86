import { hash, verify } from '@node-rs/argon2';
import { and, asc, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { passwordProblem, type PasswordOwner } from '../domain/access/password-policy.ts';
import { ROLES, type Role } from '../domain/access/roles.ts';
import {
  decideSignInAttempt,
  EVERY_ADDRESS,
  SIGN_IN_LIMITS,
  throttleAddress,
  type ThrottleDecision,
  type ThrottleState,
} from '../domain/access/sign-in-throttle.ts';
import type { Database, DbOrTx } from '../db/database.ts';
import { sessions, signInThrottle, users } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { parseCommand } from './commands.ts';
import { DomainError, NotFoundError, ValidationError } from './errors.ts';

export type User = Omit<typeof users.$inferSelect, 'passwordHash' | 'totpSecret'>;

/** RFC 5321's limit on an address: a longer one cannot be an account. */
const MAX_EMAIL_LENGTH = 254;
/** Longer than any password Heard accepts: refused before any work. */
const MAX_PASSWORD_INPUT = 1024;

// A real hash to verify against when no account exists, so a wrong address takes as long as a wrong password.
let dummyHash: Promise<string> | null = null;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const BAD_EMAIL = 'Enter an email address in the correct format, like name@example.gov.uk';

/**
 * A new account: its address in lower case, and a password the policy
 * accepts for this person (their own name and address are the first words an
 * attacker tries). Whether the address is taken is the service's question.
 */
export const NewUserCommand = z
  .object({
    displayName: z.string({ error: 'Enter their name' }).trim().min(1, 'Enter their name'),
    email: z
      .string({ error: BAD_EMAIL })
      .trim()
      .toLowerCase()
      .refine((email) => EMAIL.test(email) && email.length <= MAX_EMAIL_LENGTH, BAD_EMAIL),
    role: z.enum(ROLES, { error: 'Select a role' }),
    password: z.string({ error: 'Enter a password' }),
    teamId: z.string().nullish(),
    managerId: z.string().nullish(),
  })
  .superRefine(
    ({ displayName, email, password }, ctx) => {
      if (typeof password !== 'string') return; // refused above
      const owner = {
        email: typeof email === 'string' ? email : '',
        displayName: typeof displayName === 'string' ? displayName : '',
      };
      const weak = passwordProblem(password, owner);
      if (weak) ctx.addIssue({ code: 'custom', path: ['password'], message: weak });
    },
    // The password is judged even when another field was refused, so every problem shows at once.
    { when: () => true },
  );
export type NewUserCommand = z.input<typeof NewUserCommand>;

/**
 * Someone changing their own password, in the form's order: their current
 * one given, a new one the policy accepts for them (`owner`: their account)
 * and not the same as the current one, and the new one typed twice alike.
 * Whether the current one is right is the service's question (counted like a
 * sign-in). A field that is not text reads as blank.
 */
export const OwnPasswordChangeCommand = (owner: PasswordOwner) =>
  z
    .object({
      currentPassword: z
        .string()
        .catch('')
        .refine((p) => p !== '', 'Enter your current password'),
      newPassword: z.string().catch(''),
      confirmPassword: z.string().catch(''),
    })
    .superRefine(({ currentPassword, newPassword, confirmPassword }, ctx) => {
      const weak = passwordProblem(newPassword, owner);
      if (weak)
        ctx.addIssue({
          code: 'custom',
          path: ['newPassword'],
          message: weak === 'Enter a password' ? 'Enter a new password' : weak,
        });
      else if (newPassword === currentPassword)
        ctx.addIssue({
          code: 'custom',
          path: ['newPassword'],
          message: 'The new password must be different from your current password',
        });
      if (!confirmPassword)
        ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'Confirm your new password' });
      else if (confirmPassword !== newPassword)
        ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The passwords do not match' });
    });
export type OwnPasswordChangeCommand = z.input<ReturnType<typeof OwnPasswordChangeCommand>>;

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

function publicUser(row: typeof users.$inferSelect): User {
  const { passwordHash: _ignored, totpSecret: _secret, ...rest } = row;
  return rest;
}

/** The one password policy (src/domain/access/password-policy.ts), as a field error. */
function validatePassword(password: string, owner: PasswordOwner, field = 'password'): void {
  const problem = passwordProblem(password, owner);
  if (problem) throw new ValidationError([{ field, message: problem }]);
}

/** Deletes a user's sessions, all of them or all but one, in the caller's transaction. */
async function endSessions(tx: DbOrTx, userId: string, keepSid?: string | null): Promise<number> {
  const gone = await tx
    .delete(sessions)
    .where(keepSid ? and(eq(sessions.userId, userId), ne(sessions.sid, keepSid)) : eq(sessions.userId, userId))
    .returning({ sid: sessions.sid });
  return gone.length;
}

export interface UsersServiceOptions {
  /** Checks a password against its hash: argon2 unless a test counts the checks. */
  verifyPassword?: (hash: string, password: string) => Promise<boolean>;
}

export function usersService(db: Database, clock: Clock, opts: UsersServiceOptions = {}) {
  const verifyPassword = opts.verifyPassword ?? ((hashed: string, password: string) => verify(hashed, password));

  /** Checks against the account's hash, or a dummy one when there is no account, so both take as long. */
  async function checkHash(passwordHash: string | null | undefined, password: string): Promise<boolean> {
    if (passwordHash) return verifyPassword(passwordHash, password);
    dummyHash ??= hash('not a real password, only for timing');
    await verifyPassword(await dummyHash, password);
    return false;
  }

  /**
   * Takes one password check for this account and address, or says how long
   * to wait. Both counters are read and written under a row lock in one
   * transaction, so forty simultaneous guesses queue here and at most the
   * allowed number get through.
   */
  async function takeCheck(email: string, address: string, now: Date): Promise<ThrottleDecision> {
    return db.transaction(async (tx) => {
      // The account's row first, then the address's, in every transaction: no two wait on each other.
      await tx
        .insert(signInThrottle)
        .values([
          { email, address: EVERY_ADDRESS, failures: 0, lastFailureAt: now },
          { email, address, failures: 0, lastFailureAt: now },
        ])
        .onConflictDoNothing();
      const rows = await tx
        .select()
        .from(signInThrottle)
        .where(and(eq(signInThrottle.email, email), inArray(signInThrottle.address, [EVERY_ADDRESS, address])))
        .orderBy(asc(signInThrottle.address))
        .for('update');
      const state = (a: string): ThrottleState | undefined => {
        const r = rows.find((x) => x.address === a);
        return (
          r && {
            failures: r.failures,
            lastFailureAt: r.lastFailureAt,
            heldUntil: r.blockedUntil,
            lastSuccessAt: r.lastSuccessAt,
          }
        );
      };
      const decision = decideSignInAttempt(state(address), state(EVERY_ADDRESS), now);
      if (decision.allow) {
        for (const [a, next] of [
          [address, decision.pair],
          [EVERY_ADDRESS, decision.account],
        ] as const) {
          await tx
            .update(signInThrottle)
            .set({ failures: next.failures, lastFailureAt: next.lastFailureAt, blockedUntil: next.heldUntil })
            .where(and(eq(signInThrottle.email, email), eq(signInThrottle.address, a)));
        }
      }
      return decision;
    });
  }

  /**
   * An administrator changes an account: role, whether it can sign in, and
   * optionally a new password, all or nothing. Deactivating it or setting a
   * password ends every session it has.
   */
  async function updateAccount(
    actor: Actor,
    id: string,
    input: { role?: Role; active?: boolean; displayName?: string; password?: string },
  ): Promise<User> {
    const [target] = await db.select().from(users).where(eq(users.id, id));
    if (!target) throw new NotFoundError('That user');
    let passwordHash: string | null = null;
    if (input.password) {
      if (actor.userId === id)
        throw new DomainError(
          'USER.OWN_PASSWORD',
          'To change your own password, use Change password: it asks for your current one',
          'password',
        );
      validatePassword(input.password, target);
      passwordHash = await hash(input.password);
    }
    return db.transaction(async (tx) => {
      const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
      if (!before) throw new NotFoundError('That user');
      if (actor.userId === id && (input.active === false || (input.role && input.role !== before.role))) {
        throw new DomainError(
          'USER.SELF_LOCKOUT',
          'You cannot change your own role or deactivate your own account; ask another administrator',
        );
      }
      const [after] = await tx
        .update(users)
        .set({
          role: input.role ?? before.role,
          active: input.active ?? before.active,
          displayName: input.displayName?.trim() || before.displayName,
          ...(passwordHash ? { passwordHash } : {}),
          updatedAt: clock.now(),
        })
        .where(eq(users.id, id))
        .returning();
      await recordAudit(tx, clock, actor, {
        action: 'user.update',
        entity: 'user',
        entityId: id,
        before: { role: before.role, active: before.active, displayName: before.displayName },
        after: { role: after!.role, active: after!.active, displayName: after!.displayName },
      });
      if (passwordHash) {
        const sessionsEnded = await endSessions(tx, id);
        await recordAudit(tx, clock, actor, {
          action: 'user.password',
          entity: 'user',
          entityId: id,
          after: { passwordChanged: true, sessionsEnded },
        });
      } else if (before.active && !after!.active) {
        const sessionsEnded = await endSessions(tx, id);
        if (sessionsEnded)
          await recordAudit(tx, clock, actor, {
            action: 'user.sessions_ended',
            entity: 'user',
            entityId: id,
            after: { sessionsEnded, reason: 'deactivated' },
          });
      }
      return publicUser(after!);
    });
  }

  /** A password checked and right: its address's failures are cleared and the address becomes known. */
  async function recordSuccess(tx: DbOrTx, email: string, address: string, now: Date): Promise<void> {
    await tx
      .update(signInThrottle)
      .set({ failures: 0, blockedUntil: null, lastSuccessAt: now })
      .where(and(eq(signInThrottle.email, email), eq(signInThrottle.address, address)));
    // The check was counted as a failure in advance; it was not one. The account's slot stays where it is.
    await tx
      .update(signInThrottle)
      .set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
      .where(and(eq(signInThrottle.email, email), eq(signInThrottle.address, EVERY_ADDRESS)));
  }

  return {
    async count(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(users);
      return row?.n ?? 0;
    },

    async list(): Promise<User[]> {
      return (await db.select().from(users).orderBy(asc(users.displayName))).map(publicUser);
    },

    async get(id: string): Promise<User | null> {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row ? publicUser(row) : null;
    },

    async create(actor: Actor, raw: NewUserCommand): Promise<User> {
      const input = parseCommand(NewUserCommand, raw);
      const { email, displayName } = input;
      const passwordHash = await hash(input.password);
      return db.transaction(async (tx) => {
        const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
        if (existing)
          throw new DomainError('USER.EMAIL_TAKEN', 'An account with that email address already exists', 'email');
        const [row] = await tx
          .insert(users)
          .values({
            email,
            displayName,
            role: input.role,
            passwordHash,
            teamId: input.teamId ?? null,
            managerId: input.managerId ?? null,
          })
          .returning();
        await recordAudit(tx, clock, actor, {
          action: 'user.create',
          entity: 'user',
          entityId: row!.id,
          after: { email, displayName, role: input.role },
        });
        return publicUser(row!);
      });
    },

    update: updateAccount,

    /** An administrator sets a new password for someone else; every session they have ends. */
    async setPassword(actor: Actor, id: string, password: string): Promise<void> {
      await updateAccount(actor, id, { password });
    },

    /**
     * Anyone changes their own password, giving their current one (checked
     * and counted like a sign-in, so it cannot be guessed here instead). Every
     * other session they have ends; the one they are using is kept.
     */
    async changeOwnPassword(
      actor: Actor,
      raw: OwnPasswordChangeCommand,
      context: { address?: string; keepSid?: string | null } = {},
    ): Promise<{ sessionsEnded: number }> {
      if (!actor.userId) throw new DomainError('FORBIDDEN', 'Sign in to change your password');
      const [row] = await db.select().from(users).where(eq(users.id, actor.userId));
      if (!row || !row.active) throw new NotFoundError('Your account');
      const input = parseCommand(OwnPasswordChangeCommand(row), raw);

      const address = throttleAddress(context.address);
      const now = clock.now();
      if (input.currentPassword.length > MAX_PASSWORD_INPUT)
        throw new ValidationError([{ field: 'currentPassword', message: 'Your current password is not right' }]);
      const decision = await takeCheck(row.email, address, now);
      if (!decision.allow) {
        const minutes = Math.ceil(decision.retryAfterSeconds / 60);
        throw new ValidationError([
          {
            field: 'currentPassword',
            message: `Too many failed attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`,
          },
        ]);
      }
      if (!(await checkHash(row.passwordHash, input.currentPassword)))
        throw new ValidationError([{ field: 'currentPassword', message: 'Your current password is not right' }]);
      const passwordHash = await hash(input.newPassword);
      return db.transaction(async (tx) => {
        await recordSuccess(tx, row.email, address, now);
        await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, row.id));
        const sessionsEnded = await endSessions(tx, row.id, context.keepSid);
        await recordAudit(tx, clock, actor, {
          action: 'user.password',
          entity: 'user',
          entityId: row.id,
          after: { passwordChanged: true, sessionsEnded },
        });
        return { sessionsEnded };
      });
    },

    /**
     * Checks an email and password. The answer never says whether the account
     * exists. Before the password is checked, the attempt is counted (rows
     * locked, so simultaneous guesses queue): per account and address, and per
     * account over every address (ADR 0008, src/domain/access/sign-in-throttle.ts).
     */
    async signIn(emailInput: string, password: string, context: { address?: string } = {}): Promise<SignInResult> {
      const email = emailInput.trim().toLowerCase();
      if (email.length > MAX_EMAIL_LENGTH || password.length > MAX_PASSWORD_INPUT)
        return { ok: false, reason: 'invalid' };
      const address = throttleAddress(context.address);
      const now = clock.now();
      const decision = await takeCheck(email, address, now);
      if (!decision.allow) return { ok: false, reason: 'throttled', retryAfterSeconds: decision.retryAfterSeconds };
      const [row] = await db.select().from(users).where(eq(users.email, email));
      const valid = await checkHash(row?.passwordHash, password);
      if (!valid || !row || !row.active) return { ok: false, reason: 'invalid' };
      await db.transaction(async (tx) => {
        await recordSuccess(tx, email, address, now);
        await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, row.id));
      });
      return { ok: true, user: publicUser(row) };
    },

    /**
     * The sign-in throttle for another kind of guess (a second-factor code):
     * `key` names the account, as an email address does for passwords.
     */
    async takeThrottledCheck(key: string, address?: string): Promise<ThrottleDecision> {
      return takeCheck(key, throttleAddress(address), clock.now());
    },
    async recordThrottledSuccess(key: string, address?: string): Promise<void> {
      await db.transaction((tx) => recordSuccess(tx, key, throttleAddress(address), clock.now()));
    },

    /** Forgets failures nobody needs to remember: old, not holding anything back, and not an address someone signs in from. */
    async purgeSignInRecords(): Promise<number> {
      const now = clock.now();
      const forgetFailures = new Date(now.getTime() - SIGN_IN_LIMITS.memoryMinutes * 60_000);
      const forgetAddress = new Date(now.getTime() - SIGN_IN_LIMITS.knownAddressDays * 24 * 3600_000);
      const gone = await db
        .delete(signInThrottle)
        .where(
          and(
            lt(signInThrottle.lastFailureAt, forgetFailures),
            or(isNull(signInThrottle.blockedUntil), lt(signInThrottle.blockedUntil, now)),
            or(isNull(signInThrottle.lastSuccessAt), lt(signInThrottle.lastSuccessAt, forgetAddress)),
          ),
        )
        .returning({ email: signInThrottle.email });
      return gone.length;
    },
  };
}
export type UsersService = ReturnType<typeof usersService>;
