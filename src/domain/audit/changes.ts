/**
 * What changed between two versions of a record, for the audit trail. Only the
 * fields that differ are kept, so "who changed the team" is one line to read.
 */
export type AuditValue =
  string | number | boolean | null | readonly AuditValue[] | { readonly [k: string]: AuditValue };
export type AuditRecord = Record<string, AuditValue | undefined>;

export interface FieldChanges {
  before: Record<string, AuditValue>;
  after: Record<string, AuditValue>;
}

export function diffRecords(before: AuditRecord | null, after: AuditRecord | null): FieldChanges {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChanges = { before: {}, after: {} };
  for (const key of [...keys].sort()) {
    const b = before?.[key] ?? null;
    const a = after?.[key] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) {
      if (before) changes.before[key] = b;
      if (after) changes.after[key] = a;
    }
  }
  return changes;
}

export function hasChanges(changes: FieldChanges): boolean {
  return Object.keys(changes.before).length > 0 || Object.keys(changes.after).length > 0;
}
