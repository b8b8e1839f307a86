/**
 * Setting Heard up from one file: the organisation and the reference data
 * (docs/setup-format.md). check() says what loading it would add and every
 * problem, writing nothing; load() adds it all or nothing, in one transaction,
 * through the organisation and reference-data services (their rules, their
 * audit records), with one audit record for the load itself; export() writes
 * the current set-up in the same format.
 */
import { asc, eq } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import { londonDate } from '../domain/calendar/iso-date.ts';
import { procedureKeys } from '../domain/procedures/registry.ts';
import { parseSetupCsv, setupCsvFiles, type SetupCsvFile } from '../domain/setup/csv.ts';
import { checkParsedSetup, checkSetup, type CurrentSetup, type SetupCheck } from '../domain/setup/plan.ts';
import type { Database } from '../db/database.ts';
import { orgUnits, referenceItems } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { organisationService } from './organisation.ts';
import { referenceDataService } from './reference-data.ts';

export interface SetupResult extends SetupCheck {
  /** Whether anything was written: only when the whole file is good. */
  loaded: boolean;
}

/** A set-up file's text (YAML), or CSV files, one per list, each named for what it holds (organisation.csv, theme.csv...). */
export type SetupContent = string | Buffer | readonly { fileName: string; content: string | Buffer }[];

const text = (content: string | Buffer) =>
  (typeof content === 'string' ? content : content.toString('utf8')).replace(/^\uFEFF/, '');

export function setupService(db: Database, clock: Clock) {
  async function current(on: Database = db): Promise<CurrentSetup> {
    const units = await organisationService(on, clock).all();
    const defaults = new Map(
      (await on.select({ id: orgUnits.id, p: orgUnits.defaultProcedure }).from(orgUnits)).map((u) => [u.id, u.p]),
    );
    const items = await on
      .select()
      .from(referenceItems)
      .orderBy(asc(referenceItems.kind), asc(referenceItems.sortOrder), asc(referenceItems.label));
    return {
      units: units.map((u) => ({
        id: u.id,
        kind: u.kind,
        parentId: u.parentId,
        name: u.name,
        openedOn: u.openedOn,
        closedOn: u.closedOn,
        defaultProcedure: defaults.get(u.id) ?? null,
      })),
      items: items.map((i) => ({
        kind: i.kind,
        code: i.code,
        label: i.label,
        financial: i.financial,
        isChild: i.isChild,
        active: i.active,
      })),
    };
  }

  /** The set-up a file (YAML) or CSV files (one per list) hold, planned against a Heard's. */
  const plan = (content: SetupContent, now: CurrentSetup) => {
    const opts = { today: londonDate(clock.now()), procedureKeys: procedureKeys() };
    return Array.isArray(content)
      ? checkParsedSetup(
          parseSetupCsv(content.map((f) => ({ fileName: f.fileName, text: text(f.content) }))),
          now,
          opts,
        )
      : checkSetup(text(content as string | Buffer), now, opts);
  };

  return {
    current,

    /** The dry run: what loading the file would add, and every problem. Writes nothing. */
    async check(content: SetupContent): Promise<SetupCheck> {
      return plan(content, await current());
    },

    /** Adds what the file has that Heard has not, all or nothing. A file with any problem adds nothing. */
    async load(actor: Actor, content: SetupContent): Promise<SetupResult> {
      return db.transaction(async (tx) => {
        const on = tx as unknown as Database;
        const result = plan(content, await current(on));
        if (result.problems.length || (!result.plan.units.length && !result.plan.items.length))
          return { ...result, loaded: false };
        const organisation = organisationService(on, clock);
        const referenceData = referenceDataService(on, clock);
        const ids = new Map<string, string>();
        const now = await current(on);
        const byId = new Map(now.units.map((u) => [u.id, u]));
        const pathOf = (id: string | null): string[] => {
          const names: string[] = [];
          for (let u = id ? byId.get(id) : undefined; u; u = u.parentId ? byId.get(u.parentId) : undefined)
            names.unshift(u.name);
          return names;
        };
        const k = (path: string[]) => path.map((n) => n.trim().toLocaleLowerCase('en-GB')).join('\u0000');
        for (const u of now.units) ids.set(k(pathOf(u.id)), u.id);
        for (const unit of result.plan.units) {
          const parentId = unit.path.length > 1 ? ids.get(k(unit.path.slice(0, -1))) : null;
          const made = await organisation.create(actor, {
            kind: unit.kind,
            name: unit.name,
            openedOn: unit.openedOn,
            parentId,
          });
          ids.set(k(unit.path), made.id);
          if (unit.defaultProcedure) {
            await tx.update(orgUnits).set({ defaultProcedure: unit.defaultProcedure }).where(eq(orgUnits.id, made.id));
            await recordAudit(tx, clock, actor, {
              action: 'org.default_procedure',
              entity: 'org_unit',
              entityId: made.id,
              before: { defaultProcedure: null },
              after: { defaultProcedure: unit.defaultProcedure },
            });
          }
          if (unit.closedOn) await organisation.close(actor, made.id, { closedOn: unit.closedOn });
        }
        for (const item of result.plan.items) {
          const made = await referenceData.add(actor, item.kind, {
            label: item.label,
            code: item.code,
            financial: item.financial,
          });
          if (item.child) await tx.update(referenceItems).set({ isChild: true }).where(eq(referenceItems.id, made.id));
          if (item.retired) await referenceData.update(actor, made.id, { active: false });
        }
        await recordAudit(tx, clock, actor, {
          action: 'setup.load',
          entity: 'setup',
          after: { units: result.plan.units.length, items: result.plan.items.length },
        });
        return { ...result, loaded: true };
      });
    },

    /** The current set-up as a set-up file: loading it into an empty Heard gives the same organisation and lists. */
    async export(): Promise<string> {
      // The YAML library loads at the first export, not at every start (ADR 0013).
      const { setupYaml } = await import('../domain/setup/export.ts');
      return setupYaml(await current(), `Heard set-up, exported ${londonDate(clock.now())}`);
    },

    /** The current set-up as CSV files, one per list: loading them into an empty Heard gives the same set-up. */
    async exportCsv(): Promise<SetupCsvFile[]> {
      return setupCsvFiles(await current());
    },
  };
}
export type SetupService = ReturnType<typeof setupService>;
