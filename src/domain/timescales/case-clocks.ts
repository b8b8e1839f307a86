import type { IsoDate } from '../calendar/iso-date.ts';
import type { WorkingDayCalendar } from '../calendar/working-days.ts';
import type { FeedbackType, Procedure, StageKind } from '../cases/vocabulary.ts';
import { computeClock, type ClockEventInput, type ClockResult } from './clock-engine.ts';
import type { ClockName } from './clock-names.ts';
import { CONCERN_RULE } from './presets.ts';
import type { ClockRule, StartEvent, TimescalePolicy } from './rules.ts';

/** What the engine needs to know about a case: its dates, never its people. */
export interface StageDates {
  kind: StageKind;
  requestedOn?: IsoDate | null;
  startedOn?: IsoDate | null;
  statementAgreedOn?: IsoDate | null;
  respondedOn?: IsoDate | null;
  panelHeldOn?: IsoDate | null;
  chairReportReceivedOn?: IsoDate | null;
  authorityRespondedOn?: IsoDate | null;
  lgscoEnquiryReceivedOn?: IsoDate | null;
  lgscoEnquiryRespondedOn?: IsoDate | null;
}

export interface CaseClockFacts {
  type: FeedbackType;
  procedure: Procedure | null;
  receivedOn: IsoDate;
  acknowledgedOn?: IsoDate | null;
  closedOn?: IsoDate | null;
  stages: readonly StageDates[];
  events: readonly (ClockEventInput & { clock: ClockName })[];
}

export interface CaseClock {
  clock: ClockName;
  rule: ClockRule;
  /** Which event started it, for the explanation. */
  startEvent: StartEvent;
  result: ClockResult;
}

interface ClockPlan {
  clock: ClockName;
  /** The stage whose dates start and stop it. */
  stage: StageKind | null;
  /** The stage whose response starts a window clock. */
  previous?: StageKind;
  /** The date that stops it. */
  done: (f: CaseClockFacts, stage: StageDates | undefined) => IsoDate | null | undefined;
  /** Whether it runs at all for this case. */
  applies: (f: CaseClockFacts, stage: StageDates | undefined) => boolean;
}

const COMPLAINT_LIKE = (f: CaseClockFacts) => f.type === 'complaint';
const stageExists = (_f: CaseClockFacts, s: StageDates | undefined) => !!s;

const PLANS: ClockPlan[] = [
  { clock: 'acknowledgement', stage: null, done: (f) => f.acknowledgedOn, applies: COMPLAINT_LIKE },
  {
    clock: 'stage1_response',
    stage: 'stage1',
    done: (_f, s) => s?.respondedOn,
    applies: (f, s) => !!s || (COMPLAINT_LIKE(f) && f.procedure !== null && f.procedure !== 'out_of_scope'),
  },
  {
    clock: 'stage2_request',
    stage: 'stage2',
    previous: 'stage1',
    done: (_f, s) => s?.requestedOn,
    applies: () => true,
  },
  { clock: 'stage2_investigation', stage: 'stage2', done: (_f, s) => s?.respondedOn, applies: stageExists },
  {
    clock: 'stage3_request',
    stage: 'stage3',
    previous: 'stage2',
    done: (_f, s) => s?.requestedOn,
    applies: () => true,
  },
  { clock: 'stage3_panel', stage: 'stage3', done: (_f, s) => s?.panelHeldOn, applies: stageExists },
  { clock: 'stage3_chair_report', stage: 'stage3', done: (_f, s) => s?.chairReportReceivedOn, applies: stageExists },
  {
    clock: 'stage3_authority_response',
    stage: 'stage3',
    done: (_f, s) => s?.authorityRespondedOn,
    applies: stageExists,
  },
  { clock: 'lgsco_enquiry', stage: 'lgsco', done: (_f, s) => s?.lgscoEnquiryRespondedOn, applies: stageExists },
];

function startDate(
  event: StartEvent,
  f: CaseClockFacts,
  stage: StageDates | undefined,
  previous: StageDates | undefined,
): IsoDate | null {
  switch (event) {
    case 'received':
      return f.receivedOn;
    case 'acknowledged':
      return f.acknowledgedOn ?? null;
    case 'stage_started':
      return stage?.startedOn ?? null;
    case 'stage_requested':
      return stage?.requestedOn ?? null;
    case 'statement_agreed':
      return stage?.statementAgreedOn ?? null;
    case 'previous_stage_responded':
      return previous?.respondedOn ?? null;
    case 'panel_held':
      return stage?.panelHeldOn ?? null;
    case 'chair_report_received':
      return stage?.chairReportReceivedOn ?? null;
    case 'lgsco_enquiry_received':
      return stage?.lgscoEnquiryReceivedOn ?? null;
    default: {
      const never: never = event;
      throw new Error(`Unknown start event ${String(never)}`);
    }
  }
}

/**
 * Every clock a case runs, under the policy in force for it. A window clock
 * (time to ask for the next stage) only appears once the previous stage has
 * answered; a stage's clocks only once the stage exists.
 */
export function caseClocks(
  f: CaseClockFacts,
  policy: TimescalePolicy | null,
  calendar: WorkingDayCalendar,
  today: IsoDate,
): CaseClock[] {
  const out: CaseClock[] = [];
  if (f.type === 'concern') {
    const result = computeClock(
      {
        rule: CONCERN_RULE,
        startedOn: f.receivedOn,
        completedOn: f.closedOn ?? null,
        events: eventsFor(f, 'concern_resolution'),
        today,
        dueSoonDays: policy?.dueSoonDays ?? 1,
      },
      calendar,
    );
    out.push({ clock: 'concern_resolution', rule: CONCERN_RULE, startEvent: 'received', result });
  }
  if (!policy) return out;
  for (const plan of PLANS) {
    const clock = runPlan(plan, f, policy, calendar, today);
    if (clock) out.push(clock);
  }
  return out;
}

/** One named clock of a case (for reports, which judge each stage by its response clock alone); null when it does not run. */
export function caseClock(
  f: CaseClockFacts,
  policy: TimescalePolicy | null,
  calendar: WorkingDayCalendar,
  today: IsoDate,
  clock: ClockName,
): CaseClock | null {
  const plan = PLANS.find((p) => p.clock === clock);
  return policy && plan ? runPlan(plan, f, policy, calendar, today) : null;
}

function runPlan(
  plan: ClockPlan,
  f: CaseClockFacts,
  policy: TimescalePolicy,
  calendar: WorkingDayCalendar,
  today: IsoDate,
): CaseClock | null {
  const rule = policy.rules[plan.clock];
  if (!rule) return null;
  const stage = plan.stage ? stageOf(f, plan.stage) : undefined;
  const previous = plan.previous ? stageOf(f, plan.previous) : undefined;
  if (plan.previous) {
    // A window opens when the previous stage answers, and only while the case could still escalate.
    if (!previous?.respondedOn) return null;
  } else if (!plan.applies(f, stage)) return null;
  const startedOn = startDate(rule.startsOn, f, stage, previous);
  const completedOn = plan.done(f, stage) ?? null;
  const result = computeClock(
    { rule, startedOn, completedOn, events: eventsFor(f, plan.clock), today, dueSoonDays: policy.dueSoonDays },
    calendar,
  );
  return { clock: plan.clock, rule, startEvent: rule.startsOn, result };
}

function stageOf(f: CaseClockFacts, kind: StageKind): StageDates | undefined {
  for (const s of f.stages) if (s.kind === kind) return s;
  return undefined;
}

const NONE: ClockEventInput[] = [];
function eventsFor(f: CaseClockFacts, clock: ClockName): ClockEventInput[] {
  if (f.events.length === 0) return NONE;
  const out: ClockEventInput[] = [];
  for (const e of f.events) if (e.clock === clock) out.push(e);
  return out;
}

/** The clock that matters next: the open one due soonest (for queues and reminders). */
export function nextClock(clocks: readonly CaseClock[]): CaseClock | null {
  let best: CaseClock | null = null;
  for (const c of clocks) {
    if (c.rule.kind !== 'response' || !c.result.dueOn || c.result.completedOn) continue;
    if (!best || c.result.dueOn < best.result.dueOn!) best = c;
  }
  return best;
}
