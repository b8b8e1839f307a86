import { COMPLIMENT_TEXTS, DEMO_FAMILY, DEMO_GIVEN } from '../organisation.ts';
import type { DemoCase, DemoWorld } from './case.ts';
import type { DemoComplainant } from './complainants.ts';
import type { DemoContext } from './context.ts';

/** A compliment: the team and person thanked, where it came from and its theme; closed the day it arrived. */
export function generateCompliment(
  ctx: DemoContext,
  world: DemoWorld,
  c: DemoCase,
  who: DemoComplainant,
  relationship: string,
): void {
  const { r, cal, out, ref } = ctx;
  const { base, receivedOn, id: caseId } = c;
  const team = r.weighted(world.org.teamsOpenOn(receivedOn, () => true).map((t) => [t, t.weight + 3] as const));
  base.teamId = world.org.teamIds.get(team.key)!;
  base.subject = `Compliment for ${team.name}`;
  base.description = r.pick(COMPLIMENT_TEXTS);
  base.closedOn = receivedOn;
  out.compliments.push({
    caseId,
    teamId: base.teamId,
    staffName: r.chance(0.6) ? `${r.pick(DEMO_GIVEN)} ${r.pick(DEMO_FAMILY)}` : null,
    staffRole: r.chance(0.6)
      ? r.pick(['Social Worker', 'Personal Adviser', 'SEND Officer', 'Family Support Worker', 'Senior Social Worker'])
      : null,
    originId: ref(
      'compliment_origin',
      r.weighted([
        ['PARENT_CARER', 40],
        ['SERVICE_USER', 15],
        ['SCHOOL', 10],
        ['COURT', 6],
        ['HEALTH', 8],
        ['OTHER_COUNCIL', 5],
        ['INTERNAL', 10],
        ['OTHER', 6],
      ] as const),
    ),
    themeId: ref(
      'compliment_theme',
      r.weighted([
        ['SUPPORT_GIVEN', 40],
        ['WORKING_PRACTICE', 30],
        ['COMMUNICATION', 15],
        ['OUTCOME', 10],
        ['KINDNESS', 5],
      ] as const),
    ),
    valuesShown: r.pick(['Caring', 'Professional', 'Reliable', 'Approachable']),
    sharedOn: r.chance(0.8) ? cal.addWorkingDays(receivedOn, r.int(1, 5)) : null,
  });
  out.parties.push({
    caseId,
    personId: who.id,
    role: 'complainant',
    relationshipId: ref('complainant_relationship', relationship === 'CHILD' ? 'MOTHER' : relationship),
  });
}
