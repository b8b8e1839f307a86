import { ROLES, type Role } from './roles.ts';

/** One of the identity provider's groups (or app roles) and the Heard role it gives. */
export interface GroupRole {
  groupId: string;
  role: Role;
}

export type GroupRolesParse = { ok: true; entries: GroupRole[] } | { ok: false; problem: string };

const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/**
 * Reads a mapping written as JSON ({"<group>": "<role>"}) or as
 * "<group>=<role>,<group>=<role>" (Entra ID group object IDs contain no "="
 * or ","). Empty text is an empty mapping: then nobody gets in by single
 * sign-on until an administrator maps a group.
 */
export function parseGroupRoles(text: string): GroupRolesParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, entries: [] };
  let pairs: [string, unknown][];
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return { ok: false, problem: 'is not valid JSON' };
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      return { ok: false, problem: 'must be a JSON object of group to role' };
    pairs = Object.entries(parsed);
  } else {
    pairs = trimmed
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => {
        const at = p.lastIndexOf('=');
        return at < 0 ? [p, undefined] : [p.slice(0, at).trim(), p.slice(at + 1).trim()];
      });
  }
  const entries: GroupRole[] = [];
  for (const [groupId, role] of pairs) {
    if (!groupId) return { ok: false, problem: 'a group is blank' };
    if (!isRole(role))
      return { ok: false, problem: `"${groupId}" must map to one of ${ROLES.join(', ')} (it has ${String(role)})` };
    entries.push({ groupId, role });
  }
  return { ok: true, entries };
}

/**
 * The role someone's groups give: the most trusted one when they are in
 * several mapped groups (ROLES is in that order), or null when none is
 * mapped, and then they are refused.
 */
export function roleForGroups(groups: readonly string[], mapping: readonly GroupRole[]): Role | null {
  const given = new Set(mapping.filter((m) => groups.includes(m.groupId)).map((m) => m.role));
  return ROLES.find((r) => given.has(r)) ?? null;
}

/** The groups and app roles a token's claims name (Entra ID puts group IDs in `groups`, app roles in `roles`). */
export function claimedGroups(claims: Record<string, unknown>): string[] {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return [...list(claims.groups), ...list(claims.roles)];
}
