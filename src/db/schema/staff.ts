import {
  boolean,
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
  passwordHash: text('password_hash').notNull(),
  role: roleEnum('role').notNull(),
  active: boolean('active').notNull().default(true),
  teamId: uuid('team_id').references(() => orgUnits.id),
  /** Who a missed deadline escalates to. */
  managerId: uuid('manager_id').references((): AnyPgColumn => users.id),
  lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
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
