/**
 * The set-up file: a council's organisation (directorate > service > team)
 * and its reference data (themes, relationships, remedy types, ...) in one
 * YAML file, loaded in one go instead of through dozens of single-item forms.
 * See docs/setup-format.md. This module only reads the file's shape; what it
 * would add to a Heard, and its problems, is the plan's (plan.ts).
 */
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';

/** A date as YAML gives it: text (the core schema leaves 2015-04-01 as text), or a date from an older schema. */
const dateText = z
  .union([z.string(), z.date()], { error: 'Enter the date as YYYY-MM-DD, for example 2015-04-01' })
  .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d.trim()));

const name = z.string({ error: 'Enter the name as text' }).trim().min(1, 'Enter the name');

/** What every unit may say beside its name: when it opened (or its parent's date), its usual procedure, when it closed. */
const unitFields = {
  opened: dateText.optional(),
  defaultProcedure: z.string({ error: 'Enter the procedure as text, for example childrens_statutory' }).optional(),
  closed: dateText.optional(),
};

export const SetupTeam = z.union([name, z.strictObject({ name, ...unitFields })], {
  error: 'Give a team as its name, or as { name, opened }',
});
export type SetupTeam = z.output<typeof SetupTeam>;

export const SetupService = z.strictObject({
  name,
  ...unitFields,
  teams: z.array(SetupTeam, { error: 'List the teams, one per line starting "- "' }).optional(),
});
export type SetupService = z.output<typeof SetupService>;

export const SetupDirectorate = z.strictObject({
  directorate: name,
  ...unitFields,
  services: z.array(SetupService, { error: 'List the services, one per line starting "- "' }).optional(),
  /** Not allowed (a team sits under a service), but read so the plan can say so where it is. */
  teams: z.array(z.unknown()).optional(),
});
export type SetupDirectorate = z.output<typeof SetupDirectorate>;

export const SetupItem = z.union(
  [
    z.string().trim().min(1, 'Enter the label'),
    z.strictObject({
      label: z.string({ error: 'Enter the label as text' }).trim().min(1, 'Enter the label'),
      code: z.string({ error: 'Enter the code as text' }).trim().optional(),
      /** Remedy types: the remedy carries an amount in pounds. */
      financial: z.boolean({ error: 'Say true or false' }).optional(),
      /** Complainant relationships: the complainant is the child or young person. */
      child: z.boolean({ error: 'Say true or false' }).optional(),
      /** Kept for old cases, not offered for new ones. */
      retired: z.boolean({ error: 'Say true or false' }).optional(),
    }),
  ],
  { error: 'Give an item as its label, or as { label, code }' },
);
export type SetupItem = z.output<typeof SetupItem>;

export const SetupFile = z.strictObject(
  {
    organisation: z
      .array(SetupDirectorate, { error: 'List the directorates, each starting "- directorate: "' })
      .optional()
      .default([]),
    referenceData: z
      .record(z.string(), z.array(SetupItem, { error: 'List the items, one per line starting "- "' }).nullable(), {
        error: 'Give each list by its kind, for example "theme:"',
      })
      .optional()
      .default({}),
  },
  { error: 'The file must have "organisation:" and/or "referenceData:" at the top level' },
);
export type SetupFile = z.output<typeof SetupFile>;

export type SetupPath = (string | number)[];

export interface SetupProblem {
  /** Where in the file, as keys and list positions (0-based), e.g. ['organisation', 0, 'services', 1]. */
  path: SetupPath;
  /** Where in the file in words, e.g. "organisation › Children's Services › Early Help". */
  where: string;
  /** The line of the file it is on, when known. */
  line?: number;
  message: string;
}

/** A path in words: a list entry by its name where it has one, else by its number from 1. */
export function describePath(path: SetupPath, raw: unknown): string {
  const words: string[] = [];
  let node: unknown = raw;
  for (const key of path) {
    const next: unknown =
      node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key as never] : undefined;
    if (typeof key === 'number') {
      const named =
        typeof next === 'string'
          ? next
          : next && typeof next === 'object'
            ? ((next as Record<string, unknown>).directorate ??
              (next as Record<string, unknown>).name ??
              (next as Record<string, unknown>).label)
            : undefined;
      words.push(typeof named === 'string' && named.trim() ? named.trim() : `item ${key + 1}`);
    } else if (key !== 'services' && key !== 'teams') words.push(key);
    node = next;
  }
  return words.join(' › ') || 'the file';
}

function valueAt(raw: unknown, path: SetupPath): unknown {
  let node = raw;
  for (const key of path)
    node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
  return node;
}

export function issueMessage(issue: z.core.$ZodIssue, path: SetupPath, raw: unknown): string {
  if (issue.code === 'unrecognized_keys')
    return `${issue.keys.map((k) => `"${k}"`).join(', ')} ${issue.keys.length === 1 ? 'is' : 'are'} not a field here`;
  if (issue.code === 'invalid_type' && valueAt(raw, path) === undefined) return `Give the ${String(path.at(-1))}`;
  return issue.message;
}

export interface ParsedSetup {
  file: SetupFile | null;
  /** The raw value the YAML gave (for naming places in the file). */
  raw: unknown;
  problems: SetupProblem[];
  /** The line a path starts on, when the file has it. */
  lineOf(path: SetupPath): number | undefined;
  /** Where a path is in words, when the file's own words say more than the path (CSV files: the file's name). */
  whereOf?(path: SetupPath): string;
}

/** Reads the YAML text and checks its shape; problems say where they are, by line and in words. */
export function parseSetupYaml(text: string): ParsedSetup {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (path: SetupPath): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  if (doc.errors.length) {
    return {
      file: null,
      raw: null,
      lineOf,
      problems: doc.errors.map((e) => ({
        path: [],
        where: 'the file',
        line: e.linePos?.[0]?.line,
        message: `This is not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const raw: unknown = doc.toJS() ?? {};
  const parsed = SetupFile.safeParse(raw);
  if (parsed.success) return { file: parsed.data, raw, lineOf, problems: [] };
  return {
    file: null,
    raw,
    lineOf,
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      return { path, where: describePath(path, raw), line: lineOf(path), message: issueMessage(issue, path, raw) };
    }),
  };
}
