import { addCalendarDays, type IsoDate } from '../../../domain/calendar/iso-date.ts';
import { isUpheld, type Outcome } from '../../../domain/cases/vocabulary.ts';
import type { DemoComplaint, DemoWorld } from './case.ts';
import type { DemoContext } from './context.ts';

/**
 * Stage 1 investigations: usually one team, sometimes two (none if the complaint was withdrawn
 * early), each with its heads of complaint and findings and, when upheld, learning points with
 * actions. Gives how many teams investigated and the outcomes of those that have answered.
 */
export function generateInvestigations(
  ctx: DemoContext,
  world: DemoWorld,
  c: DemoComplaint,
  stage1: { stageId: string; respondedOn: IsoDate; done: boolean; withdrawnEarly: boolean },
): { teamsInvestigated: number; outcomes: Outcome[] } {
  const { r, out, ref, past } = ctx;
  const { base, id: caseId, team } = c;
  const { stageId: stage1Id, respondedOn, done: stage1Done, withdrawnEarly } = stage1;
  const teamsInvestigated = withdrawnEarly
    ? []
    : [
        team,
        ...(r.chance(0.07)
          ? [
              r.weighted(
                world.org.teamsOpenOn(c.receivedOn, (t) => t.key !== team.key).map((t) => [t, t.weight] as const),
              ),
            ]
          : []),
      ];
  const outcomes: Outcome[] = [];
  for (const t of teamsInvestigated) {
    const invId = r.uuid();
    const outcome: Outcome = r.weighted([
      ['upheld', 15],
      ['partially_upheld', 46],
      ['not_upheld', 33],
      ['withdrawn', 4],
      ['no_finding', 2],
    ] as const);
    const invManager = world.staff.managerOf.get(t.key)!;
    out.investigations.push({
      id: invId,
      stageId: stage1Id,
      teamId: world.org.teamIds.get(t.key)!,
      investigatorId: invManager.id,
      startedOn: c.receivedOn,
      respondedOn: stage1Done ? respondedOn : null,
      outcome: stage1Done ? outcome : null,
      summary: stage1Done ? 'Records reviewed and staff spoken to.' : null,
    });
    const heads = r.int(1, 3);
    for (let h = 1; h <= heads; h++) {
      const headOutcome: Outcome = outcome === 'partially_upheld' ? (h === 1 ? 'upheld' : 'not_upheld') : outcome;
      out.heads.push({
        investigationId: invId,
        position: h,
        summary:
          h === 1
            ? base.subject!
            : r.pick(['Poor communication from the team', 'Delay in responding', 'Decision not explained']),
        finding: stage1Done
          ? r.pick([
              'The records support what the complainant says.',
              'The team acted in line with policy.',
              'Some delay was found, with reasons.',
            ])
          : null,
        outcome: stage1Done ? headOutcome : null,
      });
    }
    if (stage1Done) outcomes.push(outcome);
    if (stage1Done && isUpheld(outcome) && r.chance(0.65)) {
      for (let k = 0; k < r.int(1, 2); k++) {
        const lpId = r.uuid();
        out.learning.push({
          id: lpId,
          caseId,
          investigationId: invId,
          learningTypeId: ref(
            'learning_type',
            r.weighted([
              ['COMMUNICATION', 40],
              ['SERVICE_QUALITY', 18],
              ['SERVICE_DELIVERY', 14],
              ['POLICY', 10],
              ['ATTITUDE', 8],
              ['TIMELINESS', 6],
              ['RECORDING', 4],
            ] as const),
          ),
          text: r.pick([
            'Keep families updated when a social worker changes.',
            'Return calls within two working days.',
            'Explain decisions in writing, in plain English.',
            'Check reports for accuracy before sharing them.',
            'Make sure EHC plan deadlines are tracked weekly.',
          ]),
          recordedOn: respondedOn,
          createdBy: invManager.id,
        });
        if (r.chance(0.6)) {
          const dueOn = addCalendarDays(respondedOn, r.int(20, 60));
          const completedOn = r.chance(0.75) ? addCalendarDays(respondedOn, r.int(5, 80)) : null;
          out.actions.push({
            caseId,
            learningPointId: lpId,
            actionTypeId: ref(
              'action_type',
              r.weighted([
                ['GUIDANCE', 30],
                ['TRAINING', 25],
                ['SUPERVISION', 20],
                ['PROCESS_CHANGE', 15],
                ['POLICY_REVIEW', 5],
                ['OTHER', 5],
              ] as const),
            ),
            text: r.pick([
              'Team briefing on keeping families informed',
              'Refresher training on recording',
              'Change the allocation process so families are told of changes',
              'Review the template letter',
            ]),
            ownerId: invManager.id,
            dueOn,
            completedOn: past(completedOn) ? completedOn : null,
          });
        }
      }
    }
  }
  return { teamsInvestigated: teamsInvestigated.length, outcomes };
}
