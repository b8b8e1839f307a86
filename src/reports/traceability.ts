import { can, type Role } from '../domain/access/roles.ts';
import type { ReportModel } from './model.ts';

/**
 * How far the report may trace its figures to the cases behind them, for one
 * reader. Figures are for every role that reads reports, but a reference
 * joined to a row (a child's ethnicity, SEND, a remedy) profiles that child,
 * so references go only to those who may open the case: everyone's to those
 * who see every case, their own to an investigating manager, none to a
 * report viewer. This is the one place that decides; the model is shaped by
 * it (shapeModel) before the page, the JSON, the downloads or the dashboard
 * see it.
 */
export type Traceability = 'full' | 'own cases' | 'none';

/** Who is reading: a service's Actor fits, so reports need not know the services layer. */
export interface ReadingActor {
  userId: string | null;
  role: Role | null;
}

export function traceability(actor: ReadingActor): Traceability {
  if (!actor.role || !actor.userId) return 'none';
  if (can(actor.role, 'cases.read.all')) return 'full';
  if (can(actor.role, 'cases.read.allocated')) return 'own cases';
  return 'none';
}

/** A reader of the report: what they may trace and, for their own cases, which cases those are (by reference). */
export type Reader =
  { traceability: 'full' } | { traceability: 'own cases'; own: ReadonlySet<string> } | { traceability: 'none' };

/** The references a reader may see out of a list: all, theirs, or none at all. */
export function visibleReferences(reader: Reader, refs: readonly string[]): string[] {
  if (reader.traceability === 'full') return [...refs];
  if (reader.traceability === 'own cases') return refs.filter((r) => reader.own.has(r));
  return [];
}

/**
 * The model as a reader may see it: every list of references (`refs`, `refsByType`, wherever they
 * sit) kept, cut to the reader's own cases, or taken out. A new object: the model given (the
 * cached one) is never changed, so one reader's shape cannot reach another.
 */
export function shapeModel(model: ReportModel, reader: Reader): ReportModel {
  if (reader.traceability === 'full') return model;
  const keep = (refs: string[]) => visibleReferences(reader, refs);
  const none = reader.traceability === 'none';
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === 'refs') {
        if (!none) out[key] = keep(v as string[]);
      } else if (key === 'refsByType') {
        if (!none)
          out[key] = Object.fromEntries(
            Object.entries(v as Record<string, string[]>).map(([type, refs]) => [type, keep(refs)]),
          );
      } else out[key] = walk(v);
    }
    return out;
  };
  return { ...(walk(model) as ReportModel), traceability: reader.traceability };
}

/** Every case reference anywhere in a report model: the `refs` and `refsByType` lists beside its figures. */
export function referencesIn(value: unknown, found = new Set<string>(), inRefs = false): string[] {
  if (typeof value === 'string') {
    if (inRefs) found.add(value);
  } else if (Array.isArray(value)) for (const v of value) referencesIn(v, found, inRefs);
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value))
      referencesIn(v, found, inRefs || key === 'refs' || key === 'refsByType');
  return [...found];
}
