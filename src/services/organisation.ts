import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { isIsoDate, londonDate, type IsoDate } from '../domain/calendar/iso-date.ts';
import {
  currentName,
  nameOn,
  ORG_UNIT_KIND_LABELS,
  ORG_UNIT_KINDS,
  PARENT_KIND,
  planRename,
  type OrgUnitKind,
  type UnitName,
} from '../domain/organisation/org-units.ts';
import type { Database } from '../db/database.ts';
import { orgUnitNames, orgUnits } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { parseCommand } from './commands.ts';
import { DomainError, NotFoundError } from './errors.ts';

/**
 * A new directorate, service or team, opened today unless a date is given.
 * The name's message names the kind, so the rules run in the form's order:
 * name, date opened, then the unit it sits under (which must exist: checked
 * by the service).
 */
export const NewOrgUnitCommand = (today: IsoDate) =>
  z
    .object({
      kind: z.enum(ORG_UNIT_KINDS, { error: 'Select what you are adding' }),
      // A name that is not text is no name.
      name: z.string().trim().catch(''),
      openedOn: z
        .string({ error: 'Enter a real date' })
        .optional()
        .transform((d) => d || today),
      parentId: z.string().nullish(),
    })
    .superRefine(({ kind, name, openedOn, parentId }, ctx) => {
      if (!name)
        ctx.addIssue({
          code: 'custom',
          path: ['name'],
          message: `Enter the name of the ${ORG_UNIT_KIND_LABELS[kind].toLowerCase()}`,
        });
      if (!isIsoDate(openedOn)) ctx.addIssue({ code: 'custom', path: ['openedOn'], message: 'Enter a real date' });
      const parentKind = PARENT_KIND[kind];
      if (parentKind && !parentId)
        ctx.addIssue({
          code: 'custom',
          path: ['parentId'],
          message: `Select the ${ORG_UNIT_KIND_LABELS[parentKind].toLowerCase()} it belongs to`,
        });
    });
export type NewOrgUnitCommand = z.input<ReturnType<typeof NewOrgUnitCommand>>;

/** A new name from a date (whether it can take effect then is the service's question, against the names it has). */
export const OrgUnitRenameCommand = z.object({
  name: z.string({ error: 'Enter the new name' }).trim().min(1, 'Enter the new name'),
  from: z
    .string({ error: 'Enter the date the new name applies from, as a real date' })
    .refine(isIsoDate, 'Enter the date the new name applies from, as a real date'),
});
export type OrgUnitRenameCommand = z.input<typeof OrgUnitRenameCommand>;

/** Closing a unit on a date, optionally naming the one that carries on its work (checked by the service). */
export const OrgUnitCloseCommand = z.object({
  closedOn: z
    .string({ error: 'Enter the date it closed, as a real date' })
    .refine(isIsoDate, 'Enter the date it closed, as a real date'),
  successorId: z.string().nullish(),
});
export type OrgUnitCloseCommand = z.input<typeof OrgUnitCloseCommand>;

export interface OrgUnit {
  id: string;
  kind: OrgUnitKind;
  parentId: string | null;
  successorId: string | null;
  openedOn: string;
  closedOn: string | null;
  names: UnitName[];
  name: string;
}

export function organisationService(db: Database, clock: Clock) {
  async function all(): Promise<OrgUnit[]> {
    const units = await db.select().from(orgUnits);
    const names = await db.select().from(orgUnitNames).orderBy(asc(orgUnitNames.validFrom));
    const byUnit = new Map<string, UnitName[]>();
    for (const n of names) {
      const list = byUnit.get(n.orgUnitId) ?? [];
      list.push({ name: n.name, validFrom: n.validFrom, validTo: n.validTo });
      byUnit.set(n.orgUnitId, list);
    }
    return units
      .map((u) => {
        const unitNames = byUnit.get(u.id) ?? [];
        return {
          id: u.id,
          kind: u.kind,
          parentId: u.parentId,
          successorId: u.successorId,
          openedOn: u.openedOn,
          closedOn: u.closedOn,
          names: unitNames,
          name: currentName(unitNames) ?? '(unnamed)',
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async function get(id: string): Promise<OrgUnit> {
    const unit = (await all()).find((u) => u.id === id);
    if (!unit) throw new NotFoundError('That part of the organisation');
    return unit;
  }

  return {
    all,
    get,

    /** Directorates with their services and teams, for the admin page and pickers. */
    async tree(): Promise<{ unit: OrgUnit; children: { unit: OrgUnit; children: OrgUnit[] }[] }[]> {
      const units = await all();
      const childrenOf = (id: string) => units.filter((u) => u.parentId === id);
      return units
        .filter((u) => u.kind === 'directorate')
        .map((d) => ({ unit: d, children: childrenOf(d.id).map((s) => ({ unit: s, children: childrenOf(s.id) })) }));
    },

    async teams(opts: { includeClosed?: boolean } = {}): Promise<OrgUnit[]> {
      return (await all()).filter((u) => u.kind === 'team' && (opts.includeClosed || u.closedOn === null));
    },

    /** A unit's name as it was on a date: old cases report under the team as it was. */
    nameOn(unit: OrgUnit, date: string): string {
      return nameOn(unit.names, date) ?? unit.name;
    },

    async create(actor: Actor, raw: NewOrgUnitCommand): Promise<OrgUnit> {
      const input = parseCommand(NewOrgUnitCommand(londonDate(clock.now())), raw);
      const { name, openedOn } = input;
      const parentKind = PARENT_KIND[input.kind];
      return db.transaction(async (tx) => {
        if (parentKind) {
          const [parent] = await tx.select().from(orgUnits).where(eq(orgUnits.id, input.parentId!));
          if (!parent || parent.kind !== parentKind)
            throw new DomainError('ORG.BAD_PARENT', `A ${input.kind} must sit under a ${parentKind}`, 'parentId');
        }
        const [unit] = await tx
          .insert(orgUnits)
          .values({ kind: input.kind, parentId: parentKind ? input.parentId! : null, openedOn })
          .returning();
        await tx.insert(orgUnitNames).values({ orgUnitId: unit!.id, name, validFrom: openedOn });
        await recordAudit(tx, clock, actor, {
          action: 'org.create',
          entity: 'org_unit',
          entityId: unit!.id,
          after: { kind: input.kind, name, parentId: unit!.parentId, openedOn },
        });
        return {
          id: unit!.id,
          kind: unit!.kind,
          parentId: unit!.parentId,
          successorId: null,
          openedOn,
          closedOn: null,
          names: [{ name, validFrom: openedOn, validTo: null }],
          name,
        };
      });
    },

    /** A new name from a date; the old name stays in force for cases before it. */
    async rename(actor: Actor, id: string, raw: OrgUnitRenameCommand): Promise<void> {
      const input = parseCommand(OrgUnitRenameCommand, raw);
      const { name } = input;
      const unit = await get(id);
      const plan = planRename(unit.names, name, input.from);
      if (!plan.ok)
        throw new DomainError(
          plan.error.code,
          plan.error.message,
          plan.error.code === 'ORG.SAME_NAME' ? 'name' : 'from',
        );
      await db.transaction(async (tx) => {
        if (plan.closeCurrentOn) {
          await tx
            .update(orgUnitNames)
            .set({ validTo: plan.closeCurrentOn })
            .where(and(eq(orgUnitNames.orgUnitId, id), isNull(orgUnitNames.validTo)));
        }
        await tx.insert(orgUnitNames).values({ orgUnitId: id, name, validFrom: input.from });
        await recordAudit(tx, clock, actor, {
          action: 'org.rename',
          entity: 'org_unit',
          entityId: id,
          before: { name: unit.name },
          after: { name, from: input.from },
        });
      });
    },

    /** Close a unit, optionally naming the unit that carries on its work. */
    async close(actor: Actor, id: string, raw: OrgUnitCloseCommand): Promise<void> {
      const input = parseCommand(OrgUnitCloseCommand, raw);
      const unit = await get(id);
      if (input.closedOn < unit.openedOn)
        throw new DomainError(
          'ORG.CLOSED_BEFORE_OPENED',
          `It cannot close before it opened (${unit.openedOn})`,
          'closedOn',
        );
      if (input.successorId) {
        if (input.successorId === id)
          throw new DomainError('ORG.SELF_SUCCESSOR', 'A team cannot replace itself', 'successorId');
        const successor = await get(input.successorId);
        if (successor.kind !== unit.kind)
          throw new DomainError('ORG.SUCCESSOR_KIND', `It must be replaced by another ${unit.kind}`, 'successorId');
      }
      await db.transaction(async (tx) => {
        await tx
          .update(orgUnits)
          .set({ closedOn: input.closedOn, successorId: input.successorId ?? null })
          .where(eq(orgUnits.id, id));
        await tx
          .update(orgUnitNames)
          .set({ validTo: input.closedOn })
          .where(and(eq(orgUnitNames.orgUnitId, id), isNull(orgUnitNames.validTo)));
        await recordAudit(tx, clock, actor, {
          action: 'org.close',
          entity: 'org_unit',
          entityId: id,
          before: { closedOn: unit.closedOn, successorId: unit.successorId },
          after: { closedOn: input.closedOn, successorId: input.successorId ?? null },
        });
      });
    },
  };
}
export type OrganisationService = ReturnType<typeof organisationService>;
