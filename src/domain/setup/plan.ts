/**
 * What loading a set-up file would add to a Heard: the plan. Units are
 * matched to the organisation by their name path (Directorate > Service >
 * Team, ignoring case), items to a list by their code or label, so what is
 * there already is left alone and loading the same file twice adds nothing.
 * Only additions: a file never renames, moves, closes or retires what exists.
 */
import { isIsoDate } from '../calendar/iso-date.ts';
import type { OrgUnitKind } from '../organisation/org-units.ts';
import { codeFromLabel, REFERENCE_CODE_PATTERN, REFERENCE_KINDS, type ReferenceKind } from '../reference-data/kinds.ts';
import {
  describePath,
  parseSetupYaml,
  type ParsedSetup,
  type SetupFile,
  type SetupItem,
  type SetupPath,
  type SetupProblem,
  type SetupTeam,
} from './format.ts';

/** A Heard's set-up as it is: every unit (with its current name) and every reference item. */
export interface CurrentSetup {
  units: {
    id: string;
    kind: OrgUnitKind;
    parentId: string | null;
    name: string;
    openedOn: string;
    closedOn: string | null;
    defaultProcedure: string | null;
  }[];
  items: {
    kind: ReferenceKind;
    code: string;
    label: string;
    financial: boolean;
    isChild: boolean;
    active: boolean;
  }[];
}

export interface PlannedUnit {
  kind: OrgUnitKind;
  /** Its name path, itself last: the parent is the path without the last name. */
  path: string[];
  name: string;
  openedOn: string;
  closedOn: string | null;
  defaultProcedure: string | null;
}

export interface PlannedItem {
  kind: ReferenceKind;
  label: string;
  code: string;
  financial: boolean;
  child: boolean;
  retired: boolean;
}

export interface SetupPlan {
  /** In the order they must be added: each unit after the one it sits under. */
  units: PlannedUnit[];
  items: PlannedItem[];
  /** Units and items the file names that Heard has already. */
  alreadyThere: { units: number; items: number };
  problems: SetupProblem[];
}

export interface PlanOptions {
  /** Today (ISO): units open on or before it. */
  today: string;
  /** The procedures a unit may default to. */
  procedureKeys: readonly string[];
}

const key = (s: string) => s.trim().toLocaleLowerCase('en-GB');
const pathKey = (path: readonly string[]) => path.map(key).join('\u0000');

export function planSetup(current: CurrentSetup, file: SetupFile, opts: PlanOptions, raw: unknown = file): SetupPlan {
  const problems: SetupProblem[] = [];
  const problem = (path: SetupPath, message: string) =>
    problems.push({ path, where: describePath(path, raw), message });

  // ---- Organisation
  const byId = new Map(current.units.map((u) => [u.id, u]));
  const existingPath = (u: CurrentSetup['units'][number]): string[] => {
    const names = [u.name];
    const seen = new Set([u.id]);
    for (
      let p = u.parentId ? byId.get(u.parentId) : undefined;
      p && !seen.has(p.id);
      p = p.parentId ? byId.get(p.parentId) : undefined
    ) {
      seen.add(p.id);
      names.unshift(p.name);
    }
    return names;
  };
  const existing = new Map(current.units.map((u) => [pathKey(existingPath(u)), u]));
  const units: PlannedUnit[] = [];
  const inFile = new Set<string>();
  const alreadyThere = { units: 0, items: 0 };

  const visit = (
    kind: OrgUnitKind,
    fields: { name: string; opened?: string; closed?: string; defaultProcedure?: string },
    parentPath: string[],
    parentOpened: string | null,
    where: SetupPath,
  ): { path: string[]; opened: string | null } | null => {
    const path = [...parentPath, fields.name];
    const k = pathKey(path);
    if (inFile.has(k)) {
      problem(
        where,
        `"${fields.name}" is named twice ${parentPath.length ? `under ${parentPath.join(' > ')}` : 'as a directorate'}: give each ${kind} once`,
      );
      return null;
    }
    inFile.add(k);
    const have = existing.get(k);
    const opened = fields.opened ?? (have ? have.openedOn : parentOpened);
    let ok = true;
    if (fields.opened !== undefined && !isIsoDate(fields.opened)) {
      problem(
        [...where, 'opened'],
        `"${fields.opened}" is not a real date: give it as YYYY-MM-DD, for example 2015-04-01`,
      );
      ok = false;
    } else if (opened === null) {
      problem(where, `Give the date the ${kind} opened ("opened: 2015-04-01")`);
      ok = false;
    } else if (!have && opened > opts.today) {
      problem([...where, 'opened'], `It opens in the future (${opened}): give the date it opened, on or before today`);
      ok = false;
    } else if (!have && parentOpened && isIsoDate(parentOpened) && opened < parentOpened) {
      problem([...where, 'opened'], `It cannot open (${opened}) before the unit it sits under (${parentOpened})`);
      ok = false;
    }
    if (fields.closed !== undefined) {
      if (!isIsoDate(fields.closed))
        problem([...where, 'closed'], `"${fields.closed}" is not a real date: give it as YYYY-MM-DD`);
      else if (opened && isIsoDate(opened) && fields.closed < opened)
        problem([...where, 'closed'], `It cannot close (${fields.closed}) before it opened (${opened})`);
    }
    if (fields.defaultProcedure !== undefined && !opts.procedureKeys.includes(fields.defaultProcedure))
      problem(
        [...where, 'defaultProcedure'],
        `"${fields.defaultProcedure}" is not a procedure: use one of ${opts.procedureKeys.join(', ')}`,
      );
    if (have) {
      if (have.kind !== kind) problem(where, `"${path.join(' > ')}" is already a ${have.kind} in Heard, not a ${kind}`);
      else alreadyThere.units++;
      return { path, opened: have.openedOn };
    }
    if (ok)
      units.push({
        kind,
        path,
        name: fields.name,
        openedOn: opened!,
        closedOn: fields.closed ?? null,
        defaultProcedure: fields.defaultProcedure ?? null,
      });
    return { path, opened: isIsoDate(opened) ? opened : null };
  };

  const teamFields = (t: SetupTeam) => (typeof t === 'string' ? { name: t } : t);
  file.organisation.forEach((d, di) => {
    const dWhere: SetupPath = ['organisation', di];
    const dir = visit('directorate', { ...d, name: d.directorate }, [], null, dWhere);
    (d.teams ?? []).forEach((_t, ti) =>
      problem(
        [...dWhere, 'teams', ti],
        'A team must sit under a service: move it into one of the services\' "teams:" lists',
      ),
    );
    if (!dir) return;
    (d.services ?? []).forEach((s, si) => {
      const sWhere: SetupPath = [...dWhere, 'services', si];
      const svc = visit('service', s, dir.path, dir.opened, sWhere);
      if (!svc) return;
      (s.teams ?? []).forEach((t, ti) => visit('team', teamFields(t), svc.path, svc.opened, [...sWhere, 'teams', ti]));
    });
  });
  // The file lists each unit under its parent, so parents come first; check anyway, by depth.
  units.sort((a, b) => a.path.length - b.path.length);

  // ---- Reference data
  const items: PlannedItem[] = [];
  for (const [kindName, list] of Object.entries(file.referenceData)) {
    if (!(REFERENCE_KINDS as readonly string[]).includes(kindName)) {
      problem(
        ['referenceData', kindName],
        `"${kindName}" is not a list Heard has: use one of ${REFERENCE_KINDS.join(', ')}`,
      );
      continue;
    }
    const kind = kindName as ReferenceKind;
    const have = current.items.filter((i) => i.kind === kind);
    const haveByCode = new Map(have.map((i) => [i.code, i]));
    const haveByLabel = new Map(have.map((i) => [key(i.label), i]));
    const seenLabels = new Map<string, number>();
    const seenCodes = new Map<string, number>();
    (list ?? []).forEach((item: SetupItem, ii) => {
      const where: SetupPath = ['referenceData', kind, ii];
      const fields = typeof item === 'string' ? { label: item } : item;
      const label = fields.label;
      const givenCode = 'code' in fields && fields.code ? fields.code.toUpperCase() : undefined;
      const code = givenCode ?? codeFromLabel(label);
      if (label.length > 200) return problem(where, 'The label must be 200 characters or fewer');
      if (!REFERENCE_CODE_PATTERN.test(code))
        return problem(
          givenCode ? [...where, 'code'] : where,
          `The code "${code}" must be capital letters, numbers and underscores, up to 40 characters${givenCode ? '' : ': give one with "code:"'}`,
        );
      const f = fields as Exclude<SetupItem, string>;
      if (f.financial !== undefined && kind !== 'remedy_type')
        problem([...where, 'financial'], 'Only remedy types can be financial');
      if (f.child !== undefined && kind !== 'complainant_relationship')
        problem([...where, 'child'], 'Only complainant relationships can say the complainant is the child');
      const sameLabel = seenLabels.get(key(label));
      if (sameLabel !== undefined)
        return problem(where, `"${label}" is listed twice in ${kind} (also item ${sameLabel + 1}): give it once`);
      seenLabels.set(key(label), ii);
      const sameCode = seenCodes.get(code);
      if (sameCode !== undefined)
        return problem(
          where,
          `The code ${code} is used twice in ${kind} (also by item ${sameCode + 1}): give each item its own code`,
        );
      seenCodes.set(code, ii);
      const byCode = haveByCode.get(code);
      const byLabel = haveByLabel.get(key(label));
      if (byCode && key(byCode.label) === key(label)) return void alreadyThere.items++;
      if (byLabel && !givenCode) return void alreadyThere.items++;
      if (byLabel && givenCode && byLabel.code !== code)
        return problem(
          [...where, 'code'],
          `"${label}" is already in Heard with the code ${byLabel.code}, not ${code}: use that code or leave it out`,
        );
      if (byCode)
        return problem(
          givenCode ? [...where, 'code'] : where,
          `The code ${code} is already used by "${byCode.label}"${givenCode ? '' : ': give this item its own code with "code:"'}`,
        );
      items.push({
        kind,
        label,
        code,
        financial: f.financial ?? false,
        child: f.child ?? false,
        retired: f.retired ?? false,
      });
    });
  }
  return { units, items, alreadyThere, problems };
}

export interface SetupCheck {
  plan: SetupPlan;
  /** Every problem (the file's shape's, then the plan's), each with its line where known. */
  problems: SetupProblem[];
}

/** Reads the YAML text and plans it against the current set-up: what loading it would add, and every problem. */
export function checkSetup(text: string, current: CurrentSetup, opts: PlanOptions): SetupCheck {
  return checkParsedSetup(parseSetupYaml(text), current, opts);
}

/** Plans a set-up read from any of its formats (the YAML file, or the CSV files) against the current one. */
export function checkParsedSetup(parsed: ParsedSetup, current: CurrentSetup, opts: PlanOptions): SetupCheck {
  const empty: SetupPlan = { units: [], items: [], alreadyThere: { units: 0, items: 0 }, problems: [] };
  if (!parsed.file) return { plan: empty, problems: parsed.problems };
  const plan = planSetup(current, parsed.file, opts, parsed.raw);
  const problems = plan.problems.map((p) => ({
    ...p,
    where: parsed.whereOf?.(p.path) ?? p.where,
    line: parsed.lineOf(p.path),
  }));
  return { plan: { ...plan, problems }, problems };
}
