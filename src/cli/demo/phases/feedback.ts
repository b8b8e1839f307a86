import { addCalendarDays } from '../../../domain/calendar/iso-date.ts';
import type { FeedbackType } from '../../../domain/cases/vocabulary.ts';
import { COMPLAINT_SUBJECTS, DEMO_FAMILY, DEMO_GIVEN } from '../organisation.ts';
import type { DemoCase, DemoComplaint, DemoWorld } from './case.ts';
import type { DemoComplainant } from './complainants.ts';
import type { DemoContext } from './context.ts';

const TEAM_THEMES: Record<string, string[]> = {
  send: ['EHC_PLAN'],
  transport: ['SCHOOL_TRANSPORT'],
  admissions: ['ADMISSIONS'],
  lac1: ['LAC_SUPPORT', 'CONTACT'],
  lac2: ['LAC_SUPPORT', 'CONTACT'],
  leaving: ['CARE_LEAVER_SUPPORT', 'FINANCIAL_SUPPORT'],
  fostering: ['FOSTERING'],
  sgo: ['FINANCIAL_SUPPORT', 'CONTACT'],
  front_door: ['ASSESSMENT', 'DATA_PROTECTION'],
  assess1: ['ASSESSMENT', 'CHILD_PROTECTION_PLAN'],
  assess2: ['ASSESSMENT', 'CHILD_PROTECTION_PLAN'],
  cm_nw: ['CHILD_PROTECTION_PLAN', 'SOCIAL_WORKER_CHANGE', 'CONTACT'],
  cm_ne: ['CHILD_PROTECTION_PLAN', 'SOCIAL_WORKER_CHANGE'],
  cm_s: ['CHILD_PROTECTION_PLAN', 'SOCIAL_WORKER_CHANGE'],
  disabled: ['ASSESSMENT', 'FINANCIAL_SUPPORT'],
};

const TEAM_GROUP: Record<string, string[]> = {
  lac1: ['LAC'],
  lac2: ['LAC'],
  fostering: ['LAC'],
  leaving: ['CARE_LEAVER'],
  sgo: ['ADOPTION', 'CIN'],
  send: ['SEND'],
  transport: ['SEND', 'NONE'],
  admissions: ['NONE'],
  ot: ['DISABLED'],
  disabled: ['DISABLED'],
  early_help: ['EARLY_HELP'],
  stepping: ['EARLY_HELP'],
  schools_finance: ['NONE'],
};

/**
 * Feedback other than a compliment: its team and investigating manager, category, subject and
 * what the complainant wants, the acknowledgement, who it is from and about (with an advocate
 * sometimes), and its themes.
 */
export function describeFeedback(
  ctx: DemoContext,
  world: DemoWorld,
  c: DemoCase,
  who: DemoComplainant,
  relationship: string,
): Omit<DemoComplaint, 'procedure' | 'statutory'> {
  const { r, cal, out, ref, refOrNull, past } = ctx;
  const { base, receivedOn, id: caseId } = c;
  const team = r.weighted(world.org.teamsOpenOn(receivedOn, () => true).map((t) => [t, t.weight] as const));
  const teamId = world.org.teamIds.get(team.key)!;
  const manager = world.staff.managerOf.get(team.key)!;
  base.teamId = teamId;
  base.investigatingManagerId = manager.id;
  base.mainCategoryId = ref(
    'category',
    r.weighted([
      ['SERVICE_STANDARDS', 34],
      ['COMMUNICATION', 22],
      ['DELAY', 14],
      ['DECISION', 12],
      ['STAFF_CONDUCT', 8],
      ['POLICY', 5],
      ['INFORMATION', 3],
      ['FINANCE', 2],
    ] as const),
  );
  base.subject = r.pick(COMPLAINT_SUBJECTS[team.statutory ? 'statutory' : 'corporate']!);
  base.description = `${base.subject}. The complainant explains what happened and how it has affected the family, and asks the council to look into it.`;
  base.outcomeWanted = r.pick([
    'An apology',
    'A new social worker',
    'A decision within the legal timescale',
    'An explanation of what went wrong',
    'Reimbursement of costs',
  ]);
  base.eventsOn = addCalendarDays(receivedOn, -r.int(3, 120));
  base.acknowledgedOn = cal.addWorkingDays(
    receivedOn,
    r.weighted([
      [1, 40],
      [2, 30],
      [3, 22],
      [4, 5],
      [5, 3],
    ] as const),
  );
  if (!past(base.acknowledgedOn)) base.acknowledgedOn = null;
  const childIsComplainant = relationship === 'CHILD';
  out.parties.push({
    caseId,
    personId: childIsComplainant ? who.childId : who.id,
    role: 'complainant',
    relationshipId: ref('complainant_relationship', relationship),
  });
  const lookedAfter = ['lac1', 'lac2', 'fostering'].includes(team.key) || r.chance(0.06);
  out.parties.push({
    caseId,
    personId: who.childId,
    role: 'child',
    serviceUserGroupId: ref(
      'service_user_group',
      lookedAfter ? 'LAC' : r.pick(TEAM_GROUP[team.key] ?? ['CIN', 'CIN', 'CP', 'EARLY_HELP']),
    ),
    lookedAfter,
  });
  if (relationship === 'ADVOCATE' || (childIsComplainant && r.chance(0.5))) {
    const advocateId = r.uuid();
    out.people.push({
      id: advocateId,
      givenName: r.pick(DEMO_GIVEN),
      familyName: r.pick(DEMO_FAMILY),
      email: 'advocacy@example.org',
    });
    out.parties.push({ caseId, personId: advocateId, role: 'advocate' });
    base.advocacyOfferedOn = childIsComplainant ? base.acknowledgedOn : null;
    base.advocacyResponse = childIsComplainant ? 'Accepted: advocate appointed' : null;
  }
  for (const code of new Set([
    ...(r.chance(0.85) ? [r.pick(TEAM_THEMES[team.key] ?? ['ASSESSMENT'])] : []),
    ...r.sample(['CONTACT', 'SOCIAL_WORKER_CHANGE', 'DATA_PROTECTION', 'FINANCIAL_SUPPORT', 'ASSESSMENT'], r.int(0, 2)),
  ])) {
    const themeId = refOrNull('theme', code);
    if (themeId) out.themes.push({ caseId, themeId });
  }
  return { ...c, team, teamId, manager };
}

/** Concerns are resolved within 48 hours; comments, MP enquiries and questions are answered without a stage. */
export function closeOtherFeedback(ctx: DemoContext, c: DemoCase, type: FeedbackType): void {
  const { r, cal, past } = ctx;
  const { base, receivedOn } = c;
  const days = type === 'concern' ? r.int(1, 2) : r.int(3, 18);
  const done = cal.addWorkingDays(receivedOn, days);
  if (past(done)) base.closedOn = done;
  else base.status = 'open';
  base.subject = type === 'mp_enquiry' ? `MP enquiry: ${base.subject.toLowerCase()}` : base.subject;
}
