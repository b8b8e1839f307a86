import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { REFERENCE_DEFAULTS } from '../domain/reference-data/defaults.ts';
import {
  codeFromLabel,
  REFERENCE_CODE_PATTERN,
  REFERENCE_KIND_LABELS,
  type ReferenceKind,
} from '../domain/reference-data/kinds.ts';
import type { Database } from '../db/database.ts';
import { referenceItems } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { parseCommand } from './commands.ts';
import { DomainError, NotFoundError } from './errors.ts';

export type ReferenceItem = typeof referenceItems.$inferSelect;

const LABEL_TOO_LONG = 'The label must be 200 characters or fewer';
const BAD_CODE = 'The code must be capital letters, numbers and underscores, up to 40 characters';

/** The code an item is stored under: the one given, or one made from its label, in capitals. */
const itemCode = (label: string, code: string | undefined) => (code?.trim() || codeFromLabel(label)).toUpperCase();

/** A new item of a kind ("Enter the ethnicity"); its code is checked only once it has a label to make one from. */
export const NewReferenceItemCommand = (kind: ReferenceKind) => {
  const enterLabel = `Enter the ${REFERENCE_KIND_LABELS[kind].singular.toLowerCase()}`;
  return z
    .object({
      label: z.string({ error: enterLabel }).trim().min(1, enterLabel).max(200, LABEL_TOO_LONG),
      code: z.string({ error: BAD_CODE }).optional(),
      financial: z.boolean().optional(),
    })
    .superRefine(({ label, code }, ctx) => {
      if (label && !REFERENCE_CODE_PATTERN.test(itemCode(label, code)))
        ctx.addIssue({ code: 'custom', path: ['code'], message: BAD_CODE });
    })
    .transform(({ label, code, financial }) => ({ label, code: itemCode(label, code), financial: financial ?? false }));
};
export type NewReferenceItemCommand = z.input<ReturnType<typeof NewReferenceItemCommand>>;

/** A new label, or retiring or reviving an item; a label sent blank is refused, one not sent is kept. */
export const ReferenceItemChangeCommand = z.object({
  label: z.string({ error: 'Enter a label' }).trim().min(1, 'Enter a label').max(200, LABEL_TOO_LONG).optional(),
  active: z.boolean().optional(),
});
export type ReferenceItemChangeCommand = z.input<typeof ReferenceItemChangeCommand>;

export function referenceDataService(db: Database, clock: Clock) {
  return {
    /** Adds any default item a council does not have yet; never changes or revives one it has edited or retired. */
    async ensureDefaults(): Promise<number> {
      let added = 0;
      for (const [kind, items] of Object.entries(REFERENCE_DEFAULTS) as [
        ReferenceKind,
        (typeof REFERENCE_DEFAULTS)[ReferenceKind],
      ][]) {
        const rows = items.map((item, i) => ({
          kind,
          code: item.code,
          label: item.label,
          sortOrder: (i + 1) * 10,
          financial: item.financial ?? false,
          isChild: item.isChild ?? false,
        }));
        const inserted = await db
          .insert(referenceItems)
          .values(rows)
          .onConflictDoNothing()
          .returning({ id: referenceItems.id });
        added += inserted.length;
      }
      return added;
    },

    async list(kind: ReferenceKind, opts: { includeRetired?: boolean } = {}): Promise<ReferenceItem[]> {
      const where = opts.includeRetired
        ? eq(referenceItems.kind, kind)
        : and(eq(referenceItems.kind, kind), eq(referenceItems.active, true));
      return db
        .select()
        .from(referenceItems)
        .where(where)
        .orderBy(asc(referenceItems.sortOrder), asc(referenceItems.label));
    },

    async counts(): Promise<Map<ReferenceKind, { active: number; retired: number }>> {
      const rows = await db
        .select({ kind: referenceItems.kind, active: referenceItems.active, n: sql<number>`count(*)`.mapWith(Number) })
        .from(referenceItems)
        .groupBy(referenceItems.kind, referenceItems.active);
      const out = new Map<ReferenceKind, { active: number; retired: number }>();
      for (const r of rows) {
        const c = out.get(r.kind) ?? { active: 0, retired: 0 };
        if (r.active) c.active = r.n;
        else c.retired = r.n;
        out.set(r.kind, c);
      }
      return out;
    },

    async get(id: string): Promise<ReferenceItem> {
      const [row] = await db.select().from(referenceItems).where(eq(referenceItems.id, id));
      if (!row) throw new NotFoundError('That reference item');
      return row;
    },

    async byCode(kind: ReferenceKind): Promise<Map<string, ReferenceItem>> {
      const rows = await db.select().from(referenceItems).where(eq(referenceItems.kind, kind));
      return new Map(rows.map((r) => [r.code, r]));
    },

    async add(actor: Actor, kind: ReferenceKind, raw: NewReferenceItemCommand): Promise<ReferenceItem> {
      const { label, code, financial } = parseCommand(NewReferenceItemCommand(kind), raw);
      return db.transaction(async (tx) => {
        const [clash] = await tx
          .select()
          .from(referenceItems)
          .where(and(eq(referenceItems.kind, kind), eq(referenceItems.code, code)));
        if (clash)
          throw new DomainError('REFERENCE.CODE_TAKEN', `The code ${code} is already used by "${clash.label}"`, 'code');
        const [max] = await tx
          .select({ n: sql<number>`coalesce(max(${referenceItems.sortOrder}), 0)`.mapWith(Number) })
          .from(referenceItems)
          .where(eq(referenceItems.kind, kind));
        const [row] = await tx
          .insert(referenceItems)
          .values({ kind, code, label, sortOrder: (max?.n ?? 0) + 10, financial })
          .returning();
        await recordAudit(tx, clock, actor, {
          action: 'reference.add',
          entity: 'reference_item',
          entityId: row!.id,
          after: { kind, code, label },
        });
        return row!;
      });
    },

    async update(actor: Actor, id: string, raw: ReferenceItemChangeCommand): Promise<ReferenceItem> {
      const { label, active } = parseCommand(ReferenceItemChangeCommand, raw);
      return db.transaction(async (tx) => {
        const [before] = await tx.select().from(referenceItems).where(eq(referenceItems.id, id));
        if (!before) throw new NotFoundError('That reference item');
        const [after] = await tx
          .update(referenceItems)
          .set({ label: label ?? before.label, active: active ?? before.active, updatedAt: clock.now() })
          .where(eq(referenceItems.id, id))
          .returning();
        await recordAudit(tx, clock, actor, {
          action: 'reference.update',
          entity: 'reference_item',
          entityId: id,
          before: { label: before.label, active: before.active },
          after: { label: after!.label, active: after!.active },
        });
        return after!;
      });
    },
  };
}
export type ReferenceDataService = ReturnType<typeof referenceDataService>;
