/**
 * The set-up as CSV files, one per list, for councils whose lists live in
 * spreadsheets: organisation.csv (a unit a row, by its path "Directorate >
 * Service > Team") and one file per reference data list, named by its kind
 * (theme.csv, remedy_type.csv, ...). The files are read into the same set-up
 * as the YAML file (format.ts), so they are planned, checked and loaded by
 * the same rules; problems name the file and its line. See docs/setup-format.md.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { codeFromLabel, REFERENCE_KINDS, type ReferenceKind } from '../reference-data/kinds.ts';
import {
  describePath,
  issueMessage,
  SetupFile,
  type ParsedSetup,
  type SetupPath,
  type SetupProblem,
} from './format.ts';
import type { CurrentSetup } from './plan.ts';

export const ORGANISATION_CSV = 'organisation.csv';
export const ORGANISATION_COLUMNS = ['path', 'opened', 'closed', 'default_procedure'] as const;
export const LIST_COLUMNS = ['label', 'code', 'financial', 'child', 'retired'] as const;

export interface SetupCsvFile {
  fileName: string;
  text: string;
}

interface UnitEntry {
  name: string;
  opened?: string;
  closed?: string;
  defaultProcedure?: string;
  /** The file has a row for it (not only a row for a unit under it). */
  ownRow?: boolean;
}
type TeamEntry = UnitEntry;
type ServiceEntry = UnitEntry & { teams: TeamEntry[] };
type DirectorateEntry = Omit<UnitEntry, 'name'> & { directorate: string; services: ServiceEntry[] };

const baseName = (fileName: string) =>
  fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.csv$/i, '')
    .toLowerCase();
const same = (a: string, b: string) => a.trim().toLocaleLowerCase('en-GB') === b.trim().toLocaleLowerCase('en-GB');

/**
 * Reads the CSV files into one set-up: organisation.csv, and a file per list
 * named by its kind. All of them are checked together and loaded together.
 */
export function parseSetupCsv(files: readonly SetupCsvFile[]): ParsedSetup {
  const problems: SetupProblem[] = [];
  /** Where each part of the set-up came from: its file and line, by path. */
  const origin = new Map<string, { fileName: string; line: number }>();
  const at = (path: SetupPath, fileName: string, line: number) => {
    if (!origin.has(JSON.stringify(path))) origin.set(JSON.stringify(path), { fileName, line });
  };
  const fileProblem = (fileName: string, line: number | undefined, message: string) =>
    problems.push({ path: [], where: fileName, ...(line ? { line } : {}), message });
  const organisation: DirectorateEntry[] = [];
  const referenceData: Record<string, unknown[]> = {};

  for (const { fileName, text } of files) {
    const kind = baseName(fileName);
    const isOrganisation = kind === 'organisation';
    if (!isOrganisation && !REFERENCE_KINDS.includes(kind as ReferenceKind)) {
      fileProblem(
        fileName,
        undefined,
        `Name the file after what it holds: ${ORGANISATION_CSV}, or a list's kind (${REFERENCE_KINDS.map((k) => `${k}.csv`).join(', ')})`,
      );
      continue;
    }
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parse(text.replace(/^\uFEFF/, ''), {
        skip_empty_lines: true,
        relax_column_count: false,
        info: true,
      }) as unknown as typeof records;
    } catch (err) {
      fileProblem(fileName, undefined, `This is not readable CSV: ${(err as Error).message}`);
      continue;
    }
    const [header, ...body] = records;
    if (!header) {
      fileProblem(fileName, undefined, 'The file is empty: give the column names on the first line');
      continue;
    }
    const columns = header.record.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
    const expected: readonly string[] = isOrganisation ? ORGANISATION_COLUMNS : LIST_COLUMNS;
    const unknown = columns.filter((c) => c && !expected.includes(c));
    if (unknown.length) fileProblem(fileName, 1, `Unknown columns ${unknown.join(', ')}: use ${expected.join(', ')}`);
    const required = isOrganisation ? 'path' : 'label';
    if (!columns.includes(required)) {
      fileProblem(fileName, 1, `The file has no "${required}" column, which is required`);
      continue;
    }
    const rows = body.map((r) => ({
      // The record's first line: its last less the line breaks inside its values.
      line: r.info.lines - r.record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0),
      get: (col: string) => (r.record[columns.indexOf(col)] ?? '').trim(),
    }));
    if (isOrganisation) readOrganisation(fileName, rows);
    else readList(fileName, kind, rows);
  }

  function readOrganisation(fileName: string, rows: { line: number; get: (col: string) => string }[]) {
    for (const { line, get } of rows) {
      const names = get('path')
        .split('>')
        .map((n) => n.trim());
      if (!get('path') || names.some((n) => !n) || names.length > 3) {
        fileProblem(
          fileName,
          line,
          'Give the unit’s path: its directorate, service and team names separated by ">", like "Children\'s Services > Early Help > Youth Justice"',
        );
        continue;
      }
      const fields = {
        ...(get('opened') ? { opened: get('opened') } : {}),
        ...(get('closed') ? { closed: get('closed') } : {}),
        ...(get('default_procedure') ? { defaultProcedure: get('default_procedure') } : {}),
      };
      // Each name on the path is found or made (a unit's parents need no row of their own when Heard has them).
      let di = organisation.findIndex((d) => same(d.directorate, names[0]!));
      if (di < 0) di = organisation.push({ directorate: names[0]!, services: [] }) - 1;
      let path: SetupPath = ['organisation', di];
      let entry: UnitEntry | DirectorateEntry = organisation[di]!;
      at(path, fileName, line);
      if (names.length > 1) {
        const services = organisation[di]!.services;
        let si = services.findIndex((s) => same(s.name, names[1]!));
        if (si < 0) si = services.push({ name: names[1]!, teams: [] }) - 1;
        path = [...path, 'services', si];
        entry = services[si]!;
        at(path, fileName, line);
        if (names.length > 2) {
          const teams = services[si]!.teams;
          let ti = teams.findIndex((t) => same(t.name, names[2]!));
          if (ti < 0) ti = teams.push({ name: names[2]! }) - 1;
          path = [...path, 'teams', ti];
          entry = teams[ti]!;
          at(path, fileName, line);
        }
      }
      if (entry.ownRow) {
        fileProblem(fileName, line, `"${names.join(' > ')}" is on line ${origin.get(JSON.stringify(path))?.line} too`);
        continue;
      }
      // The unit's own row is where its problems are.
      origin.set(JSON.stringify(path), { fileName, line });
      Object.assign(entry, fields, { ownRow: true });
    }
  }

  function readList(fileName: string, kind: string, rows: { line: number; get: (col: string) => string }[]) {
    const list = (referenceData[kind] ??= []);
    for (const { line, get } of rows) {
      const flags: Record<string, boolean> = {};
      for (const col of ['financial', 'child', 'retired'] as const) {
        const v = get(col).toLowerCase();
        if (!v) continue;
        if (['yes', 'y', 'true'].includes(v)) flags[col] = true;
        else if (['no', 'n', 'false'].includes(v)) flags[col] = false;
        else fileProblem(fileName, line, `${col} is "${get(col)}": write yes or no (or leave it empty)`);
      }
      at(['referenceData', kind, list.length], fileName, line);
      list.push({ label: get('label'), ...(get('code') ? { code: get('code') } : {}), ...flags });
    }
    at(['referenceData', kind], fileName, rows[0]?.line ?? 1);
  }

  const raw = {
    organisation: organisation.map(({ ownRow: _d, services, ...d }) => ({
      ...d,
      ...(services.length
        ? {
            services: services.map(({ ownRow: _s, teams, ...s }) => ({
              ...s,
              ...(teams.length ? { teams: teams.map(({ ownRow: _t, ...t }) => t) } : {}),
            })),
          }
        : {}),
    })),
    referenceData,
  };
  const originOf = (path: SetupPath) => {
    for (let n = path.length; n >= 0; n--) {
      const o = origin.get(JSON.stringify(path.slice(0, n)));
      if (o) return o;
    }
    return undefined;
  };
  const lineOf = (path: SetupPath) => originOf(path)?.line;
  // A problem's place names its file, as the line alone would not say which.
  const whereOf = (path: SetupPath) => {
    const o = originOf(path);
    return `${o ? `${o.fileName}: ` : ''}${describePath(path, raw)}`;
  };
  if (problems.length) return { file: null, raw, problems, lineOf, whereOf };
  const parsed = SetupFile.safeParse(raw);
  if (parsed.success) return { file: parsed.data, raw, problems: [], lineOf, whereOf };
  return {
    file: null,
    raw,
    lineOf,
    whereOf,
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      return { path, where: whereOf(path), line: lineOf(path), message: issueMessage(issue, path, raw) };
    }),
  };
}

/** The current set-up as CSV files, one per list (only lists that have items), in the format parseSetupCsv reads. */
export function setupCsvFiles(current: CurrentSetup): SetupCsvFile[] {
  const byId = new Map(current.units.map((u) => [u.id, u]));
  const pathOf = (u: CurrentSetup['units'][number]): string[] => {
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    return parent ? [...pathOf(parent), u.name] : [u.name];
  };
  const units = current.units
    .map((u) => ({ u, path: pathOf(u) }))
    .sort((a, b) => a.path.join('\u0000').localeCompare(b.path.join('\u0000'), 'en-GB'));
  const yesNo = (b: boolean) => (b ? 'yes' : '');
  const files: SetupCsvFile[] = [
    {
      fileName: ORGANISATION_CSV,
      text: stringify([
        [...ORGANISATION_COLUMNS],
        ...units.map(({ u, path }) => [path.join(' > '), u.openedOn, u.closedOn ?? '', u.defaultProcedure ?? '']),
      ]),
    },
  ];
  for (const kind of REFERENCE_KINDS) {
    const items = current.items.filter((i) => i.kind === kind);
    if (!items.length) continue;
    files.push({
      fileName: `${kind}.csv`,
      text: stringify([
        [...LIST_COLUMNS],
        ...items.map((i) => [
          i.label,
          i.code !== codeFromLabel(i.label) ? i.code : '',
          yesNo(i.financial),
          yesNo(i.isChild),
          yesNo(!i.active),
        ]),
      ]),
    });
  }
  return files;
}
