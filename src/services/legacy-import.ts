import { z } from 'zod';
import { prepareAfterBulkLoad } from '../reports/facts.ts';
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Clock } from '../domain/clock.ts';
import { londonDate } from '../domain/calendar/iso-date.ts';
import { COLUMN_BY_KEY, columnKey, IMPORT_COLUMNS } from '../domain/import/columns.ts';
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
import { policyInForce } from '../domain/timescales/policy-in-force.ts';
import type { CaseClock, CaseClockFacts } from '../domain/timescales/case-clocks.ts';
import { CLOCK_LABELS } from '../domain/timescales/clock-names.ts';
import type { Database } from '../db/database.ts';
import { insertChunked } from '../db/bulk-insert.ts';
import * as s from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { DomainError } from './errors.ts';
import type { TimescalesService } from './timescales.ts';

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

export const MAX_IMPORT_ROWS = 100_000;

/** Reads a CSV or XLSX file into rows keyed by the format's column names. Unknown columns are problems at line 1. */
export async function readImportFile(
  fileName: string,
  content: Buffer,
): Promise<{ rows: Record<string, string>[]; lines: number[]; problems: ImportProblem[] }> {
  const lower = fileName.toLowerCase();
  let table: string[][];
  /** Each table row's physical line in the file (a quoted value may span lines; empty lines are skipped). */
  let lineOf: number[];
  if (lower.endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(content as unknown as ArrayBuffer);
    } catch {
      throw new DomainError('IMPORT.BAD_FILE', `${fileName} is not a readable Excel (.xlsx) file`, 'file');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new DomainError('IMPORT.BAD_FILE', `${fileName} has no worksheet`, 'file');
    table = [];
    lineOf = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= sheet.columnCount; c++) cells.push(cellText(row.getCell(c).value));
      table.push(cells);
      lineOf.push(row.number);
    });
  } else if (lower.endsWith('.csv')) {
    try {
      const records = parseCsv(content, {
        bom: true,
        skip_empty_lines: true,
        relax_column_count: false,
        info: true,
      }) as unknown as { record: string[]; info: { lines: number } }[];
      table = records.map((r) => r.record);
      // The parser counts lines to a record's end: its first line is that less the line breaks inside its values.
      lineOf = records.map((r) => r.info.lines - r.record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0));
    } catch (err) {
      throw new DomainError(
        'IMPORT.BAD_FILE',
        `${fileName} could not be read as CSV: ${(err as Error).message}`,
        'file',
      );
    }
  } else {
    throw new DomainError('IMPORT.FILE_TYPE', 'Choose a .csv or .xlsx file', 'file');
  }
  const [header, ...body] = table;
  if (!header) throw new DomainError('IMPORT.EMPTY', `${fileName} is empty`, 'file');
  if (body.length > MAX_IMPORT_ROWS)
    throw new DomainError(
      'IMPORT.TOO_BIG',
      `${fileName} has ${body.length.toLocaleString('en-GB')} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} at a time`,
      'file',
    );
  const problems: ImportProblem[] = [];
  const names = header.map((h) => {
    const col = COLUMN_BY_KEY.get(columnKey(h));
    if (!col && h.trim())
      problems.push({
        line: 1,
        column: h,
        value: h,
        message: `Unknown column "${h}". See the import format for the column names.`,
      });
    return col?.name ?? null;
  });
  for (const c of IMPORT_COLUMNS.filter((c) => c.required))
    if (!names.includes(c.name))
      problems.push({
        line: 1,
        column: c.name,
        value: '',
        message: `The file has no "${c.name}" column, which is required`,
      });
  const rows = body.map(
    (cells) =>
      Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']).filter(([n]) => n)) as Record<string, string>,
  );
  return { rows, lines: lineOf.slice(1), problems };
}

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
      stages: d.stages,
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

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10); // exceljs gives Excel dates as UTC midnights
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
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

  return {
    async run(
      actor: Actor,
      input: { fileName: string; content: Buffer; legacySystem: string; mapping?: ImportMapping; dryRun: boolean },
    ): Promise<ImportReport> {
      const legacySystem = input.legacySystem.trim();
      if (!legacySystem)
        throw new DomainError('IMPORT.NO_SYSTEM', 'Name the system the cases come from', 'legacySystem');
      const { rows, lines, problems } = await readImportFile(input.fileName, input.content);
      const mapping = ImportMapping.safeParse(input.mapping ?? {});
      if (!mapping.success)
        throw new DomainError(
          'IMPORT.BAD_MAPPING',
          `The mapping file is not in the form Heard reads: each field maps old labels to Heard's words as text, like { "team": { "Old name": "New name" } } (${mapping.error.issues[0]!.path.join(' → ')})`,
          'mapping',
        );
      const look = await lookups(mapping.data);
      const drafts: ImportedCase[] = [];
      const seen = new Map<string, number>();
      rows.forEach((raw, i) => {
        const line = lines[i] ?? i + 2;
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
        if (draft) drafts.push(draft);
      });
      // Extensions and pauses must count as they would if recorded in Heard: one the clock engine would
      // set aside (an extension beyond the rules, a pause of a clock that does not pause) is a problem.
      if (drafts.some((d) => d.stages.some((st) => st.clockEvents.length))) {
        const clocksOf = await deps.timescales.clocksOfNewCases();
        for (const d of drafts) problems.push(...clockEventProblems(d, clocksOf));
      }
      // Rows already imported from this system are skipped; a reference used by another case is a problem.
      const refs = drafts.map((d) => d.legacyReference);
      const already = new Set<string>();
      const taken = new Set<string>();
      for (let i = 0; i < refs.length; i += 5000) {
        const chunk = refs.slice(i, i + 5000);
        for (const r of await db
          .select({ ref: s.feedbackCases.legacyReference })
          .from(s.feedbackCases)
          .where(and(eq(s.feedbackCases.legacySystem, legacySystem), inArray(s.feedbackCases.legacyReference, chunk))))
          already.add(r.ref!);
        const lowered = chunk.map((r) => r.toLowerCase());
        for (const r of await db
          .select({ ref: s.feedbackCases.reference })
          .from(s.feedbackCases)
          .where(inArray(sql`lower(${s.feedbackCases.reference})`, lowered)))
          taken.add(r.ref.toLowerCase());
      }
      const alreadyImported = drafts
        .filter((d) => already.has(d.legacyReference))
        .map((d) => ({ line: d.line, legacyReference: d.legacyReference }));
      for (const d of drafts)
        if (!already.has(d.legacyReference) && taken.has(d.legacyReference.toLowerCase()))
          problems.push({
            line: d.line,
            column: 'legacy_reference',
            value: d.legacyReference,
            message: 'Another case in Heard already has this reference',
          });
      problems.sort((a, b) => a.line - b.line);
      const fresh = drafts.filter(
        (d) => !already.has(d.legacyReference) && !taken.has(d.legacyReference.toLowerCase()),
      );
      const report: ImportReport = {
        fileName: input.fileName,
        legacySystem,
        dryRun: input.dryRun,
        rowsRead: rows.length,
        toImport: problems.length ? 0 : fresh.length,
        alreadyImported,
        problems,
        mappingSkeleton: mappingSkeleton(problems),
        imported: 0,
        batchId: null,
      };
      if (input.dryRun || problems.length || fresh.length === 0) return report;
      report.batchId = await write(actor, input, legacySystem, fresh, rows.length, alreadyImported.length);
      report.imported = fresh.length;
      return report;
    },
  };

  async function write(
    actor: Actor,
    input: { fileName: string; content: Buffer },
    legacySystem: string,
    cases: ImportedCase[],
    rowsRead: number,
    skipped: number,
  ): Promise<string> {
    const policies = await deps.timescales.all();
    const now = clock.now();
    const batchId = randomUUID();
    const people = new Map<
      string,
      {
        id: string;
        givenName: string;
        familyName: string;
        email: string | null;
        phone: string | null;
        postcode: string | null;
        dateOfBirth?: string | null;
        ethnicityId?: string | null;
      }
    >();
    // Complainants already known to Heard by email are linked, so repeat complainants span both systems.
    const emails = [...new Set(cases.map((c) => c.complainant?.email?.toLowerCase()).filter((e): e is string => !!e))];
    const known = new Map<string, string>();
    for (let i = 0; i < emails.length; i += 5000) {
      for (const p of await db
        .select({ id: s.people.id, email: s.people.email })
        .from(s.people)
        .where(inArray(sql`lower(${s.people.email})`, emails.slice(i, i + 5000))))
        known.set(p.email!.toLowerCase(), p.id);
    }
    const split = (name: string) => {
      const parts = name.trim().split(/\s+/);
      return {
        givenName: parts.length > 1 ? parts.slice(0, -1).join(' ') : (parts[0] ?? ''),
        familyName: parts.length > 1 ? parts[parts.length - 1]! : '',
      };
    };
    const rows = {
      cases: [] as Record<string, unknown>[],
      typeChanges: [] as Record<string, unknown>[],
      procedureChanges: [] as Record<string, unknown>[],
      themes: [] as Record<string, unknown>[],
      parties: [] as Record<string, unknown>[],
      stages: [] as Record<string, unknown>[],
      investigations: [] as Record<string, unknown>[],
      remedies: [] as Record<string, unknown>[],
      clockEvents: [] as Record<string, unknown>[],
      compliments: [] as Record<string, unknown>[],
      stagePeople: [] as Record<string, unknown>[],
      learning: [] as Record<string, unknown>[],
      audit: [] as Record<string, unknown>[],
    };
    const newPeople: Record<string, unknown>[] = [];
    const personFor = (key: string, make: () => Record<string, unknown> & { id: string }) => {
      const existing = people.get(key);
      if (existing) return existing.id;
      const p = make();
      people.set(key, p as never);
      newPeople.push(p);
      return p.id;
    };
    for (const c of cases) {
      const id = randomUUID();
      const status = c.closedOn ? 'closed' : 'open';
      rows.cases.push({
        id,
        reference: c.legacyReference,
        type: c.type,
        status,
        procedure: c.procedure,
        timescalePolicyId: c.procedure ? (policyInForce(policies, c.procedure, c.receivedOn)?.id ?? null) : null,
        channelId: c.channelId,
        receivedOn: c.receivedOn,
        eventsOn: c.eventsOn,
        acknowledgedOn: c.acknowledgedOn,
        advocacyOfferedOn: c.advocacyOfferedOn,
        advocacyResponse: c.advocacyResponse,
        subject: c.subject || `Imported from ${legacySystem}`,
        description: c.description,
        mainCategoryId: c.categoryId,
        teamId: c.teamId,
        outcome: c.outcome,
        closedOn: c.closedOn,
        migrated: true,
        legacyReference: c.legacyReference,
        legacySystem,
        importBatchId: batchId,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      });
      rows.typeChanges.push({
        caseId: id,
        fromType: null,
        toType: c.type,
        reason: `Imported from ${legacySystem}`,
        changedBy: actor.userId,
        changedAt: now,
      });
      if (c.procedure)
        rows.procedureChanges.push({
          caseId: id,
          fromProcedure: null,
          toProcedure: c.procedure,
          reason: `Imported from ${legacySystem}`,
          changedBy: actor.userId,
          changedAt: now,
        });
      for (const themeId of c.themeIds) rows.themes.push({ caseId: id, themeId });
      if (c.complainant) {
        const email = c.complainant.email?.toLowerCase() ?? null;
        const key = email ?? `${labelKey(c.complainant.name)}|${labelKey(c.complainant.postcode ?? '')}|${c.line}`;
        const personId =
          email && known.get(email)
            ? known.get(email)!
            : personFor(`c:${key}`, () => ({
                id: randomUUID(),
                ...split(c.complainant!.name),
                email: c.complainant!.email,
                phone: c.complainant!.phone,
                postcode: c.complainant!.postcode,
                createdBy: actor.userId,
                createdAt: now,
                updatedAt: now,
              }));
        rows.parties.push({ caseId: id, personId, role: 'complainant', relationshipId: c.complainant.relationshipId });
      }
      if (c.child) {
        // Children are one person across rows by name and date of birth; a child with no name is this row's own.
        const childKey = c.child.name ? `${labelKey(c.child.name)}|${c.child.dateOfBirth ?? c.line}` : `|${c.line}`;
        const childId = personFor(`k:${childKey}`, () => ({
          id: randomUUID(),
          ...split(c.child!.name),
          dateOfBirth: c.child!.dateOfBirth,
          ethnicityId: c.child!.ethnicityId,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        }));
        rows.parties.push({
          caseId: id,
          personId: childId,
          role: 'child',
          serviceUserGroupId: c.child.groupId,
          lookedAfter: c.child.lookedAfter,
        });
      }
      for (const st of c.stages) {
        const stageId = randomUUID();
        rows.stages.push({
          id: stageId,
          caseId: id,
          kind: st.kind,
          procedure: c.procedure,
          requestedOn: st.requestedOn,
          startedOn: st.startedOn,
          statementAgreedOn: st.statementAgreedOn,
          panelHeldOn: st.panelHeldOn,
          chairReportReceivedOn: st.chairReportReceivedOn,
          authorityRespondedOn: st.authorityRespondedOn,
          respondedOn: st.respondedOn,
          closedOn: st.respondedOn,
          outcome: st.outcome,
          outcomeOverrideReason: st.outcomeOverrideReason,
          reportsReceivedOn: st.reportsReceivedOn,
          adjudicatedOn: st.adjudicatedOn,
          ...st.costs,
          lgscoReference: st.lgscoReference,
          lgscoEnquiryReceivedOn: st.kind === 'lgsco' ? st.requestedOn : null,
          lgscoDecision: st.lgscoDecision,
          lgscoEnquiryRespondedOn: st.lgscoEnquiryRespondedOn,
          lgscoFaultFound: st.lgscoFaultFound,
          lgscoInjusticeFound: st.lgscoInjusticeFound,
          lgscoDecisionOn: st.kind === 'lgsco' ? st.respondedOn : null,
          createdAt: now,
          updatedAt: now,
        });
        for (const p of st.people) rows.stagePeople.push({ stageId, role: p.role, name: p.name });
        // Extensions and pauses go on the stage's response clock, as the casework records them.
        for (const e of st.clockEvents)
          rows.clockEvents.push({
            caseId: id,
            stageId,
            clock: definitionOfStage(c.procedure, st.kind).responseClock,
            kind: e.kind,
            occurredOn: e.on,
            extensionDays: e.days,
            extendedTo: e.to,
            reason: e.reason ?? `Imported from ${legacySystem}`,
            complainantAgreed: e.complainantAgreed,
            agreedOn: e.agreedOn,
            recordedBy: actor.userId,
            recordedAt: now,
          });
        // A withdrawn stage was not investigated to an answer: it has no investigation, as in casework.
        if (
          c.teamId &&
          c.unitKind === 'team' &&
          st.kind !== 'lgsco' &&
          st.outcome !== 'withdrawn' &&
          (st.outcome || st.respondedOn)
        )
          rows.investigations.push({
            stageId,
            teamId: c.teamId,
            startedOn: st.startedOn,
            respondedOn: st.respondedOn,
            outcome: st.outcome,
            createdAt: now,
          });
        for (const r of c.remedies)
          if (r.stage === st.kind)
            rows.remedies.push({
              stageId,
              remedyTypeId: r.typeId,
              amountPence: r.amountPence,
              completedOn: r.paidOn ?? st.respondedOn,
              createdAt: now,
            });
      }
      // A compliment's own record, as the casework keeps it: the team praised, who sent it, its theme.
      if (c.compliment)
        rows.compliments.push({
          caseId: id,
          teamId: c.teamId,
          originId: c.compliment.originId,
          themeId: c.compliment.themeId,
          staffName: c.compliment.staffName,
        });
      for (const l of c.learning)
        rows.learning.push({
          caseId: id,
          learningTypeId: l.typeId,
          text: l.text,
          recordedOn: c.closedOn ?? c.receivedOn,
          createdBy: actor.userId,
        });
      rows.audit.push({
        occurredAt: now,
        actorId: actor.userId,
        actorLabel: actor.label,
        action: 'case.import',
        entity: 'feedback_case',
        entityId: id,
        caseId: id,
        before: null,
        after: { reference: c.legacyReference, legacySystem, fileName: input.fileName, line: c.line, batchId },
      });
    }
    await db.transaction(async (tx) => {
      await tx.insert(s.importBatches).values({
        id: batchId,
        fileName: input.fileName,
        fileSha256: createHash('sha256').update(input.content).digest('hex'),
        legacySystem,
        rowsRead,
        casesImported: cases.length,
        rowsSkipped: skipped,
        importedBy: actor.userId,
        importedAt: now,
      });
      await insertChunked(tx, s.people, newPeople, 1000);
      await insertChunked(tx, s.feedbackCases, rows.cases, 1000);
      await insertChunked(tx, s.caseTypeChanges, rows.typeChanges, 1000);
      await insertChunked(tx, s.caseProcedureChanges, rows.procedureChanges, 1000);
      await insertChunked(tx, s.caseThemes, rows.themes, 1000);
      await insertChunked(tx, s.caseParties, rows.parties, 1000);
      await insertChunked(tx, s.stages, rows.stages, 1000);
      await insertChunked(tx, s.stagePeople, rows.stagePeople, 1000);
      await insertChunked(tx, s.investigations, rows.investigations, 1000);
      await insertChunked(tx, s.remedies, rows.remedies, 1000);
      await insertChunked(tx, s.clockEvents, rows.clockEvents, 1000);
      await insertChunked(tx, s.compliments, rows.compliments, 1000);
      await insertChunked(tx, s.learningPoints, rows.learning, 1000);
      await insertChunked(tx, s.auditEvents, rows.audit, 1000);
    });
    await prepareAfterBulkLoad(db);
    return batchId;
  }
}
export type LegacyImportService = ReturnType<typeof legacyImportService>;
