import type { IsoDate } from '../../../domain/calendar/iso-date.ts';
import { rollUpOutcome } from '../../../domain/cases/outcome.ts';
import type { Outcome } from '../../../domain/cases/vocabulary.ts';
import type * as s from '../../../db/schema/index.ts';
import type { DemoComplaint, DemoWorld } from './case.ts';
import type { DemoContext, Insert } from './context.ts';
import { generateInvestigations } from './investigations.ts';
import { addRemedies } from './remedies.ts';

export interface DemoStage1 {
  stage: Insert<typeof s.stages>;
  stageId: string;
  respondedOn: IsoDate;
  /** Whether the response has been sent by today. */
  done: boolean;
  outcome: Outcome | null;
}

/**
 * Stage 1 of a complaint: its investigating manager, how long the response took (statutory
 * complaints faster), an extension or a pause on its clock sometimes, a few withdrawn early,
 * the investigations, the outcome rolled up from theirs, and the remedies.
 */
export function generateStage1(ctx: DemoContext, world: DemoWorld, c: DemoComplaint): DemoStage1 {
  const { r, cal, out, past, at } = ctx;
  const { base, receivedOn, id: caseId, procedure, statutory, manager, officer } = c;
  const stage1Id = r.uuid();
  const workingDays = statutory
    ? r.weighted([
        [r.int(5, 10), 42],
        [r.int(11, 20), 30],
        [r.int(21, 55), 28],
      ] as const)
    : r.weighted([
        [r.int(8, 20), 30],
        [r.int(21, 30), 25],
        [r.int(31, 70), 45],
      ] as const);
  const withdrawnEarly = r.chance(0.03);
  const respondedOn = cal.addWorkingDays(receivedOn, withdrawnEarly ? r.int(2, 6) : workingDays);
  const stage1Done = past(respondedOn);
  const stage1: Insert<typeof s.stages> = {
    id: stage1Id,
    caseId,
    kind: 'stage1',
    procedure,
    requestedOn: receivedOn,
    startedOn: receivedOn,
    respondedOn: stage1Done ? respondedOn : null,
    closedOn: stage1Done ? respondedOn : null,
  };
  out.stages.push(stage1);
  out.stagePeople.push({
    stageId: stage1Id,
    role: 'investigating_manager',
    userId: manager.id,
    name: manager.displayName,
    appointedOn: base.acknowledgedOn ?? receivedOn,
  });
  if (statutory && workingDays > 10 && r.chance(0.7) && !withdrawnEarly) {
    const extendedOn = cal.addWorkingDays(receivedOn, r.int(6, 10));
    if (past(extendedOn))
      out.clockEvents.push({
        caseId,
        stageId: stage1Id,
        clock: 'stage1_response',
        kind: 'extended',
        occurredOn: extendedOn,
        extensionDays: 10,
        reason: 'Complex complaint covering several issues',
        complainantAgreed: true,
        agreedOn: extendedOn,
        recordedBy: officer.id,
        recordedAt: at(extendedOn),
      });
  }
  if (statutory && r.chance(0.04) && !withdrawnEarly) {
    const pausedOn = cal.addWorkingDays(receivedOn, 2);
    const resumedOn = cal.addWorkingDays(pausedOn, r.int(3, 8));
    if (past(resumedOn)) {
      out.clockEvents.push({
        caseId,
        stageId: stage1Id,
        clock: 'stage1_response',
        kind: 'paused',
        occurredOn: pausedOn,
        reason: "Waiting for the young person's consent",
        recordedBy: officer.id,
        recordedAt: at(pausedOn),
      });
      out.clockEvents.push({
        caseId,
        stageId: stage1Id,
        clock: 'stage1_response',
        kind: 'resumed',
        occurredOn: resumedOn,
        reason: 'Consent received',
        recordedBy: officer.id,
        recordedAt: at(resumedOn),
      });
    }
  }

  const { teamsInvestigated, outcomes } = generateInvestigations(ctx, world, c, {
    stageId: stage1Id,
    respondedOn,
    done: stage1Done,
    withdrawnEarly,
  });
  const outcome = withdrawnEarly
    ? stage1Done
      ? 'withdrawn'
      : null
    : rollUpOutcome(outcomes.length === teamsInvestigated ? outcomes : [null]);
  stage1.outcome = stage1Done ? outcome : null;
  if (stage1Done && outcome && outcome !== 'withdrawn') addRemedies(ctx, stage1Id, outcome, respondedOn, 'stage1');
  return { stage: stage1, stageId: stage1Id, respondedOn, done: stage1Done, outcome };
}
