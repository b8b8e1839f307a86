import type { StageKind } from '../cases/vocabulary.ts';
import { stageDefinition } from './registry.ts';
import type { ProcedureDefinition, StageClock, StageDefinition } from './types.ts';

/**
 * How a complaint moves through a procedure's stages: where it may go next,
 * and which stage an escalation follows. Pure functions of the definition.
 */

/** The furthest stage reached, in the procedure's order; null before the first. */
export function furthestStage(procedure: ProcedureDefinition, reached: readonly StageKind[]): StageDefinition | null {
  for (let i = procedure.stages.length - 1; i >= 0; i--)
    if (reached.includes(procedure.stages[i]!.kind)) return procedure.stages[i]!;
  return null;
}

/** The stages a complaint may go to next, from the furthest it has reached. */
export function nextStages(procedure: ProcedureDefinition | null, reached: readonly StageKind[]): StageKind[] {
  if (!procedure || procedure.signpostsOnly) return [];
  const furthest = furthestStage(procedure, reached);
  const candidates = furthest ? furthest.next : procedure.stages.slice(0, 1).map((s) => s.kind);
  return candidates.filter((k) => !reached.includes(k));
}

/** The stage an escalation to `to` follows: the furthest reached stage that leads to it. */
export function previousStage(
  procedure: ProcedureDefinition,
  to: StageKind,
  reached: readonly StageKind[],
): StageDefinition | null {
  for (let i = procedure.stages.length - 1; i >= 0; i--) {
    const s = procedure.stages[i]!;
    if (reached.includes(s.kind) && s.next.includes(to)) return s;
  }
  return null;
}

/** The window clock for asking for a stage (the complainant's time limit), if the stage has one. */
export function requestWindow(stage: StageDefinition): StageClock | null {
  return stage.clocks.find((c) => c.opensWhenAnswered) ?? null;
}

/** The date that counts as a stage's answer: the one that stops its response clock. */
export function answeredOnField(stage: StageDefinition) {
  return stage.clocks.find((c) => c.clock === stage.responseClock)!.stopsOn;
}

/** A stage's label in a procedure; the shipped words when the procedure is unknown. */
export function stageLabel(procedure: ProcedureDefinition | null, kind: StageKind, fallback: string): string {
  return (procedure && stageDefinition(procedure, kind)?.label) || fallback;
}

/** The stage whose dates run a clock, in this procedure; null for the case's own clocks (acknowledgement). */
export function stageOfClock(procedure: ProcedureDefinition | null, clock: string): StageKind | null {
  return procedure?.stages.find((s) => s.clocks.some((c) => c.clock === clock))?.kind ?? null;
}
