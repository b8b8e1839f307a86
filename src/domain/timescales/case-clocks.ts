import type { IsoDate } from '../calendar/iso-date.ts';
import type { WorkingDayCalendar } from '../calendar/working-days.ts';
import type { FeedbackType, Procedure, StageKind } from '../cases/vocabulary.ts';
import { computeClock, plainWorkingDayClock, type ClockEventInput, type ClockResult } from './clock-engine.ts';
import type { ClockName } from './clock-names.ts';
import { CONCERN_RULE } from './presets.ts';
import { maybeProcedure } from '../procedures/registry.ts';
import type { ProcedureDefinition, StageDateField } from '../procedures/types.ts';
import type { ClockRule, StartEvent, TimescalePolicy } from './rules.ts';

/** What the engine needs to know about a case: its dates, never its people. */
export type StageDates = { kind: StageKind } & Partial<Record<StageDateField, IsoDate | null>>;

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

/** One clock a case may run, with the stage whose dates start and stop it (from the procedure's definition). */
interface ClockPlan {
  clock: ClockName;
  /** The stage whose dates start and stop it; null for the case's own (acknowledgement). */
  stage: StageKind | null;
  /** A window clock opens when this earlier stage answers. */
  previous?: StageKind;
  /** The date that stops it. */
  done: (f: CaseClockFacts, stage: StageDates | undefined) => IsoDate | null | undefined;
  /** Whether it runs at all for this case (window clocks instead wait for the previous answer). */
  applies: (f: CaseClockFacts, stage: StageDates | undefined) => boolean;
}

const COMPLAINT_LIKE = (f: CaseClockFacts) => f.type === 'complaint';

/** Every complaint is acknowledged, whatever its procedure, so this clock is the case's own. */
const ACKNOWLEDGEMENT: ClockPlan = {
  clock: 'acknowledgement',
  stage: null,
  done: (f) => f.acknowledgedOn,
  applies: COMPLAINT_LIKE,
};

/** The clocks a procedure's stages run, in the order the definition lists them. */
function plansFor(procedure: ProcedureDefinition): ClockPlan[] {
  const plans: ClockPlan[] = [ACKNOWLEDGEMENT];
  for (const stage of procedure.stages)
    for (const c of stage.clocks)
      plans.push({
        clock: c.clock,
        stage: stage.kind,
        previous: c.opensWhenAnswered,
        done: (_f, s) => s?.[c.stopsOn],
        applies: c.runsBeforeStageExists ? (f, s) => !!s || COMPLAINT_LIKE(f) : (_f, s) => !!s,
      });
  return plans;
}

const plansCache = new WeakMap<ProcedureDefinition, ClockPlan[]>();
/** A complaint whose procedure is not decided yet, or a signposted one, runs only its acknowledgement clock. */
function plans(f: CaseClockFacts): ClockPlan[] {
  const procedure = maybeProcedure(f.procedure);
  if (!procedure) return [ACKNOWLEDGEMENT];
  let p = plansCache.get(procedure);
  if (!p) plansCache.set(procedure, (p = plansFor(procedure)));
  return p;
}

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
  for (const plan of plans(f)) {
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
  const plan = plans(f).find((p) => p.clock === clock);
  return policy && plan ? runPlan(plan, f, policy, calendar, today) : null;
}

function runPlan(
  plan: ClockPlan,
  f: CaseClockFacts,
  policy: TimescalePolicy,
  calendar: WorkingDayCalendar,
  today: IsoDate,
): CaseClock | null {
  // Whether the clock runs at all is asked first: most of a procedure's clocks do not run on a given case, and
  // this engine runs millions of times (the rule is looked up only for those that do).
  const stage = plan.stage ? stageOf(f, plan.stage) : undefined;
  const previous = plan.previous ? stageOf(f, plan.previous) : undefined;
  if (plan.previous) {
    // A window opens when the previous stage answers, and only while the case could still escalate.
    if (!previous?.respondedOn) return null;
  } else if (!plan.applies(f, stage)) return null;
  const rule = policy.rules[plan.clock];
  if (!rule) return null;
  const startedOn = startDate(rule.startsOn, f, stage, previous);
  const completedOn = plan.done(f, stage) ?? null;
  // A response clock still running when the case closed (a complaint answered but never acknowledged) is judged
  // as at the closing day: missed if that was after its due date, otherwise no longer needed. It never goes on
  // counting towards "due soon" or "overdue" on a closed case. A window clock is the complainant's, and runs on.
  const closedWithout = rule.kind === 'response' && !completedOn && startedOn && f.closedOn ? f.closedOn : null;
  const asAt = closedWithout && closedWithout < today ? closedWithout : today;
  const events = eventsFor(f, plan.clock);
  const result =
    events.length === 0 && startedOn && rule.unit === 'working_days'
      ? plainWorkingDayClock(rule, startedOn, completedOn, asAt, policy.dueSoonDays, calendar)
      : computeClock({ rule, startedOn, completedOn, events, today: asAt, dueSoonDays: policy.dueSoonDays }, calendar);
  if (closedWithout) {
    result.status = result.status === 'overdue' ? 'missed' : 'closed_before_due';
    result.daysRemaining = null;
    result.caseClosedOn = closedWithout;
  }
  return { clock: plan.clock, rule, startEvent: rule.startsOn, result };
}

function stageOf(f: CaseClockFacts, kind: StageKind): StageDates | undefined {
  for (const s of f.stages) if (s.kind === kind) return s;
  return undefined;
}

const NONE: ClockEventInput[] = [];
function eventsFor(f: CaseClockFacts, clock: ClockName): ClockEventInput[] {
  // Most clocks of a case with events have none of their own: no list is made for them.
  let out: ClockEventInput[] | null = null;
  for (const e of f.events) if (e.clock === clock) (out ??= []).push(e);
  return out ?? NONE;
}

/** The clock that matters next: the open one due soonest (for queues and reminders). */
export function nextClock(clocks: readonly CaseClock[]): CaseClock | null {
  let best: CaseClock | null = null;
  for (const c of clocks) {
    if (c.rule.kind !== 'response' || !c.result.dueOn || c.result.completedOn || c.result.caseClosedOn) continue;
    if (!best || c.result.dueOn < best.result.dueOn!) best = c;
  }
  return best;
}
