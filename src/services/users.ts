import { hash, verify } from '@node-rs/argon2';
import { asc, eq, sql } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import { ROLES, type Role } from '../domain/access/roles.ts';
import type { Database } from '../db/database.ts';
import { signInThrottle, users } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { DomainError, NotFoundError, ValidationError } from './errors.ts';

export type User = Omit<typeof users.$inferSelect, 'passwordHash'>;

export const MIN_PASSWORD_LENGTH = 12;
/** Failures allowed before each further attempt is held back; the wait doubles, up to the cap. */
const FREE_FAILURES = 5;
const MAX_BLOCK_MINUTES = 15;
const FAILURE_MEMORY_MINUTES = 60;

// A real hash to verify against when no account exists, so a wrong address takes as long as a wrong password.
let dummyHash: Promise<string> | null = null;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

function publicUser(row: typeof users.$inferSelect): User {
  const { passwordHash: _ignored, ...rest } = row;
  return rest;
}

export function validatePassword(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ValidationError([{ field, message: `The password must be at least ${MIN_PASSWORD_LENGTH} characters` }]);
  if (password.length > 256) throw new ValidationError([{ field, message: 'The password must be 256 characters or fewer' }]);
}

export function usersService(db: Database, clock: Clock) {
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

    async create(actor: Actor, input: { email: string; displayName: string; role: Role; password: string; teamId?: string | null; managerId?: string | null }): Promise<User> {
      const email = input.email.trim().toLowerCase();
      const displayName = input.displayName.trim();
      const errors: { field: string; message: string }[] = [];
      if (!displayName) errors.push({ field: 'displayName', message: 'Enter their name' });
      if (!EMAIL.test(email)) errors.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.gov.uk' });
      if (!ROLES.includes(input.role)) errors.push({ field: 'role', message: 'Select a role' });
      if (input.password.length < MIN_PASSWORD_LENGTH) errors.push({ field: 'password', message: `The password must be at least ${MIN_PASSWORD_LENGTH} characters` });
      if (errors.length) throw new ValidationError(errors);
      validatePassword(input.password);
      const passwordHash = await hash(input.password);
      return db.transaction(async (tx) => {
        const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
        if (existing) throw new DomainError('USER.EMAIL_TAKEN', 'An account with that email address already exists', 'email');
        const [row] = await tx
          .insert(users)
          .values({ email, displayName, role: input.role, passwordHash, teamId: input.teamId ?? null, managerId: input.managerId ?? null })
          .returning();
        await recordAudit(tx, clock, actor, { action: 'user.create', entity: 'user', entityId: row!.id, after: { email, displayName, role: input.role } });
        return publicUser(row!);
      });
    },

    async update(actor: Actor, id: string, input: { role?: Role; active?: boolean; displayName?: string }): Promise<User> {
      return db.transaction(async (tx) => {
        const [before] = await tx.select().from(users).where(eq(users.id, id));
        if (!before) throw new NotFoundError('That user');
        if (actor.userId === id && (input.active === false || (input.role && input.role !== before.role))) {
          throw new DomainError('USER.SELF_LOCKOUT', 'You cannot change your own role or deactivate your own account; ask another administrator');
        }
        const [after] = await tx
          .update(users)
          .set({ role: input.role ?? before.role, active: input.active ?? before.active, displayName: input.displayName?.trim() || before.displayName, updatedAt: clock.now() })
          .where(eq(users.id, id))
          .returning();
        await recordAudit(tx, clock, actor, {
          action: 'user.update',
          entity: 'user',
          entityId: id,
          before: { role: before.role, active: before.active, displayName: before.displayName },
          after: { role: after!.role, active: after!.active, displayName: after!.displayName },
        });
        return publicUser(after!);
      });
    },

    async setPassword(actor: Actor, id: string, password: string): Promise<void> {
      validatePassword(password);
      const passwordHash = await hash(password);
      await db.transaction(async (tx) => {
        const updated = await tx.update(users).set({ passwordHash, updatedAt: clock.now() }).where(eq(users.id, id)).returning({ id: users.id });
        if (updated.length === 0) throw new NotFoundError('That user');
        await recordAudit(tx, clock, actor, { action: 'user.password', entity: 'user', entityId: id, after: { passwordChanged: true } });
      });
    },

    /**
     * Checks an email and password. The answer never says whether the account
     * exists; repeated failures for an address hold it back for a while.
     */
    async signIn(emailInput: string, password: string): Promise<SignInResult> {
      const email = emailInput.trim().toLowerCase();
      const now = clock.now();
      const [throttle] = await db.select().from(signInThrottle).where(eq(signInThrottle.email, email));
      if (throttle?.blockedUntil && throttle.blockedUntil > now) {
        return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil((throttle.blockedUntil.getTime() - now.getTime()) / 1000) };
      }
      const [row] = await db.select().from(users).where(eq(users.email, email));
      dummyHash ??= hash('not a real password, only for timing');
      const valid = row ? await verify(row.passwordHash, password) : (await verify(await dummyHash, password), false);
      if (!valid || !row || !row.active) {
        const recent = throttle && now.getTime() - throttle.lastFailureAt.getTime() < FAILURE_MEMORY_MINUTES * 60_000;
        const failures = (recent ? throttle.failures : 0) + 1;
        const blockMinutes = failures > FREE_FAILURES ? Math.min(2 ** (failures - FREE_FAILURES - 1), MAX_BLOCK_MINUTES) : 0;
        const blockedUntil = blockMinutes ? new Date(now.getTime() + blockMinutes * 60_000) : null;
        await db
          .insert(signInThrottle)
          .values({ email, failures, lastFailureAt: now, blockedUntil })
          .onConflictDoUpdate({ target: signInThrottle.email, set: { failures, lastFailureAt: now, blockedUntil } });
        return { ok: false, reason: 'invalid' };
      }
      await db.delete(signInThrottle).where(eq(signInThrottle.email, email));
      await db.update(users).set({ lastSignInAt: now }).where(eq(users.id, row.id));
      return { ok: true, user: publicUser(row) };
    },
  };
}
export type UsersService = ReturnType<typeof usersService>;
