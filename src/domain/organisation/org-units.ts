/**
 * The organisation is a tree, directorate > service > team, whose names change
 * over time. A unit keeps its identity through a rename (a new name row with a
 * valid-from date); a unit that is replaced (merged or split) names its
 * successor, so a report can show an old case under the team as it was or
 * under today's team.
 */
export const ORG_UNIT_KINDS = ['directorate', 'service', 'team'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];
export const ORG_UNIT_KIND_LABELS: Record<OrgUnitKind, string> = {
  directorate: 'Directorate',
  service: 'Service',
  team: 'Team',
};
export const PARENT_KIND: Record<OrgUnitKind, OrgUnitKind | null> = {
  directorate: null,
  service: 'directorate',
  team: 'service',
};

export interface UnitName {
  name: string;
  validFrom: string; // ISO date, inclusive
  validTo: string | null; // ISO date, inclusive; null = still in force
}

/** The name a unit had on a date; before its first name, its first name (old cases imported before the unit existed). */
export function nameOn(names: readonly UnitName[], date: string): string | null {
  if (names.length === 0) return null;
  const sorted = [...names].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const hit = sorted.find((n) => n.validFrom <= date && (n.validTo === null || date <= n.validTo));
  if (hit) return hit.name;
  const first = sorted[0]!;
  if (date < first.validFrom) return first.name;
  return sorted[sorted.length - 1]!.name;
}

export function currentName(names: readonly UnitName[]): string | null {
  if (names.length === 0) return null;
  const open = names.find((n) => n.validTo === null);
  if (open) return open.name;
  return [...names].sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0]!.name;
}

/** Follows successor links to the unit that stands for this one today. Stops on a cycle rather than looping. */
export function todaysUnit(unitId: string, successorOf: ReadonlyMap<string, string | null>): string {
  const seen = new Set<string>([unitId]);
  let current = unitId;
  for (;;) {
    const next = successorOf.get(current);
    if (!next || seen.has(next)) return current;
    seen.add(next);
    current = next;
  }
}

export type RenameError =
  { code: 'ORG.RENAME_NOT_AFTER_CURRENT'; message: string } | { code: 'ORG.SAME_NAME'; message: string };

/**
 * Renaming closes the current name the day before the new one applies. The new
 * name must start after the current name started, so history never overlaps.
 */
export function planRename(
  names: readonly UnitName[],
  newName: string,
  from: string,
): { ok: true; closeCurrentOn: string | null } | { ok: false; error: RenameError } {
  const current = names.find((n) => n.validTo === null);
  if (!current) return { ok: true, closeCurrentOn: null };
  if (current.name === newName)
    return { ok: false, error: { code: 'ORG.SAME_NAME', message: 'The new name is the same as the current name' } };
  if (from <= current.validFrom) {
    return {
      ok: false,
      error: {
        code: 'ORG.RENAME_NOT_AFTER_CURRENT',
        message: `The new name must apply from a date after ${current.validFrom}, when the current name started`,
      },
    };
  }
  return { ok: true, closeCurrentOn: dayBefore(from) };
}

function dayBefore(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** A unit and every unit beneath it (its services, their teams). */
export function unitAndBelow(units: readonly { id: string; parentId: string | null }[], rootId: string): Set<string> {
  const inside = new Set([rootId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of units) {
      if (u.parentId && inside.has(u.parentId) && !inside.has(u.id)) {
        inside.add(u.id);
        grew = true;
      }
    }
  }
  return inside;
}

/**
 * The service area a unit belongs to: the nearest unit at or above it that is
 * a service (a team's service; a service itself). A unit with no service
 * above it (a team straight under a directorate, a directorate) stands for
 * itself.
 */
export function serviceAreaOf(
  unitId: string,
  units: ReadonlyMap<string, { parentId: string | null; kind: string }>,
): string {
  const seen = new Set<string>();
  for (let id: string | null = unitId; id && !seen.has(id); id = units.get(id)?.parentId ?? null) {
    seen.add(id);
    if (units.get(id)?.kind === 'service') return id;
  }
  return unitId;
}
