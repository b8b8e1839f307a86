import { and, eq, inArray } from 'drizzle-orm';
import type { ReferenceKind } from '../domain/reference-data/kinds.ts';
import { REFERENCE_KIND_LABELS } from '../domain/reference-data/kinds.ts';
import type { DbOrTx } from '../db/database.ts';
import { referenceItems } from '../db/schema/index.ts';
import { DomainError } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The labels of reference items chosen for a field, refusing any that is not
 * an item of that kind (a channel sent as a theme, a made-up id) or that has
 * been retired since, unless the record already had it: the foreign key alone
 * would take any item of any list.
 */
export async function referenceLabels(
  tx: DbOrTx,
  kind: ReferenceKind,
  ids: readonly string[],
  opts: { field: string; alreadyHeld?: readonly string[] },
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter(Boolean))];
  const what = REFERENCE_KIND_LABELS[kind].singular.toLowerCase();
  if (wanted.some((id) => !UUID.test(id)))
    throw new DomainError('REFERENCE.UNKNOWN', `Choose a ${what} from the list`, opts.field);
  if (!wanted.length) return new Map();
  const rows = await tx
    .select({ id: referenceItems.id, label: referenceItems.label, active: referenceItems.active })
    .from(referenceItems)
    .where(and(eq(referenceItems.kind, kind), inArray(referenceItems.id, wanted)));
  if (rows.length !== wanted.length)
    throw new DomainError('REFERENCE.UNKNOWN', `Choose a ${what} from the list`, opts.field);
  const retired = rows.find((r) => !r.active && !opts.alreadyHeld?.includes(r.id));
  if (retired)
    throw new DomainError('REFERENCE.RETIRED', `“${retired.label}” is no longer in use: choose another`, opts.field);
  return new Map(rows.map((r) => [r.id, r.label]));
}

/** One item's label, or null when none was chosen. */
export async function referenceLabel(
  tx: DbOrTx,
  kind: ReferenceKind,
  id: string | null | undefined,
  opts: { field: string; alreadyHeld?: string | null },
): Promise<string | null> {
  if (!id) return null;
  const labels = await referenceLabels(tx, kind, [id], {
    field: opts.field,
    alreadyHeld: opts.alreadyHeld ? [opts.alreadyHeld] : [],
  });
  return labels.get(id) ?? null;
}
