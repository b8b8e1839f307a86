import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { roleEnum } from './enums.ts';
import { orgUnits } from './organisation.ts';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stored lower-case: one account per address. */
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  /** Null for an account that signs in only through the council's identity provider (single sign-on). */
  passwordHash: text('password_hash'),
  role: roleEnum('role').notNull(),
  active: boolean('active').notNull().default(true),
  teamId: uuid('team_id').references(() => orgUnits.id),
  /** Who a missed deadline escalates to. */
  managerId: uuid('manager_id').references((): AnyPgColumn => users.id),
  lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  /** The identity provider's issuer and subject ("issuer sub"), set at the first single sign-on. */
  ssoSubject: text('sso_subject').unique(),
  /** The TOTP secret for multi-factor sign-in, encrypted (AES-256-GCM, a key derived from SESSION_SECRET). */
  totpSecret: text('totp_secret'),
  /** When the TOTP secret was confirmed with a code: from then on sign-in asks for a code. */
  totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
  /** The 30-second step of the last code accepted: a code is never taken twice (RFC 6238, section 5.2). */
  totpLastStep: integer('totp_last_step'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sessions = pgTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    data: jsonb('data').notNull(),
    /** The signed-in user, so that all their sessions can be ended at once (password changed, account deactivated). */
    userId: uuid('user_id'),
    /** When the session began: past the absolute lifetime it is refused, however active. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The idle limit: moved on by every request. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt), index('sessions_user_idx').on(t.userId)],
);

/**
 * Failed sign-ins, whether or not an account exists (so holding back does not
 * reveal which addresses have accounts): one row per account and client
 * address, and one per account for every address (`address` = ''). Rows are
 * locked while a sign-in decides whether it may check a password (ADR 0008).
 */
export const signInThrottle = pgTable(
  'sign_in_throttle',
  {
    email: text('email').notNull(),
    /** The client's address (IPv6 by its /64); '' for the count over every address. */
    address: text('address').notNull().default(''),
    failures: integer('failures').notNull().default(0),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
    /** The last successful sign-in from this address: it is then the user's own. */
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.email, t.address] })],
);

/**
 * Which of the identity provider's groups (or app roles) gives which Heard
 * role at single sign-on. Set by an administrator (Administration, Single
 * sign-on), or seeded from HEARD_OIDC_GROUP_ROLES; anyone in no mapped group
 * is refused.
 */
export const ssoGroupRoles = pgTable('sso_group_roles', {
  /** The group's object ID (Entra ID) or the app role's value, exactly as the token carries it. */
  groupId: text('group_id').primaryKey(),
  role: roleEnum('role').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A password reset link sent by email: only a hash of its token is kept; it works once, within an hour. */
export const passwordResets = pgTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);

/** Single-use recovery codes for multi-factor sign-in, hashed like passwords; shown once when made. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/** How staff sign in, as an administrator sets it. One row at most (id 1); with none, the defaults. */
export const signInSettings = pgTable(
  'sign_in_settings',
  {
    id: integer('id').primaryKey().default(1),
    /** Everyone signing in with a password must use a TOTP code too (administrators always must). */
    mfaForEveryone: boolean('mfa_for_everyone').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('sign_in_settings_one_row', sql`${t.id} = 1`)],
);
