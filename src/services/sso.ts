import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { ROLES } from '../domain/access/roles.ts';
import { claimedGroups, roleForGroups, type GroupRole } from '../domain/access/sso-roles.ts';
import type { Database } from '../db/database.ts';
import { ssoGroupRoles, users } from '../db/schema/index.ts';
import { systemActor, userActor, type Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { parseCommand } from './commands.ts';
import type { User } from './users.ts';

/** Who the audit trail names for a sign-in nobody was yet signed in to make. */
const SIGN_IN: Actor = systemActor('Heard (single sign-on)');

/** What the identity provider said about someone, from a verified ID token (and its user info). */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

export type SsoRefusal = 'no_email' | 'no_role' | 'inactive' | 'other_identity';

export type SsoSignInResult =
  { ok: true; user: User; created: boolean } | { ok: false; reason: SsoRefusal; email: string | null };

export const GroupRoleCommand = z.object({
  groupId: z
    .string({ error: 'Enter the group’s ID' })
    .trim()
    .min(1, 'Enter the group’s ID')
    .max(200, 'A group ID is at most 200 characters'),
  role: z.enum(ROLES, { error: 'Select a role' }),
});
export type GroupRoleCommand = z.input<typeof GroupRoleCommand>;

/** The address a token gives: Entra ID's `email` is optional, its `preferred_username` the sign-in name (UPN). */
function emailOf(claims: Record<string, unknown>): string | null {
  for (const key of ['email', 'preferred_username', 'upn']) {
    const v = claims[key];
    if (typeof v === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) && v.length <= 254)
      return v.trim().toLowerCase();
  }
  return null;
}

function nameOf(claims: Record<string, unknown>, email: string): string {
  const name = typeof claims.name === 'string' ? claims.name.trim().slice(0, 200) : '';
  return name || email;
}

/**
 * Single sign-on's accounts: which provider groups give which role (the
 * administrator's mapping), and turning a verified identity into a Heard
 * user — matched by email address on the first sign-in, created if new, its
 * role set from its groups every time, refused when no group is mapped or
 * the account is deactivated. Every outcome is in the audit trail.
 */
export function ssoService(db: Database, clock: Clock) {
  async function mappings(): Promise<GroupRole[]> {
    return db
      .select({ groupId: ssoGroupRoles.groupId, role: ssoGroupRoles.role })
      .from(ssoGroupRoles)
      .orderBy(asc(ssoGroupRoles.groupId));
  }

  async function refuse(
    reason: SsoRefusal,
    identity: ProviderIdentity,
    email: string | null,
    userId: string | null,
    groups: string[],
  ): Promise<SsoSignInResult> {
    await recordAudit(db, clock, SIGN_IN, {
      action: 'sign_in.failed',
      entity: 'user',
      entityId: userId,
      after: { method: 'single sign-on', reason, email, subject: identity.subject, groups },
    });
    return { ok: false, reason, email };
  }

  return {
    mappings,

    /** Adds or changes a group's role. */
    async setMapping(actor: Actor, raw: GroupRoleCommand): Promise<void> {
      const input = parseCommand(GroupRoleCommand, raw);
      await db.transaction(async (tx) => {
        const [before] = await tx.select().from(ssoGroupRoles).where(eq(ssoGroupRoles.groupId, input.groupId));
        await tx
          .insert(ssoGroupRoles)
          .values({ groupId: input.groupId, role: input.role, updatedAt: clock.now() })
          .onConflictDoUpdate({ target: ssoGroupRoles.groupId, set: { role: input.role, updatedAt: clock.now() } });
        await recordAudit(tx, clock, actor, {
          action: 'sso.group_role',
          entity: 'sso_group_role',
          entityId: null,
          before: before ? { groupId: before.groupId, role: before.role } : null,
          after: { groupId: input.groupId, role: input.role },
        });
      });
    },

    /** Removes a group's role; a group already gone (a second click) changes nothing. */
    async removeMapping(actor: Actor, groupId: string): Promise<boolean> {
      return db.transaction(async (tx) => {
        const [gone] = await tx.delete(ssoGroupRoles).where(eq(ssoGroupRoles.groupId, groupId)).returning();
        if (!gone) return false;
        await recordAudit(tx, clock, actor, {
          action: 'sso.group_role_removed',
          entity: 'sso_group_role',
          before: { groupId: gone.groupId, role: gone.role },
        });
        return true;
      });
    },

    /** HEARD_OIDC_GROUP_ROLES at start-up: adds the groups not mapped yet; the administrator's own changes stay. */
    async seed(entries: readonly GroupRole[]): Promise<number> {
      if (entries.length === 0) return 0;
      return db.transaction(async (tx) => {
        const added = await tx
          .insert(ssoGroupRoles)
          .values(entries.map((e) => ({ groupId: e.groupId, role: e.role, updatedAt: clock.now() })))
          .onConflictDoNothing()
          .returning();
        for (const a of added)
          await recordAudit(tx, clock, systemActor('Heard (HEARD_OIDC_GROUP_ROLES)'), {
            action: 'sso.group_role',
            entity: 'sso_group_role',
            after: { groupId: a.groupId, role: a.role },
          });
        return added.length;
      });
    },

    /** A verified identity becomes a signed-in user, or is refused with the reason (never shown to them in detail). */
    async signIn(identity: ProviderIdentity): Promise<SsoSignInResult> {
      const subject = `${identity.issuer} ${identity.subject}`;
      const email = emailOf(identity.claims);
      const groups = claimedGroups(identity.claims);
      if (!email) return refuse('no_email', identity, null, null, groups);
      const role = roleForGroups(groups, await mappings());
      const [bySubject] = await db.select().from(users).where(eq(users.ssoSubject, subject));
      const [existing] = bySubject ? [bySubject] : await db.select().from(users).where(eq(users.email, email));
      if (existing && !existing.active) return refuse('inactive', identity, email, existing.id, groups);
      // An account already linked to another identity is not taken over by one that shows the same address.
      if (existing && existing.ssoSubject && existing.ssoSubject !== subject)
        return refuse('other_identity', identity, email, existing.id, groups);
      if (!role) return refuse('no_role', identity, email, existing?.id ?? null, groups);
      const now = clock.now();
      return db.transaction(async (tx) => {
        let row: typeof users.$inferSelect;
        let created = false;
        if (existing) {
          [row] = (await tx
            .update(users)
            .set({ role, ssoSubject: subject, lastSignInAt: now, updatedAt: now })
            .where(eq(users.id, existing.id))
            .returning()) as [typeof users.$inferSelect];
          if (existing.role !== role || existing.ssoSubject !== subject)
            await recordAudit(tx, clock, SIGN_IN, {
              action: 'user.update',
              entity: 'user',
              entityId: row.id,
              before: { role: existing.role, ssoSubject: existing.ssoSubject },
              after: { role, ssoSubject: subject },
            });
        } else {
          created = true;
          [row] = (await tx
            .insert(users)
            .values({
              email,
              displayName: nameOf(identity.claims, email),
              role,
              passwordHash: null,
              ssoSubject: subject,
              lastSignInAt: now,
            })
            .returning()) as [typeof users.$inferSelect];
          await recordAudit(tx, clock, SIGN_IN, {
            action: 'user.create',
            entity: 'user',
            entityId: row.id,
            after: { email, displayName: row.displayName, role, method: 'single sign-on' },
          });
        }
        const user = publicUser(row);
        await recordAudit(tx, clock, userActor(user), {
          action: 'sign_in',
          entity: 'user',
          entityId: row.id,
          after: { method: 'single sign-on', role, groups },
        });
        return { ok: true as const, user, created };
      });
    },

    /** An answer from the provider that did not pass the checks (state, nonce, signature, an error it sent). */
    async recordFailure(reason: 'invalid_response', detail: string): Promise<void> {
      await recordAudit(db, clock, SIGN_IN, {
        action: 'sign_in.failed',
        entity: 'user',
        after: { method: 'single sign-on', reason, detail },
      });
    },

    /** A password sign-in while single sign-on is on and passwords are for administrators only: let in (break-glass) or refused. */
    async recordLocalSignIn(user: User, outcome: 'break-glass' | 'refused'): Promise<void> {
      await recordAudit(db, clock, outcome === 'refused' ? SIGN_IN : userActor(user), {
        action: outcome === 'refused' ? 'sign_in.failed' : 'sign_in.break_glass',
        entity: 'user',
        entityId: user.id,
        after: { method: 'password', reason: outcome === 'refused' ? 'passwords are for administrators only' : null },
      });
    },

    /** How many accounts single sign-on has linked (for the administrator's page). */
    async linkedCount(): Promise<number> {
      const [r] = await db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(users)
        .where(sql`${users.ssoSubject} is not null`);
      return r?.n ?? 0;
    },
  };
}
export type SsoService = ReturnType<typeof ssoService>;

function publicUser(row: typeof users.$inferSelect): User {
  const { passwordHash: _p, totpSecret: _t, ...rest } = row;
  return rest;
}
