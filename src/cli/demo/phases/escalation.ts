import type { IsoDate } from '../../../domain/calendar/iso-date.ts';
import type { Outcome } from '../../../domain/cases/vocabulary.ts';
import { DEMO_FAMILY, DEMO_GIVEN } from '../organisation.ts';
import type { DemoComplaint, DemoWorld } from './case.ts';
import type { DemoContext } from './context.ts';
import { addRemedies } from './remedies.ts';
import type { DemoStage1 } from './stage1.ts';

/** Where a complaint stands after its last stage: when that closed (null while open) and its outcome. */
export interface DemoEscalation {
  lastClosed: IsoDate | null;
  finalOutcome: Outcome | null;
}

/**
 * Escalation: a few complaints not upheld at Stage 1 go to Stage 2 (statutory ones with an
 * independent investigating officer and independent person, costs and sometimes an extension),
 * and a quarter of statutory Stage 2s not upheld go on to a Stage 3 review panel.
 */
export function generateEscalation(
  ctx: DemoContext,
  world: DemoWorld,
  c: DemoComplaint,
  stage1: DemoStage1,
): DemoEscalation {
  const { r, cal, out, past, at } = ctx;
  const { id: caseId, procedure, statutory, teamId, officer } = c;
  const { senior } = world.staff;
  const { respondedOn, done: stage1Done, outcome } = stage1;
  let lastClosed: IsoDate | null = stage1Done ? respondedOn : null;
  let finalOutcome: Outcome | null = stage1Done ? outcome : null;
  if (stage1Done && outcome && outcome !== 'withdrawn' && outcome !== 'upheld' && r.chance(0.07)) {
    const requestedOn = cal.addWorkingDays(respondedOn, r.int(2, 18));
    if (past(requestedOn)) {
      const stage2Id = r.uuid();
      const statementAgreedOn = statutory ? cal.addWorkingDays(requestedOn, r.int(4, 15)) : null;
      const clockStart = statementAgreedOn ?? requestedOn;
      const days = statutory
        ? r.weighted([
            [r.int(18, 25), 35],
            [r.int(26, 65), 55],
            [r.int(66, 90), 10],
          ] as const)
        : r.int(12, 30);
      const responded = cal.addWorkingDays(clockStart, days);
      const done = past(responded);
      const outcome2: Outcome = r.weighted([
        ['not_upheld', 45],
        ['partially_upheld', 40],
        ['upheld', 15],
      ] as const);
      out.stages.push({
        id: stage2Id,
        caseId,
        kind: 'stage2',
        procedure,
        requestedOn,
        startedOn: requestedOn,
        statementAgreedOn: past(statementAgreedOn) ? statementAgreedOn : null,
        reportsReceivedOn: statutory && done ? cal.addWorkingDays(clockStart, Math.max(1, days - 5)) : null,
        adjudicatedOn: statutory && done ? responded : null,
        respondedOn: done ? responded : null,
        closedOn: done ? responded : null,
        outcome: done ? outcome2 : null,
        investigatorCostPence: statutory ? r.int(2000, 5500) * 100 : null,
        independentPersonCostPence: statutory ? r.int(600, 1500) * 100 : null,
      });
      if (statutory) {
        out.stagePeople.push({
          stageId: stage2Id,
          role: 'independent_investigating_officer',
          name: `${r.pick(DEMO_GIVEN)} ${r.pick(DEMO_FAMILY)}`,
          organisation: 'Independent Complaints Associates',
          appointedOn: requestedOn,
        });
        out.stagePeople.push({
          stageId: stage2Id,
          role: 'independent_person',
          name: `${r.pick(DEMO_GIVEN)} ${r.pick(DEMO_FAMILY)}`,
          organisation: 'Independent Complaints Associates',
          appointedOn: requestedOn,
        });
        out.stagePeople.push({
          stageId: stage2Id,
          role: 'adjudicating_officer',
          userId: senior.id,
          name: senior.displayName,
        });
        if (days > 25 && past(cal.addWorkingDays(clockStart, 20))) {
          const on = cal.addWorkingDays(clockStart, 20);
          out.clockEvents.push({
            caseId,
            stageId: stage2Id,
            clock: 'stage2_investigation',
            kind: 'extended',
            occurredOn: on,
            extendedTo: cal.addWorkingDays(clockStart, 65),
            reason: 'Several heads of complaint and many records to read',
            complainantAgreed: true,
            agreedOn: on,
            recordedBy: officer.id,
            recordedAt: at(on),
          });
        }
      } else {
        out.stagePeople.push({
          stageId: stage2Id,
          role: 'investigating_manager',
          userId: officer.id,
          name: officer.displayName,
        });
      }
      out.investigations.push({
        stageId: stage2Id,
        teamId,
        investigatorName: statutory ? 'Independent investigating officer' : officer.displayName,
        startedOn: clockStart,
        respondedOn: done ? responded : null,
        outcome: done ? outcome2 : null,
      });
      lastClosed = done ? responded : null;
      finalOutcome = done ? outcome2 : null;
      if (done) addRemedies(ctx, stage2Id, outcome2, responded, 'stage2');

      if (done && statutory && outcome2 !== 'upheld' && r.chance(0.25)) {
        const stage3 = generateStage3(ctx, c, responded);
        if (stage3) ({ lastClosed, finalOutcome } = stage3);
      }
    }
  }
  return { lastClosed, finalOutcome };
}

/** A Stage 3 review panel after a Stage 2 response: null if not yet asked for by today. */
function generateStage3(ctx: DemoContext, c: DemoComplaint, responded: IsoDate): DemoEscalation | null {
  const { r, cal, out, past } = ctx;
  const { id: caseId, procedure } = c;
  const req3 = cal.addWorkingDays(responded, r.int(5, 18));
  const panel = cal.addWorkingDays(req3, r.int(20, 34));
  const report = cal.addWorkingDays(panel, r.int(3, 6));
  const reply = cal.addWorkingDays(report, r.int(8, 16));
  if (!past(req3)) return null;
  const stage3Id = r.uuid();
  const d3 = past(reply);
  const outcome3: Outcome = r.weighted([
    ['not_upheld', 50],
    ['partially_upheld', 40],
    ['upheld', 10],
  ] as const);
  out.stages.push({
    id: stage3Id,
    caseId,
    kind: 'stage3',
    procedure,
    requestedOn: req3,
    startedOn: req3,
    panelHeldOn: past(panel) ? panel : null,
    chairReportReceivedOn: past(report) ? report : null,
    panelRecommendations: past(report)
      ? 'The council should apologise and review how families are kept informed.'
      : null,
    authorityRespondedOn: d3 ? reply : null,
    respondedOn: d3 ? reply : null,
    closedOn: d3 ? reply : null,
    outcome: d3 ? outcome3 : null,
    panelCostPence: r.int(1200, 2400) * 100,
  });
  out.stagePeople.push({
    stageId: stage3Id,
    role: 'panel_chair',
    name: `${r.pick(DEMO_GIVEN)} ${r.pick(DEMO_FAMILY)}`,
    organisation: 'Independent panel',
  });
  for (let k = 0; k < 2; k++)
    out.stagePeople.push({
      stageId: stage3Id,
      role: 'panel_member',
      name: `${r.pick(DEMO_GIVEN)} ${r.pick(DEMO_FAMILY)}`,
      organisation: 'Independent panel',
    });
  return { lastClosed: d3 ? reply : null, finalOutcome: d3 ? outcome3 : null };
}
