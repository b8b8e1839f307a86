import { addCalendarDays, financialYearStart, type IsoDate } from '../../domain/calendar/iso-date.ts';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts';
import { rollUpOutcome } from '../../domain/cases/outcome.ts';
import { formatCaseReference } from '../../domain/cases/reference-number.ts';
import {
  isUpheld,
  type FeedbackType,
  type LgscoDecision,
  type Outcome,
  type Procedure,
} from '../../domain/cases/vocabulary.ts';
import type { Role } from '../../domain/access/roles.ts';
import type { ReferenceKind } from '../../domain/reference-data/kinds.ts';
import type * as s from '../../db/schema/index.ts';
import { Random } from './random.ts';
import {
  COMPLAINT_SUBJECTS,
  COMPLIMENT_TEXTS,
  DEMO_CHILD_GIVEN,
  DEMO_DIRECTORATE,
  DEMO_FAMILY,
  DEMO_GIVEN,
  DEMO_SERVICES,
  DEMO_STAFF_NAMES,
  DEMO_TEAMS,
  type DemoTeam,
} from './organisation.ts';

type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];

export interface DemoUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  managerId: string | null;
}

export interface DemoData {
  orgUnits: Insert<typeof s.orgUnits>[];
  orgUnitNames: Insert<typeof s.orgUnitNames>[];
  users: DemoUser[];
  people: Insert<typeof s.people>[];
  cases: Insert<typeof s.feedbackCases>[];
  typeChanges: Insert<typeof s.caseTypeChanges>[];
  procedureChanges: Insert<typeof s.caseProcedureChanges>[];
  themes: Insert<typeof s.caseThemes>[];
  parties: Insert<typeof s.caseParties>[];
  compliments: Insert<typeof s.compliments>[];
  stages: Insert<typeof s.stages>[];
  stagePeople: Insert<typeof s.stagePeople>[];
  investigations: Insert<typeof s.investigations>[];
  heads: Insert<typeof s.complaintHeads>[];
  remedies: Insert<typeof s.remedies>[];
  learning: Insert<typeof s.learningPoints>[];
  actions: Insert<typeof s.actions>[];
  clockEvents: Insert<typeof s.clockEvents>[];
  contextFigures: Insert<typeof s.contextFigures>[];
  lastReferenceNumber: number;
}

export interface DemoOptions {
  today: IsoDate;
  calendar: WorkingDayCalendar;
  /** Reference item ids by kind and code. */
  refs: Record<ReferenceKind, Map<string, string>>;
  referencePrefix: string;
  /** Complete financial years before the current one. */
  years?: number;
  /** Cases of feedback in a full year. */
  casesPerYear?: number;
  seed?: number;
  /** Leave out the detail (stages, people, learning) for a quick bulk set. */
  casesOnly?: boolean;
}

// Seasonality seen in the seed reports: more in March, May and November; fewer in August and December. Index 0 = April.
const MONTH_WEIGHTS = [9, 10.5, 9, 8.5, 6, 8.5, 9, 10, 6.5, 8.5, 8.5, 11];

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

export function generateDemoData(opts: DemoOptions): DemoData {
  const r = new Random(opts.seed ?? 20240401);
  const cal = opts.calendar;
  const today = opts.today;
  const years = opts.years ?? 3;
  const perYear = opts.casesPerYear ?? 205;
  const currentFy = financialYearStart(today);
  const firstFy = currentFy - years;
  const ref = (kind: ReferenceKind, code: string): string => {
    const id = opts.refs[kind].get(code);
    if (!id) throw new Error(`Demo data needs reference item ${kind}/${code}`);
    return id;
  };
  const refOrNull = (kind: ReferenceKind, code: string) => opts.refs[kind].get(code) ?? null;
  const monthsAgo = (n: number) => {
    const y = Number(today.slice(0, 4));
    const m = Number(today.slice(5, 7)) - 1 - n;
    const yy = y + Math.floor(m / 12);
    const mm = ((m % 12) + 12) % 12;
    return `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
  };
  const out: DemoData = {
    orgUnits: [],
    orgUnitNames: [],
    users: [],
    people: [],
    cases: [],
    typeChanges: [],
    procedureChanges: [],
    themes: [],
    parties: [],
    compliments: [],
    stages: [],
    stagePeople: [],
    investigations: [],
    heads: [],
    remedies: [],
    learning: [],
    actions: [],
    clockEvents: [],
    contextFigures: [],
    lastReferenceNumber: 0,
  };

  // Organisation
  const opened = `${firstFy - 5}-04-01`;
  const directorateId = r.uuid();
  out.orgUnits.push({ id: directorateId, kind: 'directorate', parentId: null, openedOn: opened });
  out.orgUnitNames.push({ orgUnitId: directorateId, name: DEMO_DIRECTORATE, validFrom: opened });
  const serviceIds = new Map<string, string>();
  for (const name of DEMO_SERVICES) {
    const id = r.uuid();
    serviceIds.set(name, id);
    out.orgUnits.push({ id, kind: 'service', parentId: directorateId, openedOn: opened });
    out.orgUnitNames.push({ orgUnitId: id, name, validFrom: opened });
  }
  const teamIds = new Map<string, string>();
  for (const t of DEMO_TEAMS) teamIds.set(t.key, r.uuid());
  const teamWindow = new Map<string, { from: IsoDate; to: IsoDate | null }>();
  for (const t of DEMO_TEAMS) {
    const id = teamIds.get(t.key)!;
    const closedOn = t.replacedBy ? addCalendarDays(monthsAgo(t.replacedBy.closedMonthsAgo), -1) : null;
    const replacement = DEMO_TEAMS.find((x) => x.replacedBy?.key === t.key);
    const openedOn = replacement ? monthsAgo(replacement.replacedBy!.closedMonthsAgo) : opened;
    teamWindow.set(t.key, { from: openedOn, to: closedOn });
    out.orgUnits.push({
      id,
      kind: 'team',
      parentId: serviceIds.get(t.service)!,
      openedOn,
      closedOn,
      successorId: t.replacedBy ? teamIds.get(t.replacedBy.key)! : null,
    });
    if (t.renamedTo) {
      const from = monthsAgo(t.renamedTo.fromMonthsAgo);
      out.orgUnitNames.push({ orgUnitId: id, name: t.name, validFrom: openedOn, validTo: addCalendarDays(from, -1) });
      out.orgUnitNames.push({ orgUnitId: id, name: t.renamedTo.name, validFrom: from });
    } else {
      out.orgUnitNames.push({ orgUnitId: id, name: t.name, validFrom: openedOn, validTo: closedOn });
    }
  }

  // Staff: a manager for every two teams, plus the complaints team and readers.
  const user = (
    displayName: string,
    role: Role,
    teamId: string | null = null,
    managerId: string | null = null,
  ): DemoUser => {
    const u = {
      id: r.uuid(),
      email: `${displayName.toLowerCase().replace(/[^a-z]+/g, '.')}@example.gov.uk`,
      displayName,
      role,
      teamId,
      managerId,
    };
    out.users.push(u);
    return u;
  };
  user('Alex Admin', 'administrator');
  const officers = [user('Carol Officer', 'complaints_officer'), user('Dev Officer', 'complaints_officer')];
  const senior = user('Sam Senior', 'senior_manager');
  user('Rita Reader', 'report_viewer');
  const managerOf = new Map<string, DemoUser>();
  DEMO_TEAMS.forEach((t, i) => {
    const name = DEMO_STAFF_NAMES[Math.floor(i / 2) % DEMO_STAFF_NAMES.length]!;
    const existing = out.users.find((u) => u.displayName === name);
    managerOf.set(t.key, existing ?? user(name, 'investigating_manager', teamIds.get(t.key)!, senior.id));
  });

  // People: a pool of complainants, a few of whom come back again and again.
  const complainantPool: { id: string; childId: string; childAge: number; family: string }[] = [];
  const poolSize = opts.casesOnly ? 40 : Math.max(40, Math.round(perYear * (years + 1) * 0.7));
  for (let i = 0; i < poolSize; i++) {
    const family = r.pick(DEMO_FAMILY);
    const id = r.uuid();
    const childId = r.uuid();
    const given = r.pick(DEMO_GIVEN);
    out.people.push({
      id,
      givenName: given,
      familyName: family,
      email: r.chance(0.8) ? `${given.toLowerCase()}.${family.toLowerCase()}${i}@example.com` : null,
      phone: r.chance(0.7) ? `07700 9${String(r.int(0, 99999)).padStart(5, '0')}` : null,
      postcode: `SY${r.int(1, 9)} ${r.int(1, 9)}${r.pick(['AB', 'DE', 'HJ', 'LN', 'PQ', 'RT'])}`,
      persistentFlag: false,
    });
    const childAge = r.int(1, 17);
    out.people.push({
      id: childId,
      givenName: r.pick(DEMO_CHILD_GIVEN),
      familyName: family,
      dateOfBirth: addCalendarDays(`${firstFy}-06-01`, -childAge * 365 - r.int(0, 300)),
      ethnicityId: ref(
        'ethnicity',
        r.weighted([
          ['WBRI', 78],
          ['WOTH', 4],
          ['MWBC', 3],
          ['MWAS', 2],
          ['AIND', 2],
          ['APKN', 2],
          ['BAFR', 2],
          ['WROM', 1],
          ['OOTH', 1],
          ['NOBT', 5],
        ] as const),
      ),
    });
    complainantPool.push({ id, childId, childAge, family });
  }
  // Zipf-like: the first few complainants are picked far more often.
  const pickComplainant = () =>
    complainantPool[Math.min(complainantPool.length - 1, Math.floor(complainantPool.length * r.next() ** 2.2))]!;
  const persistent = complainantPool[0]!;
  const persistentPerson = out.people.find((p) => p.id === persistent.id)!;
  Object.assign(persistentPerson, {
    persistentFlag: true,
    persistentFlaggedOn: `${currentFy - 1}-09-01`,
    persistentReviewOn: `${currentFy}-09-01`,
    persistentContactPlan: 'One named contact in the complaints team; written contact only.',
  });

  // Cases, in order of arrival so references count up with time.
  const arrivals: { date: IsoDate; type: FeedbackType }[] = [];
  for (let fy = firstFy; fy <= currentFy; fy++) {
    for (let m = 0; m < 12; m++) {
      const monthStart = `${m < 9 ? fy : fy + 1}-${String(((m + 3) % 12) + 1).padStart(2, '0')}-01`;
      if (monthStart > today) break;
      const n = Math.round((perYear * MONTH_WEIGHTS[m]!) / 105 + (r.next() - 0.5) * 4);
      const daysInMonth = new Date(
        Date.UTC(Number(monthStart.slice(0, 4)), Number(monthStart.slice(5, 7)), 0),
      ).getUTCDate();
      for (let i = 0; i < n; i++) {
        let date = addCalendarDays(monthStart, r.int(0, daysInMonth - 1));
        if (date > today) continue;
        if (!cal.isWorkingDay(date) && r.chance(0.85)) date = cal.nextWorkingDayOnOrAfter(date);
        if (date > today) continue;
        const type = r.weighted([
          ['complaint', 170],
          ['compliment', 25],
          ['comment', 5],
          ['concern', 4],
          ['mp_enquiry', 3],
          ['question', 2],
        ] as const);
        arrivals.push({ date, type });
      }
    }
  }
  arrivals.sort((a, b) => a.date.localeCompare(b.date));
  const migrationDate = `${firstFy + 1}-01-15`;
  const past = (d: IsoDate | null | undefined): d is IsoDate => !!d && d <= today;
  const teamsOpenOn = (date: IsoDate, filter: (t: DemoTeam) => boolean) =>
    DEMO_TEAMS.filter((t) => {
      const w = teamWindow.get(t.key)!;
      return filter(t) && w.from <= date && (w.to === null || date <= w.to);
    });
  const at = (date: IsoDate) => new Date(`${date}T10:00:00Z`);
  let seq = 0;

  for (const arrival of arrivals) {
    seq += 1;
    const caseId = r.uuid();
    const receivedOn = arrival.date;
    const reference = formatCaseReference(opts.referencePrefix, receivedOn, seq);
    const migrated = receivedOn < migrationDate;
    const channelId = ref(
      'channel',
      migrated
        ? r.weighted([
            ['EMAIL', 50],
            ['WEB_FORM', 25],
            ['TELEPHONE', 15],
            ['LETTER', 8],
            ['IN_PERSON', 2],
          ] as const)
        : r.weighted([
            ['EMAIL', 40],
            ['WEB_FORM', 20],
            ['PORTAL', 18],
            ['TELEPHONE', 14],
            ['LETTER', 5],
            ['IN_PERSON', 3],
          ] as const),
    );
    const officer = r.pick(officers);
    let type: FeedbackType = arrival.type;
    const base: Insert<typeof s.feedbackCases> = {
      id: caseId,
      reference,
      type,
      status: 'closed',
      receivedOn,
      channelId,
      subject: '',
      description: '',
      migrated,
      legacySystem: migrated ? 'Contact Us' : null,
      legacyReference: migrated ? `CU${String(100000 + seq)}` : null,
      createdBy: officer.id,
      createdAt: at(receivedOn),
      updatedAt: at(receivedOn),
    };
    out.cases.push(base);
    out.typeChanges.push({
      caseId,
      fromType: null,
      toType: type,
      reason: migrated ? 'Migrated from Contact Us' : 'Recorded',
      changedBy: officer.id,
      changedAt: at(receivedOn),
    });
    if (opts.casesOnly) {
      const team = r.weighted(teamsOpenOn(receivedOn, () => true).map((t) => [t, t.weight] as const));
      base.subject = r.pick(COMPLAINT_SUBJECTS.corporate!);
      base.teamId = teamIds.get(team.key)!;
      base.procedure = type === 'complaint' ? (team.statutory ? 'childrens_statutory' : 'corporate') : null;
      const done = cal.addWorkingDays(receivedOn, r.int(3, 40));
      if (done <= today) base.closedOn = done;
      else base.status = 'open';
      continue;
    }
    const who = pickComplainant();
    const relationship = r.weighted([
      ['MOTHER', 45],
      ['FATHER', 21],
      ['GRANDPARENT', 8],
      ['FOSTER_CARER', 5],
      ['SPECIAL_GUARDIAN', 3],
      ['ADVOCATE', 3],
      ['CHILD', 2],
      ['SOLICITOR', 2],
      ['OTHER_RELATIVE', 4],
      ['MP', 2],
      ['OTHER', 5],
    ] as const);

    if (type === 'compliment') {
      const team = r.weighted(teamsOpenOn(receivedOn, () => true).map((t) => [t, t.weight + 3] as const));
      base.teamId = teamIds.get(team.key)!;
      base.subject = `Compliment for ${team.name}`;
      base.description = r.pick(COMPLIMENT_TEXTS);
      base.closedOn = receivedOn;
      out.compliments.push({
        caseId,
        teamId: base.teamId,
        staffName: r.chance(0.6) ? `${r.pick(DEMO_GIVEN)} ${r.pick(DEMO_FAMILY)}` : null,
        staffRole: r.chance(0.6)
          ? r.pick([
              'Social Worker',
              'Personal Adviser',
              'SEND Officer',
              'Family Support Worker',
              'Senior Social Worker',
            ])
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
      continue;
    }

    const team = r.weighted(teamsOpenOn(receivedOn, () => true).map((t) => [t, t.weight] as const));
    const teamId = teamIds.get(team.key)!;
    const manager = managerOf.get(team.key)!;
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
      ...r.sample(
        ['CONTACT', 'SOCIAL_WORKER_CHANGE', 'DATA_PROTECTION', 'FINANCIAL_SUPPORT', 'ASSESSMENT'],
        r.int(0, 2),
      ),
    ])) {
      const themeId = refOrNull('theme', code);
      if (themeId) out.themes.push({ caseId, themeId });
    }

    if (type !== 'complaint') {
      // Concerns are resolved within 48 hours; MP enquiries and questions are answered without a stage.
      const days = type === 'concern' ? r.int(1, 2) : r.int(3, 18);
      const done = cal.addWorkingDays(receivedOn, days);
      if (past(done)) base.closedOn = done;
      else base.status = 'open';
      base.subject = type === 'mp_enquiry' ? `MP enquiry: ${base.subject.toLowerCase()}` : base.subject;
      continue;
    }

    // Complaint
    const procedure: Procedure = team.statutory
      ? r.chance(0.85)
        ? 'childrens_statutory'
        : 'corporate'
      : r.chance(0.97)
        ? 'corporate'
        : 'out_of_scope';
    base.procedure = procedure;
    out.procedureChanges.push({
      caseId,
      fromProcedure: null,
      toProcedure: procedure,
      reason:
        procedure === 'childrens_statutory'
          ? 'About social care for a child'
          : procedure === 'out_of_scope'
            ? 'About a school-run matter: signposted to the school'
            : 'About a non-social-care service',
      changedBy: officer.id,
      changedAt: at(receivedOn),
    });
    if (procedure === 'out_of_scope') {
      base.signposting =
        'This is a matter for the school governing body. We have passed on the school complaints procedure.';
      base.closedOn = past(base.acknowledgedOn) ? base.acknowledgedOn : null;
      if (!base.closedOn) base.status = 'open';
      continue;
    }
    if (r.chance(0.02) && procedure === 'corporate') {
      // Recorded as a complaint, really a question: the correction is kept and reports use "question".
      type = 'question';
      base.type = 'question';
      out.typeChanges.push({
        caseId,
        fromType: 'complaint',
        toType: 'question',
        reason: 'Asked for information only; no dissatisfaction expressed',
        changedBy: officer.id,
        changedAt: at(cal.addWorkingDays(receivedOn, 1)),
      });
      const done = cal.addWorkingDays(receivedOn, r.int(3, 10));
      if (past(done)) base.closedOn = done;
      else base.status = 'open';
      continue;
    }

    const statutory = procedure === 'childrens_statutory';
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

    // Investigations: usually one team, sometimes two.
    const teamsInvestigated = withdrawnEarly
      ? []
      : [
          team,
          ...(r.chance(0.07)
            ? [r.weighted(teamsOpenOn(receivedOn, (t) => t.key !== team.key).map((t) => [t, t.weight] as const))]
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
      const invManager = managerOf.get(t.key)!;
      out.investigations.push({
        id: invId,
        stageId: stage1Id,
        teamId: teamIds.get(t.key)!,
        investigatorId: invManager.id,
        startedOn: receivedOn,
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
    const outcome = withdrawnEarly
      ? stage1Done
        ? 'withdrawn'
        : null
      : rollUpOutcome(outcomes.length === teamsInvestigated.length ? outcomes : [null]);
    stage1.outcome = stage1Done ? outcome : null;
    if (stage1Done && outcome && outcome !== 'withdrawn') addRemedies(stage1Id, outcome, respondedOn, 'stage1');

    // Escalation
    let lastClosed: IsoDate | null = stage1Done ? respondedOn : null;
    let finalOutcome: Outcome | null = stage1Done ? outcome : null;
    let finalStageId = stage1Id;
    if (stage1Done && outcome && outcome !== 'withdrawn' && outcome !== 'upheld' && r.chance(0.07)) {
      const requestedOn = cal.addWorkingDays(respondedOn, r.int(2, 18));
      if (past(requestedOn)) {
        const stage2Id = r.uuid();
        finalStageId = stage2Id;
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
        if (done) addRemedies(stage2Id, outcome2, responded, 'stage2');

        if (done && statutory && outcome2 !== 'upheld' && r.chance(0.25)) {
          const req3 = cal.addWorkingDays(responded, r.int(5, 18));
          const panel = cal.addWorkingDays(req3, r.int(20, 34));
          const report = cal.addWorkingDays(panel, r.int(3, 6));
          const reply = cal.addWorkingDays(report, r.int(8, 16));
          if (past(req3)) {
            const stage3Id = r.uuid();
            finalStageId = stage3Id;
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
            lastClosed = d3 ? reply : null;
            finalOutcome = d3 ? outcome3 : null;
          }
        }
      }
    }
    if (lastClosed && finalOutcome !== 'withdrawn' && r.chance(0.035)) {
      const enquiry = addCalendarDays(lastClosed, r.int(30, 150));
      if (past(enquiry)) {
        const lgscoId = r.uuid();
        finalStageId = lgscoId;
        const responded = addCalendarDays(
          enquiry,
          r.weighted([
            [r.int(14, 28), 80],
            [r.int(29, 45), 20],
          ] as const),
        );
        const decisionOn = addCalendarDays(enquiry, r.int(60, 200));
        const decided = past(decisionOn);
        const decision: LgscoDecision = r.weighted([
          ['upheld', 45],
          ['closed_after_initial_enquiries', 30],
          ['premature_referred_back', 10],
          ['not_upheld', 10],
          ['not_investigated', 5],
        ] as const);
        out.stages.push({
          id: lgscoId,
          caseId,
          kind: 'lgsco',
          procedure,
          requestedOn: enquiry,
          startedOn: enquiry,
          lgscoReference: `${String(Number(enquiry.slice(2, 4)))}/${String(r.int(100, 19999)).padStart(5, '0')}`,
          lgscoEnquiryReceivedOn: enquiry,
          lgscoEnquiryRespondedOn: past(responded) ? responded : null,
          lgscoDecision: decided ? decision : null,
          lgscoDecisionOn: decided ? decisionOn : null,
          lgscoFaultFound: decided ? decision === 'upheld' : null,
          lgscoInjusticeFound: decided ? decision === 'upheld' && r.chance(0.8) : null,
          respondedOn: decided ? decisionOn : null,
          closedOn: decided ? decisionOn : null,
          outcome: decided
            ? decision === 'upheld'
              ? 'upheld'
              : decision === 'not_upheld'
                ? 'not_upheld'
                : 'no_finding'
            : null,
        });
        if (decided && decision === 'upheld') {
          const due = addCalendarDays(decisionOn, 30);
          out.remedies.push({
            stageId: lgscoId,
            remedyTypeId: ref('remedy_type', 'APOLOGY'),
            description: 'Written apology',
            dueOn: due,
            completedOn: past(addCalendarDays(decisionOn, 14)) ? addCalendarDays(decisionOn, 14) : null,
            complianceEvidence: 'Copy of apology letter sent to the Ombudsman',
          });
          out.remedies.push({
            stageId: lgscoId,
            remedyTypeId: ref('remedy_type', 'FINANCIAL'),
            amountPence: r.int(2, 15) * 10000,
            description: 'Payment for distress and time and trouble',
            dueOn: due,
            completedOn: past(addCalendarDays(decisionOn, 25)) ? addCalendarDays(decisionOn, 25) : null,
            complianceEvidence: 'Payment confirmation',
          });
        }
        lastClosed = decided ? decisionOn : null;
      }
    }
    void finalStageId;
    base.outcome = stage1.outcome ?? null;
    if (lastClosed) {
      base.closedOn = lastClosed;
      base.status = 'closed';
    } else {
      base.status = base.acknowledgedOn ? 'open' : 'new';
      base.closedOn = null;
      if (base.status === 'new') base.investigatingManagerId = null;
    }
  }
  out.lastReferenceNumber = seq;

  // Context figures for rates per 1,000 children.
  for (let fy = firstFy; fy <= currentFy; fy++) {
    out.contextFigures.push({
      financialYearStart: fy,
      measure: 'children_worked_with',
      value: 4200 + r.int(-200, 300),
      note: 'Children with an open social care episode during the year',
    });
    out.contextFigures.push({
      financialYearStart: fy,
      measure: 'referrals',
      value: 2900 + r.int(-250, 250),
      note: "Referrals to children's social care",
    });
  }
  return out;

  function addRemedies(stageId: string, outcome: Outcome, on: IsoDate, stage: 'stage1' | 'stage2') {
    const upheld = isUpheld(outcome);
    if (r.chance(upheld ? 0.8 : 0.9))
      out.remedies.push({
        stageId,
        remedyTypeId: ref('remedy_type', 'EXPLANATION'),
        description: 'Full explanation given in the response',
        completedOn: on,
      });
    if (upheld && r.chance(0.7))
      out.remedies.push({
        stageId,
        remedyTypeId: ref('remedy_type', 'APOLOGY'),
        description: 'Apology in the response letter',
        completedOn: on,
      });
    if (upheld && r.chance(0.25))
      out.remedies.push({
        stageId,
        remedyTypeId: ref('remedy_type', 'SERVICE_PROVIDED'),
        description: 'Assessment or service arranged',
        completedOn: on,
      });
    if (upheld && r.chance(0.08))
      out.remedies.push({
        stageId,
        remedyTypeId: ref('remedy_type', 'TRAINING'),
        description: 'Team training arranged',
        completedOn: on,
      });
    if (upheld && r.chance(stage === 'stage2' ? 0.3 : 0.04))
      out.remedies.push({
        stageId,
        remedyTypeId: ref('remedy_type', 'FINANCIAL'),
        amountPence: r.int(1, 10) * 5000,
        description: 'Payment for time and trouble',
        completedOn: on,
      });
  }
}
