import { createHash, randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import { passwordProblem } from '../domain/access/password-policy.ts';
import type { Database } from '../db/database.ts';
import { passwordResets, sessions, users } from '../db/schema/index.ts';
import { systemActor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { ValidationError } from './errors.ts';
import { PASSWORD_RESET_TEMPLATE, type NotificationsService } from './notifications/notifications.ts';

/** How long a reset link works. */
export const RESET_LINK_MINUTES = 60;

const RESET: ReturnType<typeof systemActor> = systemActor('Heard (password reset)');

/** Only this is stored: the link's token itself goes out in the email and nowhere else. */
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * "Forgotten your password?": a single-use link by email, valid for an hour,
 * for an active account that has a Heard password. The answer is the same
 * whether or not the address has an account. Setting the new password uses
 * the one password policy and ends every session the account has.
 */
export function passwordResetService(db: Database, clock: Clock, notifications: NotificationsService) {
  /** The account a token belongs to, if the token is live (unused, within the hour). */
  async function live(token: string) {
    if (typeof token !== 'string' || !/^[\w-]{20,100}$/.test(token)) return null;
    const [row] = await db
      .select({ userId: passwordResets.userId, email: users.email, displayName: users.displayName })
      .from(passwordResets)
      .innerJoin(users, eq(users.id, passwordResets.userId))
      .where(
        and(
          eq(passwordResets.tokenHash, tokenHash(token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, clock.now()),
          eq(users.active, true),
        ),
      );
    return row ?? null;
  }

  return {
    /** Sends a link if the address is an active account with a password; says nothing either way. */
    async request(emailInput: string, baseUrl: string): Promise<void> {
      const email = emailInput.trim().toLowerCase();
      if (!EMAIL.test(email) || email.length > 254) return;
      const [user] = await db.select().from(users).where(eq(users.email, email));
      if (!user || !user.active || !user.passwordHash) return;
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await tx.insert(passwordResets).values({
          tokenHash: tokenHash(token),
          userId: user.id,
          createdAt: now,
          expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000),
        });
        await notifications.enqueue(tx, {
          caseId: null,
          dedupeKey: `password-reset:${tokenHash(token)}`,
          template: PASSWORD_RESET_TEMPLATE,
          to: user.email,
          subject: 'Reset your Heard password',
          body: [
            `Hello ${user.displayName},`,
            '',
            'Someone (we hope you) asked to reset your Heard password. To choose a new one, open this link within an hour:',
            '',
            `${baseUrl}/sign-in/reset/${token}`,
            '',
            'The link works once. If you did not ask, ignore this email: your password stays as it is.',
          ].join('\n'),
        });
        await recordAudit(tx, clock, RESET, {
          action: 'user.password_reset_requested',
          entity: 'user',
          entityId: user.id,
          after: { email: user.email },
        });
      });
    },

    /** Whether a link still works, and whose it is (for the page's password check). */
    async check(token: string): Promise<{ email: string; displayName: string } | null> {
      const row = await live(token);
      return row && { email: row.email, displayName: row.displayName };
    },

    /** Sets the new password: the link is used up, every other link and every session of the account ends. */
    async reset(token: string, input: { newPassword: string; confirmPassword: string }): Promise<'done' | 'expired'> {
      const row = await live(token);
      if (!row) return 'expired';
      const problem = passwordProblem(input.newPassword, row);
      const errors = [];
      if (problem)
        errors.push({
          field: 'newPassword',
          message: problem === 'Enter a password' ? 'Enter a new password' : problem,
        });
      if (!input.confirmPassword) errors.push({ field: 'confirmPassword', message: 'Confirm your new password' });
      else if (input.confirmPassword !== input.newPassword)
        errors.push({ field: 'confirmPassword', message: 'The passwords do not match' });
      if (errors.length) throw new ValidationError(errors);
      const passwordHash = await hash(input.newPassword);
      const now = clock.now();
      return db.transaction(async (tx) => {
        // Used up here, under the row's lock: two tabs sending the same link cannot both set a password.
        const used = await tx
          .update(passwordResets)
          .set({ usedAt: now })
          .where(
            and(
              eq(passwordResets.tokenHash, tokenHash(token)),
              isNull(passwordResets.usedAt),
              gt(passwordResets.expiresAt, now),
            ),
          )
          .returning();
        if (used.length === 0) return 'expired';
        await tx
          .update(passwordResets)
          .set({ usedAt: now })
          .where(and(eq(passwordResets.userId, row.userId), isNull(passwordResets.usedAt)));
        await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, row.userId));
        const ended = await tx.delete(sessions).where(eq(sessions.userId, row.userId)).returning({ sid: sessions.sid });
        await recordAudit(tx, clock, RESET, {
          action: 'user.password_reset',
          entity: 'user',
          entityId: row.userId,
          after: { passwordChanged: true, sessionsEnded: ended.length },
        });
        return 'done' as const;
      });
    },
  };
}
export type PasswordResetService = ReturnType<typeof passwordResetService>;
