import type { StageKind } from '../cases/vocabulary.ts';
import { ADULT_SOCIAL_CARE_STATUTORY } from './adult-social-care-statutory.ts';
import { CHILDRENS_STATUTORY } from './childrens-statutory.ts';
import { CORPORATE } from './corporate.ts';
import { OUT_OF_SCOPE } from './out-of-scope.ts';
import type { Preset } from '../timescales/presets.ts';
import type { ProcedureDefinition, StageDefinition } from './types.ts';

/**
 * The procedures Heard knows, in the order pages and reports list them. The
 * shipped ones are always here; a council's own is added with
 * registerProcedure at start-up (see docs/adr/0011-procedures-as-typed-data.md).
 * The list is fixed once the server has started: nothing registers later.
 */
const SHIPPED: readonly ProcedureDefinition[] = [
  CHILDRENS_STATUTORY,
  CORPORATE,
  ADULT_SOCIAL_CARE_STATUTORY,
  OUT_OF_SCOPE,
];
const registered = new Map<string, ProcedureDefinition>(SHIPPED.map((d) => [d.key, d]));

/** The procedure a complaint follows until triage decides, for its acknowledgement clock. */
export const DEFAULT_PROCEDURE = CHILDRENS_STATUTORY.key;

/** The procedure a complaint takes when triage signposts it elsewhere. */
export const SIGNPOSTING_PROCEDURE = OUT_OF_SCOPE.key;

export class UnknownProcedureError extends Error {
  constructor(readonly key: string) {
    super(`No procedure is defined with the key "${key}"`);
  }
}

/**
 * Adds a procedure (a council's own). Its key must be new, and its stages must make sense.
 * Returns what takes it away again: tests share one process, and one file's procedure must not
 * appear in another's lists.
 */
export function registerProcedure(definition: ProcedureDefinition): () => void {
  if (registered.has(definition.key)) throw new Error(`A procedure with the key "${definition.key}" already exists`);
  const problems = definitionProblems(definition);
  if (problems.length) throw new Error(`Procedure ${definition.key}: ${problems.join('; ')}`);
  registered.set(definition.key, definition);
  return () => {
    registered.delete(definition.key);
  };
}

export function allProcedures(): ProcedureDefinition[] {
  return [...registered.values()];
}

export function procedureKeys(): string[] {
  return [...registered.keys()];
}

export function isProcedureKey(value: unknown): value is string {
  return typeof value === 'string' && registered.has(value);
}

export function procedureDefinition(key: string): ProcedureDefinition {
  const d = registered.get(key);
  if (!d) throw new UnknownProcedureError(key);
  return d;
}

/** The definition, or null for a case whose procedure is not decided (or names one no longer defined). */
export function maybeProcedure(key: string | null | undefined): ProcedureDefinition | null {
  return key ? (registered.get(key) ?? null) : null;
}

export function procedureLabel(key: string | null | undefined, undecided = 'Not decided'): string {
  if (!key) return undecided;
  return registered.get(key)?.label ?? key;
}

export function stageDefinition(procedure: ProcedureDefinition, kind: StageKind): StageDefinition | null {
  return procedure.stages.find((s) => s.kind === kind) ?? null;
}

/** The position of a procedure in the list, for sorting report rows the way pages list procedures. */
export function procedureOrder(key: string): number {
  const i = procedureKeys().indexOf(key);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

/** What is wrong with a definition: checked when it is registered, and by a test for the shipped ones. */
export function definitionProblems(d: ProcedureDefinition): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9_]{1,62}$/.test(d.key)) problems.push('the key must be lower case letters, digits and _');
  if (!d.label.trim()) problems.push('it needs a label');
  if (d.signpostsOnly && d.stages.length) problems.push('a signposting procedure has no stages');
  if (!d.signpostsOnly && !d.stages.length) problems.push('it needs at least one stage');
  const kinds = d.stages.map((s) => s.kind);
  if (new Set(kinds).size !== kinds.length) problems.push('each stage kind may appear once');
  d.stages.forEach((s, i) => {
    for (const n of s.next) {
      const j = kinds.indexOf(n);
      if (j < 0) problems.push(`${s.label} leads to ${n}, which this procedure does not have`);
      else if (j <= i) problems.push(`${s.label} may only lead to a later stage`);
    }
    if (!s.clocks.some((c) => c.clock === s.responseClock))
      problems.push(`${s.label} is judged on ${s.responseClock}, which it does not run`);
    for (const c of s.clocks) {
      if (!s.dates.some((x) => x.field === c.stopsOn))
        problems.push(`${s.label}: ${c.clock} stops on ${c.stopsOn}, which the stage does not record`);
      if (c.opensWhenAnswered && !kinds.includes(c.opensWhenAnswered))
        problems.push(`${s.label}: ${c.clock} opens after a stage this procedure does not have`);
    }
    if (i > 0 && !d.stages.slice(0, i).some((p) => p.next.includes(s.kind)))
      problems.push(`nothing leads to ${s.label}`);
  });
  return problems;
}

/**
 * The definition of a stage a case holds: from the procedure it ran under, or
 * (for a stage recorded under a procedure that no longer has it) the shape
 * the children's statutory procedure gives that kind of stage.
 */
export function definitionOfStage(procedureKey: string | null | undefined, kind: StageKind): StageDefinition {
  const own = maybeProcedure(procedureKey);
  return (own && stageDefinition(own, kind)) ?? stageDefinition(CHILDRENS_STATUTORY, kind)!;
}

/** Every procedure's starting timescales, for the admin page that makes a new version from one. */
export function timescalePresets(): Preset[] {
  return allProcedures().flatMap((d) => d.timescales);
}

/** A starting timescale by its key (a shipped preset's, or a council procedure's own). */
export function timescalePreset(key: string | null | undefined): Preset | null {
  return timescalePresets().find((p) => p.key === key) ?? null;
}
