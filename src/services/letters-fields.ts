import { formatLongDate, type IsoDate } from '../domain/calendar/iso-date.ts';
import { OUTCOME_LABELS, STAGE_LABELS } from '../domain/cases/vocabulary.ts';
import { findingsText, remediesText } from '../domain/letters/case-content.ts';
import { defaultLetter } from '../domain/letters/default-letters.ts';
import type { MergeField } from '../domain/letters/merge.ts';
import { nextStepAfter, nextStepText, type NextStep } from '../domain/letters/next-steps.ts';
import { CalendarRangeError } from '../domain/calendar/working-days.ts';
import { procedureName } from '../domain/letters/procedure-wording.ts';
import { stageLabel } from '../domain/procedures/flow.ts';
import { maybeProcedure } from '../domain/procedures/registry.ts';
import type { CalendarService } from './calendar.ts';
import type { CaseRecord } from './case-record.ts';
import { clockFacts, type TimescalesService } from './timescales.ts';

/**
 * How people reach the complaints team, for the foot of every letter: the
 * administrator's council contact settings (services/council-settings.ts),
 * which fall back to COMPLAINTS_EMAIL and COMPLAINTS_PHONE. With no address
 * set, {{council_address}} merges nothing, and a letter using it is refused.
 */
export interface CouncilContact {
  email?: string;
  phone?: string;
  address?: string;
}

export type LetterFields = Partial<Record<MergeField, string>>;

/**
 * The merge fields for one letter on one case. A response letter (one that
 * answers a stage) takes the outcome, heads of complaint with their findings,
 * remedies and next steps from that stage, in the words of the case's
 * procedure; the next stage's last day is counted by the clock engine from
 * the stage's response (or today, when the response is this letter).
 */
export async function letterFields(
  r: CaseRecord,
  key: string,
  today: IsoDate,
  deps: { timescales: TimescalesService; calendars: CalendarService; councilName: string; contact: CouncilContact },
): Promise<LetterFields> {
  const { clocks, policy } = await deps.timescales.clocksForCase(r.case.id);
  const running = clocks
    .filter((k) => k.rule.kind === 'response' && !k.result.completedOn && k.result.dueOn)
    .sort((a, b) => a.result.dueOn!.localeCompare(b.result.dueOn!))[0];
  const window = clocks.filter((k) => k.rule.kind === 'window' && !k.result.completedOn && k.result.dueOn).pop();
  const procedure = maybeProcedure(r.case.procedure);
  const complainant = r.parties.find((p) => p.role === 'complainant');
  const contact = deps.contact;

  const fields: LetterFields = {
    reference: r.case.reference,
    complainant_name: complainant?.name,
    child_name: r.parties.find((p) => p.role === 'child')?.name,
    received_on: formatLongDate(r.case.receivedOn),
    today: formatLongDate(today),
    council_name: deps.councilName,
    council_phone: contact.phone,
    council_email: contact.email,
    council_address: contact.address,
    council_contact:
      [
        contact.phone && `Phone: ${contact.phone}`,
        contact.email && `Email: ${contact.email}`,
        contact.address && `Address: ${contact.address.replace(/\s*\n\s*/g, ', ')}`,
      ]
        .filter(Boolean)
        .join('\n') || undefined,
    team: r.case.teamName ?? undefined,
    investigating_manager: r.case.investigatingManager ?? undefined,
    response_due_on: running ? formatLongDate(running.result.dueOn!) : undefined,
    extended_to: running?.result.extendedDueOn ? formatLongDate(running.result.extendedDueOn) : undefined,
    procedure_name: procedure && !procedure.signpostsOnly ? procedureName(procedure) : undefined,
    outcome: r.case.outcome ? OUTCOME_LABELS[r.case.outcome].toLowerCase() : undefined,
    next_stage_by: window ? formatLongDate(window.result.dueOn!) : undefined,
  };

  const answers = defaultLetter(key)?.answers;
  if (!answers) return fields;
  const stage = r.stages.find((s) => s.kind === answers);
  // A response letter speaks for its own stage only: another stage's outcome or findings would be wrong here.
  Object.assign(fields, {
    stage_name: stageLabel(procedure, answers, STAGE_LABELS[answers]),
    outcome: stage?.outcome ? OUTCOME_LABELS[stage.outcome].toLowerCase() : undefined,
    findings: findingsText(stage?.investigations.flatMap((i) => i.heads) ?? []) ?? undefined,
    remedies:
      remediesText(
        (stage?.remedies ?? []).map((m) => ({ type: m.type, description: m.description, amountPence: m.amountPence })),
      ) ?? undefined,
    panel_recommendations: stage?.panelRecommendations?.trim() || undefined,
    next_steps: undefined,
    next_stage_name: undefined,
    next_stage_by: undefined,
  } satisfies LetterFields);
  if (!procedure) return fields;
  const calendar = await deps.calendars.calendar();
  let step: NextStep;
  try {
    step = nextStepAfter({
      procedure,
      answered: answers,
      answeredOn: stage?.respondedOn ?? today,
      facts: clockFacts(r.case, r.stages, r.clockEvents),
      policy,
      calendar,
    });
  } catch (err) {
    // A date beyond the years the calendar knows: the officer writes the next steps in rather than the page failing.
    if (err instanceof CalendarRangeError) return fields;
    throw err;
  }
  fields.next_steps = nextStepText(step, procedure) ?? undefined;
  if (step.kind === 'stage') {
    fields.next_stage_name = step.description;
    fields.next_stage_by = step.by ? formatLongDate(step.by) : undefined;
  }
  return fields;
}
