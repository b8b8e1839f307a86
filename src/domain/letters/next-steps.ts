import { formatLongDate, type IsoDate } from '../calendar/iso-date.ts';
import type { WorkingDayCalendar } from '../calendar/working-days.ts';
import type { StageKind } from '../cases/vocabulary.ts';
import { requestWindow } from '../procedures/flow.ts';
import { stageDefinition } from '../procedures/registry.ts';
import type { ProcedureDefinition } from '../procedures/types.ts';
import { caseClock, type CaseClockFacts } from '../timescales/case-clocks.ts';
import { amount } from '../timescales/explain.ts';
import type { TimescalePolicy } from '../timescales/rules.ts';
import { OMBUDSMAN_DETAILS, procedureName, stageDescription } from './procedure-wording.ts';

/**
 * What a complainant can do after a stage answers, read from the procedure's
 * definition: ask for the next local stage (by a date the timescale rules
 * give, counted from the response), or, after the last local stage, go to
 * the Ombudsman.
 */
export type NextStep =
  | {
      kind: 'stage';
      stage: StageKind;
      /** "an independent investigation (Stage 2)". */
      description: string;
      /** The last day to ask; null when the rules set no window for it. */
      by: IsoDate | null;
      /** "20 working days"; null with no window. */
      within: string | null;
    }
  | { kind: 'ombudsman' }
  | { kind: 'none' };

export interface NextStepInput {
  procedure: ProcedureDefinition;
  /** The stage the letter answers. */
  answered: StageKind;
  /** The day of the response: the stage's recorded response, or the letter's own date when not recorded yet. */
  answeredOn: IsoDate;
  facts: CaseClockFacts;
  policy: TimescalePolicy | null;
  calendar: WorkingDayCalendar;
}

export function nextStepAfter(input: NextStepInput): NextStep {
  const { procedure, answered } = input;
  const stage = stageDefinition(procedure, answered);
  if (!stage) return { kind: 'none' };
  const next = stage.next.map((k) => stageDefinition(procedure, k)).filter((s) => s !== null);
  const local = next.find((s) => !s.ombudsman);
  if (local) {
    const window = requestWindow(local);
    const clock = window && input.policy ? windowClock(input, window.clock) : null;
    return {
      kind: 'stage',
      stage: local.kind,
      description: stageDescription(procedure, local.kind),
      by: clock?.result.dueOn ?? null,
      within: clock ? amount(clock.rule.days, clock.rule) : null,
    };
  }
  return next.some((s) => s.ombudsman) ? { kind: 'ombudsman' } : { kind: 'none' };
}

/** The window clock as it will run once this stage has answered on answeredOn (the engine's own count). */
function windowClock(input: NextStepInput, clock: Parameters<typeof caseClock>[4]) {
  const { facts, answered, answeredOn } = input;
  const has = facts.stages.some((s) => s.kind === answered);
  const stages = has
    ? facts.stages.map((s) => (s.kind === answered ? { ...s, respondedOn: s.respondedOn ?? answeredOn } : s))
    : [...facts.stages, { kind: answered, respondedOn: answeredOn }];
  return caseClock({ ...facts, stages }, input.policy, input.calendar, answeredOn, clock);
}

/** The paragraph a response letter gives the complainant about what they can do next. */
export function nextStepText(step: NextStep, procedure: ProcedureDefinition): string | null {
  switch (step.kind) {
    case 'stage': {
      const ask = `If you are not satisfied with this response, you can ask for ${step.description} under ${procedureName(procedure)}.`;
      if (step.by)
        return `${ask} To do so, please tell us by ${formatLongDate(step.by)} (${step.within} from the date of this response), saying what you are still not satisfied with.`;
      return `${ask} To do so, please tell us what you are still not satisfied with.`;
    }
    case 'ombudsman':
      return `This is the final response under ${procedureName(procedure)}. If you are still not satisfied, you can ask ${OMBUDSMAN_DETAILS.name} to look at your complaint. Its service is free. Visit ${OMBUDSMAN_DETAILS.website} or call ${OMBUDSMAN_DETAILS.phone}.`;
    case 'none':
      return null;
    default: {
      const never: never = step;
      throw new Error(`Unknown next step ${String(never)}`);
    }
  }
}
