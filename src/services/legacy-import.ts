import { z } from 'zod';
import { prepareAfterBulkLoad } from '../reports/facts.ts';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import { londonDate } from '../domain/calendar/iso-date.ts';
import {
  readRow,
  type ImportedCase,
  type ImportLookups,
  type ImportProblem,
  type ImportUnit,
  mappingSkeleton,
} from '../domain/import/row.ts';
import { labelKey } from '../domain/import/values.ts';
import { REFERENCE_KINDS, type ReferenceKind } from '../domain/reference-data/kinds.ts';
import { definitionOfStage } from '../domain/procedures/registry.ts';
import type { CaseClock, CaseClockFacts } from '../domain/timescales/case-clocks.ts';
import { CLOCK_LABELS } from '../domain/timescales/clock-names.ts';
import type { Database } from '../db/database.ts';
import * as s from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { DomainError } from './errors.ts';
import type { TimescalesService } from './timescales.ts';
import { openImportFile, type ImportSource } from './legacy-import-file.ts';
import { importWriter } from './legacy-import-write.ts';

/** A council's own labels for Heard's words, per field: `{ "team": { "Childrens MASH": "Front Door" } }`. */
export const ImportMapping = z.record(z.string(), z.record(z.string(), z.string()).optional());
export type ImportMapping = z.infer<typeof ImportMapping>;

export interface ImportReport {
  fileName: string;
  legacySystem: string;
  dryRun: boolean;
  rowsRead: number;
  /** Rows that would be (or were) imported. */
  toImport: number;
  alreadyImported: { line: number; legacyReference: string }[];
  problems: ImportProblem[];
  /** A mapping file to fill in for the labels Heard did not know (empty when there were none). */
  mappingSkeleton: Record<string, Record<string, string>>;
  imported: number;
  batchId: string | null;
}

export { MAX_IMPORT_ROWS } from './legacy-import-file.ts';

function clockEventProblems(d: ImportedCase, clocksOf: (facts: CaseClockFacts) => CaseClock[]): ImportProblem[] {
  const events = d.stages.flatMap((st) =>
    st.clockEvents.map((e) => ({ ...e, stage: st.kind, clock: definitionOfStage(d.procedure, st.kind).responseClock })),
  );
  if (!events.length) return [];
  let clocks: CaseClock[];
  try {
    clocks = clocksOf({
      type: d.type,
      procedure: d.procedure,
      receivedOn: d.receivedOn,
      acknowledgedOn: d.acknowledgedOn,
      closedOn: d.closedOn,
      // The Ombudsman's clock starts when its enquiry arrived, which the import keeps as the stage's request.
      stages: d.stages.map((st) => ({ ...st, lgscoEnquiryReceivedOn: st.kind === 'lgsco' ? st.requestedOn : null })),
      events: events.map((e) => ({ ...e, reason: e.reason ?? 'Imported' })),
    });
  } catch (err) {
    // Dates the working-day calendar does not cover: the clocks cannot be judged here, nor in reports.
    if ((err as { code?: string }).code === 'CALENDAR.OUT_OF_RANGE') return [];
    throw err;
  }
  const problems: ImportProblem[] = [];
  const columnOf = (e: (typeof events)[number]) => `${e.stage}_${e.kind === 'extended' ? 'extended_on' : 'pauses'}`;
  // As recordClockEvent: an event needs its clock running, and falls between its start and its stop.
  for (const e of events) {
    const k = clocks.find((x) => x.clock === e.clock);
    const started = k?.result.restartedOn ?? k?.result.startedOn;
    const message = !started
      ? `The ${CLOCK_LABELS[e.clock].toLowerCase()} clock does not run on this case`
      : e.on < started
        ? `This is before the ${CLOCK_LABELS[e.clock].toLowerCase()} clock started (${started})`
        : k?.result.completedOn && e.on > k.result.completedOn
          ? `This is after the ${CLOCK_LABELS[e.clock].toLowerCase()} clock stopped (${k.result.completedOn})`
          : null;
    if (message) problems.push({ line: d.line, column: columnOf(e), value: e.on, message });
  }
  if (problems.length) return problems;
  for (const k of clocks)
    for (const i of k.result.ignored) {
      const e = events.find((x) => x.clock === k.clock && x.on === i.on && x.kind === i.kind);
      if (!e) continue;
      problems.push({
        line: d.line,
        column: columnOf(e),
        value: i.on,
        message: `This ${e.kind === 'extended' ? 'extension' : e.kind === 'paused' ? 'pause' : 'pause’s end'} would not count: ${i.why.charAt(0).toLowerCase()}${i.why.slice(1)}`,
      });
    }
  return problems;
}

/**
 * Brings years of cases over from a legacy system. A dry run reports every
 * problem by line and column; the import itself is all or nothing, keeps the
 * old references, marks cases as migrated, and skips rows already imported,
 * so the same file twice makes no duplicates.
 */
export function legacyImportService(db: Database, clock: Clock, deps: { timescales: TimescalesService }) {
  async function lookups(mapping: ImportMapping): Promise<ImportLookups> {
    const items = await db
      .select({
        id: s.referenceItems.id,
        kind: s.referenceItems.kind,
        code: s.referenceItems.code,
        label: s.referenceItems.label,
      })
      .from(s.referenceItems);
    const byKind = new Map<ReferenceKind, Map<string, string>>(REFERENCE_KINDS.map((k) => [k, new Map()]));
    for (const i of items) {
      byKind.get(i.kind)!.set(labelKey(i.code), i.id);
      byKind.get(i.kind)!.set(labelKey(i.label), i.id);
    }
    // Units of every level by any of their names, then or now; a path "Directorate > Service > Team" picks one.
    const names = await db
      .select({
        id: s.orgUnitNames.orgUnitId,
        name: s.orgUnitNames.name,
        kind: s.orgUnits.kind,
        parentId: s.orgUnits.parentId,
      })
      .from(s.orgUnitNames)
      .innerJoin(s.orgUnits, eq(s.orgUnits.id, s.orgUnitNames.orgUnitId));
    const units = new Map(names.map((n) => [n.id, { kind: n.kind, parentId: n.parentId }]));
    const named = new Map<string, Set<string>>();
    const hasName = new Set<string>();
    for (const n of names) {
      const key = labelKey(n.name);
      if (!named.has(key)) named.set(key, new Set());
      named.get(key)!.add(n.id);
      hasName.add(`${n.id}|${key}`);
    }
    const unit = (raw: string): ImportUnit => {
      const parts = map('team', raw)
        .split('>')
        .map((p) => labelKey(p))
        .filter(Boolean);
      const last = parts.pop();
      const found = [...(named.get(last ?? '') ?? [])].filter((id) => {
        let at = units.get(id)?.parentId ?? null;
        for (const part of [...parts].reverse()) {
          if (!at || !hasName.has(`${at}|${part}`)) return false;
          at = units.get(at)?.parentId ?? null;
        }
        return true;
      });
      // A bare name shared by a team and a service or directorate means the team, as the column always has.
      const pick = found.length > 1 ? found.filter((id) => units.get(id)!.kind === 'team') : found;
      if (pick.length > 1 || (found.length > 1 && !pick.length)) return 'ambiguous';
      return pick[0] ? { id: pick[0], kind: units.get(pick[0])!.kind } : null;
    };
    const map = (field: string, raw: string) => {
      const m = mapping[field];
      if (!m) return raw;
      const hit = Object.entries(m).find(([from]) => labelKey(from) === labelKey(raw));
      return hit ? hit[1] : raw;
    };
    return {
      today: londonDate(clock.now()),
      reference: (kind, raw) => byKind.get(kind)!.get(labelKey(map(kind, raw))) ?? null,
      unit,
      mapped: (field, raw) => map(field, raw),
    };
  }

  /**
   * The check: every row read, validated and looked up as it comes, keeping
   * only what rules across rows need (each reference and its line, for
   * duplicates; the references already in Heard, to skip or refuse).
   */
  async function check(source: ImportSource, legacySystem: string, look: ImportLookups): Promise<Checked> {
    const file = await openImportFile(source);
    const problems: ImportProblem[] = [...file.headerProblems];
    const seen = new Map<string, number>();
    const alreadyImported: Checked['alreadyImported'] = [];
    const skip = new Set<string>();
    let rowsRead = 0;
    let toImport = 0;
    let clocksOf: ((facts: CaseClockFacts) => CaseClock[]) | null = null;
    let pending: { line: number; ref: string }[] = [];
    // Rows already imported from this system are skipped; a reference used by another case is a problem.
    const lookUp = async () => {
      const refs = pending.map((p) => p.ref);
      const already = new Set<string>();
      const taken = new Set<string>();
      for (const r of await db
        .select({ ref: s.feedbackCases.legacyReference })
        .from(s.feedbackCases)
        .where(and(eq(s.feedbackCases.legacySystem, legacySystem), inArray(s.feedbackCases.legacyReference, refs))))
        already.add(r.ref!);
      for (const r of await db
        .select({ ref: s.feedbackCases.reference })
        .from(s.feedbackCases)
        .where(
          inArray(
            sql`lower(${s.feedbackCases.reference})`,
            refs.map((r) => r.toLowerCase()),
          ),
        ))
        taken.add(r.ref.toLowerCase());
      for (const p of pending) {
        if (already.has(p.ref)) {
          alreadyImported.push({ line: p.line, legacyReference: p.ref });
          skip.add(p.ref);
        } else if (taken.has(p.ref.toLowerCase()))
          problems.push({
            line: p.line,
            column: 'legacy_reference',
            value: p.ref,
            message: 'Another case in Heard already has this reference',
          });
        else toImport++;
      }
      pending = [];
    };
    for await (const { line, raw } of file.rows) {
      rowsRead++;
      const { draft, problems: rowProblems } = readRow(line, raw, look);
      problems.push(...rowProblems);
      const ref = (raw.legacy_reference ?? '').trim();
      const key = ref.toLowerCase(); // references are matched without regard to case
      if (ref && seen.has(key))
        problems.push({
          line,
          column: 'legacy_reference',
          value: ref,
          message: `The same reference is on line ${seen.get(key)}`,
        });
      else if (ref) seen.set(key, line);
      if (!draft) continue;
      // Extensions and pauses must count as they would if recorded in Heard: one the clock engine would
      // set aside (an extension beyond the rules, a pause of a clock that does not pause) is a problem.
      if (draft.stages.some((st) => st.clockEvents.length)) {
        clocksOf ??= await deps.timescales.clocksOfNewCases();
        problems.push(...clockEventProblems(draft, clocksOf));
      }
      pending.push({ line, ref: draft.legacyReference });
      if (pending.length >= LOOKUP_BATCH) await lookUp();
    }
    if (pending.length) await lookUp();
    problems.sort((a, b) => a.line - b.line);
    return { rowsRead, problems, alreadyImported, skip, toImport, sha256: file.sha256() };
  }

  /**
   * The write: the file read again, each row read as the check read it, and
   * written a batch at a time in one transaction, so a failure part way
   * (or a file changed since its check) leaves nothing written.
   */
  async function write(
    actor: Actor,
    source: ImportSource,
    legacySystem: string,
    look: ImportLookups,
    checked: Checked,
  ): Promise<string> {
    const policies = await deps.timescales.all();
    const now = clock.now();
    const batchId = randomUUID();
    const changed = () =>
      new DomainError(
        'IMPORT.FILE_CHANGED',
        `${source.fileName} changed while it was being imported: nothing has been imported; check it again`,
        'file',
      );
    await db.transaction(async (tx) => {
      await tx.insert(s.importBatches).values({
        id: batchId,
        fileName: source.fileName,
        fileSha256: checked.sha256,
        legacySystem,
        rowsRead: checked.rowsRead,
        casesImported: checked.toImport,
        rowsSkipped: checked.alreadyImported.length,
        importedBy: actor.userId,
        importedAt: now,
      });
      const writer = importWriter(tx, { actor, legacySystem, fileName: source.fileName, batchId, now, policies });
      const file = await openImportFile(source);
      let batch: ImportedCase[] = [];
      let written = 0;
      for await (const { line, raw } of file.rows) {
        const { draft } = readRow(line, raw, look);
        if (!draft) throw changed();
        if (checked.skip.has(draft.legacyReference)) continue;
        batch.push(draft);
        if (batch.length >= WRITE_BATCH) {
          await writer.write(batch);
          written += batch.length;
          batch = [];
        }
      }
      await writer.write(batch);
      written += batch.length;
      if (file.sha256() !== checked.sha256 || written !== checked.toImport) throw changed();
    });
    await prepareAfterBulkLoad(db);
    return batchId;
  }

  return {
    /**
     * Checks a file (a dry run) or checks and imports it. A CSV is read as a
     * stream twice, never whole: once to check every row, then, only when the
     * whole file is good, again to write it.
     */
    async run(
      actor: Actor,
      input: ImportSource & { legacySystem: string; mapping?: ImportMapping; dryRun: boolean },
    ): Promise<ImportReport> {
      const legacySystem = input.legacySystem.trim();
      if (!legacySystem)
        throw new DomainError('IMPORT.NO_SYSTEM', 'Name the system the cases come from', 'legacySystem');
      const mapping = ImportMapping.safeParse(input.mapping ?? {});
      if (!mapping.success)
        throw new DomainError(
          'IMPORT.BAD_MAPPING',
          `The mapping file is not in the form Heard reads: each field maps old labels to Heard's words as text, like { "team": { "Old name": "New name" } } (${mapping.error.issues[0]!.path.join(' → ')})`,
          'mapping',
        );
      const source: ImportSource =
        'content' in input
          ? { fileName: input.fileName, content: input.content }
          : { fileName: input.fileName, path: input.path };
      const look = await lookups(mapping.data);
      const checked = await check(source, legacySystem, look);
      const report: ImportReport = {
        fileName: input.fileName,
        legacySystem,
        dryRun: input.dryRun,
        rowsRead: checked.rowsRead,
        toImport: checked.problems.length ? 0 : checked.toImport,
        alreadyImported: checked.alreadyImported,
        problems: checked.problems,
        mappingSkeleton: mappingSkeleton(checked.problems),
        imported: 0,
        batchId: null,
      };
      if (input.dryRun || checked.problems.length || checked.toImport === 0) return report;
      report.batchId = await write(actor, source, legacySystem, look, checked);
      report.imported = checked.toImport;
      return report;
    },
  };
}
export type LegacyImportService = ReturnType<typeof legacyImportService>;

/** Rows whose references are looked up in Heard at once, while checking. */
const LOOKUP_BATCH = 2000;
/** Cases written at once: small enough to keep memory flat, large enough for few round trips. */
const WRITE_BATCH = 1000;

/** What the check keeps for the report and the write: little per row. */
interface Checked {
  rowsRead: number;
  problems: ImportProblem[];
  alreadyImported: { line: number; legacyReference: string }[];
  /** References already imported from this system: the write skips them. */
  skip: Set<string>;
  toImport: number;
  sha256: string;
}
