import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import type { Clock } from '../domain/clock.ts';
import type { Role } from '../domain/access/roles.ts';
import type { Database } from '../db/database.ts';
import { recoveryCodes, signInSettings, users } from '../db/schema/index.ts';
import { userActor, type Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { DomainError, NotFoundError, ValidationError } from './errors.ts';
import type { SecretBox } from './secret-box.ts';
import type { UsersService } from './users.ts';

export const RECOVERY_CODE_COUNT = 10;
/** Codes from the step before and after are accepted too: a phone's clock a little out. */
const WINDOW = 1;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function totpFor(secretBase32: string, email: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'Heard',
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

/** A recovery code: ten letters and digits nobody confuses (no 0/o, 1/l/i), as xxxxx-xxxxx. */
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** The 30-second step a code from the app belongs to (this one or one either side), or null if it is none of them. */
function acceptedStep(secret: string, email: string, code: string, now: Date): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secret, email).validate({ token, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : Math.floor(now.getTime() / 30_000) + delta;
}

const normaliseRecovery = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, '');

export interface MfaPolicy {
  /** Administrators must use codes (HEARD_MFA_FOR_ADMINISTRATORS, on unless turned off). */
  administrators: boolean;
}

/**
 * Multi-factor sign-in for Heard passwords: a TOTP authenticator app
 * (otpauth), with ten single-use recovery codes hashed like passwords. The
 * secret is encrypted in the database (secret-box.ts). Guesses are counted
 * with the sign-in throttle, under the account's own key.
 */
export function mfaService(db: Database, clock: Clock, box: SecretBox | null, usersSvc: UsersService) {
  function requireBox(): SecretBox {
    if (!box) throw new DomainError('MFA.NO_KEY', 'Codes cannot be set up: Heard has no secret key (SESSION_SECRET)');
    return box;
  }

  async function settings() {
    const [row] = await db.select().from(signInSettings).where(eq(signInSettings.id, 1));
    return { mfaForEveryone: row?.mfaForEveryone ?? false };
  }

  async function makeRecoveryCodes(tx: Parameters<Parameters<Database['transaction']>[0]>[0], userId: string) {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const hashes = await Promise.all(codes.map((c) => hash(normaliseRecovery(c))));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
    return codes;
  }

  return {
    settings,

    async setMfaForEveryone(actor: Actor, on: boolean): Promise<void> {
      await db.transaction(async (tx) => {
        const [before] = await tx.select().from(signInSettings).where(eq(signInSettings.id, 1));
        await tx
          .insert(signInSettings)
          .values({ id: 1, mfaForEveryone: on, updatedAt: clock.now() })
          .onConflictDoUpdate({ target: signInSettings.id, set: { mfaForEveryone: on, updatedAt: clock.now() } });
        await recordAudit(tx, clock, actor, {
          action: 'settings.sign_in',
          entity: 'sign_in_settings',
          before: { mfaForEveryone: before?.mfaForEveryone ?? false },
          after: { mfaForEveryone: on },
        });
      });
    },

    /** Whether this person must use codes when signing in with a password. */
    async required(role: Role, policy: MfaPolicy): Promise<boolean> {
      if (role === 'administrator' && policy.administrators) return true;
      return (await settings()).mfaForEveryone;
    },

    /** A new secret to show on the set-up page (kept in the session until a code confirms it). */
    newSecret(email: string): { secret: string; uri: string } {
      const secret = new OTPAuth.Secret({ size: 20 }).base32;
      return { secret, uri: totpFor(secret, email).toString() };
    },

    /** The otpauth:// address an authenticator app reads (from the QR code). */
    uriFor(secret: string, email: string): string {
      return totpFor(secret, email).toString();
    },

    /** Confirms a new secret with a code from the app; saves it and returns the recovery codes, to show once. */
    async enrol(actor: Actor, secret: string, code: string): Promise<string[]> {
      const sealer = requireBox();
      if (!actor.userId) throw new DomainError('FORBIDDEN', 'Sign in to set up codes');
      const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
      if (!user) throw new NotFoundError('Your account');
      const step = acceptedStep(secret, user.email, code, clock.now());
      if (step === null)
        throw new ValidationError([
          { field: 'code', message: 'The code is not right: enter the 6 digits the app shows now' },
        ]);
      return db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({
            totpSecret: sealer.seal(secret),
            totpEnabledAt: clock.now(),
            totpLastStep: step,
            updatedAt: clock.now(),
          })
          .where(eq(users.id, user.id));
        const codes = await makeRecoveryCodes(tx, user.id);
        await recordAudit(tx, clock, actor, {
          action: 'user.mfa_enrolled',
          entity: 'user',
          entityId: user.id,
          after: { method: 'TOTP', recoveryCodes: codes.length },
        });
        return codes;
      });
    },

    /** Turns codes off for oneself (only where they are not required), or an administrator for someone who lost them. */
    async disable(actor: Actor, userId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const [user] = await tx
          .update(users)
          .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: clock.now() })
          .where(eq(users.id, userId))
          .returning({ id: users.id });
        if (!user) throw new NotFoundError('That user');
        await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
        await recordAudit(tx, clock, actor, {
          action: 'user.mfa_disabled',
          entity: 'user',
          entityId: userId,
          after: { method: 'TOTP' },
        });
      });
    },

    /**
     * The second step of a password sign-in: a code from the app, or one of
     * the recovery codes (used up). Counted like a password guess, so codes
     * cannot be tried without limit.
     */
    async verify(
      userId: string,
      code: string,
      context: { address?: string } = {},
    ): Promise<
      | { ok: true; usedRecoveryCode: boolean }
      | { ok: false; reason: 'invalid' }
      | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
    > {
      const sealer = requireBox();
      const [user] = await db.select().from(users).where(eq(users.id, userId));
      if (!user || !user.active || !user.totpSecret) return { ok: false, reason: 'invalid' };
      const key = `second factor ${user.email}`;
      const decision = await usersSvc.takeThrottledCheck(key, context.address);
      if (!decision.allow) return { ok: false, reason: 'throttled', retryAfterSeconds: decision.retryAfterSeconds };
      const input = code.trim();
      const token = input.replace(/\s/g, '');
      if (/^\d{6}$/.test(token)) {
        const secret = sealer.open(user.totpSecret);
        const step = secret ? acceptedStep(secret, user.email, token, clock.now()) : null;
        // Taken only if later than the last code accepted, so a code seen over someone's shoulder is already spent.
        const taken =
          step !== null &&
          (await db
            .update(users)
            .set({ totpLastStep: step })
            .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
            .returning({ id: users.id }));
        if (taken && taken.length > 0) {
          await usersSvc.recordThrottledSuccess(key, context.address);
          return { ok: true, usedRecoveryCode: false };
        }
        return { ok: false, reason: 'invalid' };
      }
      const recovery = normaliseRecovery(input);
      if (recovery.length !== 10) return { ok: false, reason: 'invalid' };
      const unused = await db
        .select()
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
      for (const row of unused) {
        if (!(await verify(row.codeHash, recovery))) continue;
        const used = await db.transaction(async (tx) => {
          const [taken] = await tx
            .update(recoveryCodes)
            .set({ usedAt: clock.now() })
            .where(and(eq(recoveryCodes.id, row.id), isNull(recoveryCodes.usedAt)))
            .returning();
          if (!taken) return false;
          await recordAudit(tx, clock, userActor(user), {
            action: 'user.mfa_recovery_code_used',
            entity: 'user',
            entityId: userId,
            after: { left: unused.length - 1 },
          });
          return true;
        });
        if (!used) break;
        await usersSvc.recordThrottledSuccess(key, context.address);
        return { ok: true, usedRecoveryCode: true };
      }
      return { ok: false, reason: 'invalid' };
    },

    /** How many recovery codes are left unused. */
    async recoveryCodesLeft(userId: string): Promise<number> {
      return (
        await db
          .select()
          .from(recoveryCodes)
          .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
      ).length;
    },
  };
}
export type MfaService = ReturnType<typeof mfaService>;
