import { answeredOnField } from '../domain/procedures/flow.ts';
import { definitionOfStage, maybeProcedure, procedureLabel, procedureOrder } from '../domain/procedures/registry.ts';
import { groupBy } from '../domain/group-by.ts';
import { addCalendarDays, financialYearStart, type IsoDate } from '../domain/calendar/iso-date.ts';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import { codeTimeliness, type CodeTimeliness } from './code-timeliness.ts';
import {
  FEEDBACK_TYPES,
  FINDING_OUTCOMES,
  isUpheld,
  LGSCO_DECISION_LABELS,
  OUTCOME_LABELS,
  OUTCOMES,
  STAGE_KINDS,
  STAGE_LABELS,
  type FeedbackType,
  type Outcome,
  type Procedure,
  type StageKind,
} from '../domain/cases/vocabulary.ts';
import { currentName, nameOn, serviceAreaOf, todaysUnit } from '../domain/organisation/org-units.ts';
import { caseClock } from '../domain/timescales/case-clocks.ts';
import { policyForCase } from '../domain/timescales/policy-in-force.ts';
import { START_EVENT_LABELS } from '../domain/timescales/rules.ts';
import type { ReportCase, ReportRows, ReportStage } from './rows.ts';

/**
 * The report's figures for one period, as pure functions of the rows. Each
 * measure's definition is written in DEFINITIONS, once, and shown in the
 * report's appendix.
 */
export interface Period {
  from: IsoDate;
  to: IsoDate;
  label: string;
}

export interface Count {
  label: string;
  count: number;
  /** Percent of the measure's total, to one decimal place. */
  percent: number;
  /**
   * The references of the cases behind the count, so every figure can be traced. In a model shaped
   * for a reader (traceability.ts): only their own cases, or absent when they may see no case.
   */
  refs?: string[];
}

/**
 * Of the Stage 1 investigations with a finding under one label (a team, a directorate or a theme),
 * how many were upheld in full or in part, and how many in full (councils publish either).
 */
export interface UpheldRate {
  label: string;
  withFinding: number;
  /** Upheld in full or in part. */
  upheld: number;
  percent: number;
  upheldInFull: number;
  percentInFull: number;
  /** As Count's refs. */
  refs?: string[];
}

export interface TimescaleRow {
  procedure: Procedure;
  stage: StageKind;
  responses: number;
  metBase: number;
  metExtension: number;
  missed: number;
  excludedMigrated: number;
  /** Answered in the period, but with dates that cannot rebuild the clock (listed, with why, in dataQuality). */
  cannotRebuild: number;
  /** Stages the complainant withdrew: the council never answered them, so they are neither on time nor late. */
  withdrawn: number;
  averageDays: number | null;
  medianDays: number | null;
  /** As Count's refs. */
  refs?: string[];
}

export interface ServiceAreaRow {
  label: string;
  byType: Record<FeedbackType, number>;
  total: number;
  /** As Count's refs. */
  refs?: string[];
}

/** Complaints received, and Stage 1 responses sent and their timeliness, for one part of the organisation. */
export interface UnitRow {
  label: string;
  complaints: number;
  stage1Responses: number;
  /** Within the timescale or an agreed extension. */
  stage1OnTime: number;
  onTimePercent: number | null;
  averageDays: number | null;
  /** The complaints' references, as Count's refs. */
  refs?: string[];
}

export interface PeriodFigures {
  period: Period;
  /** False when the period ended before the earliest case held: its figures are "no data", not 0. */
  dataHeld: boolean;
  total: number;
  byType: Record<FeedbackType, number>;
  /** As Count's refs. */
  refsByType?: Record<FeedbackType, string[]>;
  complaints: number;
  investigations: number;
  byProcedure: Count[];
  byMonth: { month: string; count: number }[];
  byQuarter: number[];
  monthlyAverage: number;
  byTeam: Count[];
  /**
   * Complaints and Stage 1 timeliness by the directorate and by the service of the case's lead team
   * (a case recorded against a directorate only counts under it, and under no service).
   */
  byDirectorate: UnitRow[];
  byService: UnitRow[];
  /** All feedback by the service area of its lead team, and by type; the references are of the row's total. */
  byServiceArea: ServiceAreaRow[];
  byCategory: Count[];
  byTheme: { statutory: Count[]; corporate: Count[] };
  outcomes: {
    closed: number;
    withFinding: number;
    byOutcome: { outcome: Outcome; count: number; percentOfClosed: number; percentOfFindings: number | null }[];
    upheldByTeam: UpheldRate[];
    upheldByDirectorate: UpheldRate[];
    upheldByTheme: UpheldRate[];
    refs?: string[];
    /** Stage 1 stages the complainant withdrew in the period: never answered, so not among the investigations' outcomes. */
    withdrawn: { count: number; refs?: string[] };
  };
  /** Outcomes of the Stage 2 and Stage 3 stages answered in the period; withdrawals (the procedure's) as their own row, "Withdrawn". */
  stage2Outcomes: Count[];
  stage3Outcomes: Count[];
  ombudsman: {
    enquiries: number;
    decisions: Count[];
    faultFound: number;
    injusticeFound: number;
    remedies: number;
    remediesDue: number;
    remediesCompletedOnTime: number;
    remediesOutstanding: number;
  };
  timescales: TimescaleRow[];
  /** Complaints measured against the Complaint Handling Code's timescales (code-timeliness.ts). */
  codeTimeliness: CodeTimeliness;
  /**
   * Stages left out of the timescale figures because their clocks cannot be rebuilt from the dates
   * held (most often migrated cases): one row per reason, counting stages, with the cases behind them.
   */
  dataQuality: Count[];
  /** Stages requested in the period; of them, how many the complainant has withdrawn. */
  progression: {
    beyondStage1: number;
    stage2: number;
    stage3: number;
    lgsco: number;
    withdrawn: { stage2: number; stage3: number };
  };
  /**
   * Costs of the stages requested in the period: null when none of them has a cost recorded (never
   * £0.00 for costs not recorded); `unrecorded`, how many of them have none.
   */
  costs: {
    stage2Pence: number | null;
    stage3Pence: number | null;
    unrecorded: { stage2: number; stage3: number };
  };
  remedies: Count[];
  /** The same remedies by the stage they were given at (the Ombudsman's: those it recommended). */
  remediesByStage: Count[];
  /** Financial remedies paid in the period (by their payment date, or their case's receipt when it is not recorded). */
  financialRemediesPence: number;
  /** Of those, payments with no date recorded, counted by their case's receipt. */
  financialRemediesUndated: number;
  learning: {
    byType: Count[];
    upheldComplaints: number;
    upheldWithLearning: number;
    upheldWithLearningPercent: number | null;
    actions: number;
    actionsCompleted: number;
    actionsCompletedOnTime: number;
  };
  people: {
    relationship: Count[];
    byChildren: number;
    lookedAfter: number;
    serviceUserGroup: Count[];
    ethnicity: Count[];
    channel: Count[];
  };
  repeat: { twoOrMore: number; fourOrMore: number };
  compliments: { byTeam: Count[]; byOrigin: Count[]; byTheme: Count[] };
  context: { measure: string; value: number; complaintsPerThousand: number }[];
}

export interface FigureOptions {
  /** Teams as they were named when the case arrived, or under today's team. */
  teamNames: 'as_was' | 'today';
  /**
   * Leave every migrated case out of the timescale figures (their dates came from another system).
   * Off by default: a migrated case whose dates rebuild its clocks counts like any other.
   */
  excludeMigratedFromTimescales: boolean;
  /** Only cases whose lead team is in this part of the organisation (a directorate, service or team). */
  orgUnitId?: string | null;
  /** Only cases under these procedures (compliments and other feedback have none, so drop out). */
  procedures?: Procedure[] | null;
}

export const within = (d: IsoDate | null | undefined, p: Period) => !!d && d >= p.from && d <= p.to;
const pct = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 10 : 0);

/** Items counted by label, most first; `total` is what the percentages are of (by default, the items). */
export function counts(
  items: { label: string | null | undefined; ref: string }[],
  unknown = 'Not recorded',
  total = items.length,
): Count[] {
  const m = new Map<string, string[]>();
  for (const { label, ref } of items) {
    const key = label ?? unknown;
    const refs = m.get(key);
    if (refs) refs.push(ref);
    else m.set(key, [ref]);
  }
  return [...m]
    .map(([label, refs]) => ({ label, count: refs.length, percent: pct(refs.length, total), refs }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** The same period one or two years earlier (29 February becomes 28 February). */
export function shiftYears(p: Period, years: number, label: string): Period {
  const shift = (d: IsoDate) => {
    const y = Number(d.slice(0, 4)) - years;
    const md = d.slice(5) === '02-29' ? '02-28' : d.slice(5);
    return `${y}-${md}`;
  };
  return { from: shift(p.from), to: shift(p.to), label };
}

export function teamLabeller(rows: ReportRows, opts: FigureOptions) {
  const successors = new Map(rows.teams.map((t) => [t.id, t.successorId]));
  const byId = new Map(rows.teams.map((t) => [t.id, t]));
  // Asked for every case, row and period, about a few dozen units on a few hundred days: remembered,
  // by team then day (a key made of both was a new string for every question: most of the time at scale).
  const known = new Map<string, Map<IsoDate, string | null>>();
  const lookUp = (teamId: string, on: IsoDate): string | null => {
    if (opts.teamNames === 'as_was') return nameOn(byId.get(teamId)?.names ?? [], on);
    const today = byId.get(todaysUnit(teamId, successors));
    return today ? currentName(today.names) : null;
  };
  return (teamId: string | null, on: IsoDate): string | null => {
    if (!teamId) return null;
    let onDays = known.get(teamId);
    if (!onDays) known.set(teamId, (onDays = new Map()));
    let name = onDays.get(on);
    if (name === undefined) onDays.set(on, (name = lookUp(teamId, on)));
    return name;
  };
}

/** The name of the service area of a case's lead team, under the same naming choice as teams. */
function serviceAreaLabeller(rows: ReportRows, opts: FigureOptions, team: ReturnType<typeof teamLabeller>) {
  const units = new Map(rows.teams.map((t) => [t.id, t]));
  const successors = new Map(rows.teams.map((t) => [t.id, t.successorId]));
  const areaOf = new Map<string, string>();
  return (c: ReportCase): string | null => {
    if (!c.teamId) return null;
    let area = areaOf.get(c.teamId);
    // Mapped to today: the service today's team sits in; as it was: the service the team sat in.
    if (area === undefined)
      areaOf.set(
        c.teamId,
        (area = serviceAreaOf(opts.teamNames === 'today' ? todaysUnit(c.teamId, successors) : c.teamId, units)),
      );
    return team(area, c.receivedOn);
  };
}

/**
 * The name of the directorate (or service) a unit sits in, or is, under the same naming choice as
 * teams; null when it sits in none (a case recorded against a directorate has no service).
 */
function unitOfKindLabeller(
  rows: ReportRows,
  opts: FigureOptions,
  team: ReturnType<typeof teamLabeller>,
  kind: 'directorate' | 'service',
) {
  const units = new Map(rows.teams.map((t) => [t.id, t]));
  const successors = new Map(rows.teams.map((t) => [t.id, t.successorId]));
  const found = new Map<string, string | null>();
  return (teamId: string | null, on: IsoDate): string | null => {
    if (!teamId) return null;
    let id = found.get(teamId);
    if (id === undefined) {
      id = null;
      const seen = new Set<string>();
      const from = opts.teamNames === 'today' ? todaysUnit(teamId, successors) : teamId;
      for (let u: string | null = from; u && !seen.has(u); u = units.get(u)?.parentId ?? null) {
        seen.add(u);
        if (units.get(u)?.kind === kind) {
          id = u;
          break;
        }
      }
      found.set(teamId, id);
    }
    return id ? team(id, on) : null;
  };
}

/**
 * Lookups over the rows, built once for all three periods of a model (each
 * period reads the same three years of rows; building these per period was
 * most of the model's time).
 */
interface RowIndex {
  byCase: Map<string, ReportCase>;
  stagesByKind: Map<StageKind, ReportStage[]>;
  stagesByCase: Map<string, ReportStage[]>;
  eventsByCase: Map<string, ReportRows['clockEvents']>;
  stage1Investigations: ReportRows['investigations'];
  learningCases: Set<string>;
}
const indexes = new WeakMap<ReportRows, RowIndex>();
function indexOf(rows: ReportRows): RowIndex {
  let index = indexes.get(rows);
  if (!index) {
    index = {
      byCase: new Map(rows.cases.map((c) => [c.id, c])),
      stagesByKind: groupBy(rows.stages, (s) => s.kind),
      stagesByCase: groupBy(rows.stages, (s) => s.caseId),
      eventsByCase: groupBy(rows.clockEvents, (e) => e.caseId),
      stage1Investigations: rows.investigations.filter((i) => i.stage === 'stage1'),
      learningCases: new Set(rows.learning.map((l) => l.caseId)),
    };
    indexes.set(rows, index);
  }
  return index;
}

export function periodFigures(
  rows: ReportRows,
  period: Period,
  opts: FigureOptions,
  calendar: WorkingDayCalendar,
): PeriodFigures {
  const index = indexOf(rows);
  const received = rows.cases.filter((c) => within(c.receivedOn, period));
  const complaints = received.filter((c) => c.type === 'complaint');
  const complaintIds = new Set(complaints.map((c) => c.id));
  const receivedIds = new Set(received.map((c) => c.id));
  const byCase = index.byCase;
  const ofKind = (kind: StageKind) => index.stagesByKind.get(kind) ?? [];
  const ref = (caseId: string) => byCase.get(caseId)!.reference;
  const team = teamLabeller(rows, opts);
  const serviceArea = serviceAreaLabeller(rows, opts, team);
  const directorate = unitOfKindLabeller(rows, opts, team, 'directorate');
  const service = unitOfKindLabeller(rows, opts, team, 'service');
  const refsByType = Object.fromEntries(
    FEEDBACK_TYPES.map((t) => [t, received.filter((c) => c.type === t).map((c) => c.reference)]),
  ) as Record<FeedbackType, string[]>;
  const byType = Object.fromEntries(FEEDBACK_TYPES.map((t) => [t, refsByType[t].length])) as Record<
    FeedbackType,
    number
  >;

  // Months of the period, in order, with every month shown even when empty.
  const months: string[] = [];
  for (
    let d = `${period.from.slice(0, 7)}-01`;
    d <= period.to;
    d = addCalendarDays(`${d.slice(0, 7)}-28`, 4).slice(0, 7) + '-01'
  )
    months.push(d.slice(0, 7));
  const perMonth = new Map<string, number>();
  for (const c of received) perMonth.set(c.receivedOn.slice(0, 7), (perMonth.get(c.receivedOn.slice(0, 7)) ?? 0) + 1);
  const byMonth = months.map((m) => ({ month: m, count: perMonth.get(m) ?? 0 }));
  const byQuarter = [0, 1, 2, 3].map((q) => byMonth.slice(q * 3, q * 3 + 3).reduce((s, m) => s + m.count, 0));

  const stage1Investigations = index.stage1Investigations;
  const closedInvestigations = stage1Investigations.filter(
    (i) => within(i.respondedOn, period) && i.outcome && byCase.get(i.caseId)?.type === 'complaint',
  );
  const findings = closedInvestigations.filter((i) => FINDING_OUTCOMES.includes(i.outcome!));

  const stagesRequested = (kind: 'stage2' | 'stage3' | 'lgsco') =>
    ofKind(kind).filter((s) =>
      within(s.kind === 'lgsco' ? (s.lgscoEnquiryReceivedOn ?? s.requestedOn) : s.requestedOn, period),
    );
  const s2 = stagesRequested('stage2');
  const s3 = stagesRequested('stage3');
  const lg = stagesRequested('lgsco');
  // A withdrawal is whatever the case's procedure counts as one (report rules), never a response.
  const isWithdrawal = (s: ReportStage) =>
    !!s.outcome && !!maybeProcedure(byCase.get(s.caseId)?.procedure)?.report.withdrawals.includes(s.outcome);
  const stageOutcomes = (kind: 'stage2' | 'stage3') =>
    counts(
      ofKind(kind)
        .filter((s) => within(s.respondedOn, period) && s.outcome)
        .map((s) => ({ label: isWithdrawal(s) ? 'Withdrawn' : OUTCOME_LABELS[s.outcome!], ref: ref(s.caseId) })),
    );
  const stage1Withdrawn = ofKind('stage1').filter(
    (s) => within(s.respondedOn, period) && isWithdrawal(s) && byCase.get(s.caseId)?.type === 'complaint',
  );
  const lgscoDecided = ofKind('lgsco').filter((s) => within(s.lgscoDecisionOn, period) && s.lgscoDecision);
  const lgscoDecidedCases = new Set(lgscoDecided.map((s) => s.caseId));
  const lgscoRemedies = rows.remedies.filter((r) => r.stage === 'lgsco' && lgscoDecidedCases.has(r.caseId));

  const caseRemedies = rows.remedies.filter((r) => receivedIds.has(r.caseId));
  // Money is reported in the year it was paid; a payment whose date was not recorded (an old
  // system's), in the year its case was received, and the report says how many.
  const paidInPeriod = rows.remedies.filter(
    (r) => r.amountPence !== null && within(r.completedOn ?? byCase.get(r.caseId)?.receivedOn ?? null, period),
  );
  const upheldComplaints = complaints.filter((c) => isUpheld(c.outcome));
  const learningCases = index.learningCases;
  const periodLearning = rows.learning.filter((l) => complaintIds.has(l.caseId));
  const periodActions = rows.actions.filter((a) => receivedIds.has(a.caseId));

  const perComplainant = new Map<string, number>();
  for (const c of complaints)
    if (c.complainantId) perComplainant.set(c.complainantId, (perComplainant.get(c.complainantId) ?? 0) + 1);

  const compliments = rows.compliments.filter((m) => receivedIds.has(m.caseId));
  const fy = financialYearStart(period.from);
  const timescales = timescaleRows(rows, period, opts, calendar);
  const label = (c: ReportCase, l: string | null) => ({ label: l, ref: c.reference });

  return {
    period,
    dataHeld: dataHeldFor(rows, period),
    total: received.length,
    byType,
    refsByType,
    complaints: complaints.length,
    investigations: stage1Investigations.filter((i) => complaintIds.has(i.caseId)).length,
    byProcedure: counts(complaints.map((c) => label(c, procedureLabel(c.procedure)))),
    byMonth,
    byQuarter,
    monthlyAverage: Math.round((received.length / Math.max(1, months.length)) * 10) / 10,
    byTeam: counts(
      complaints.map((c) => label(c, team(c.teamId, c.receivedOn))),
      'No team recorded',
    ),
    byDirectorate: unitRows(complaints, timescales.judged, (c) => directorate(c.teamId, c.receivedOn), 'directorate'),
    byService: unitRows(complaints, timescales.judged, (c) => service(c.teamId, c.receivedOn), 'service'),
    byServiceArea: serviceAreaRows(received, serviceArea),
    byCategory: counts(complaints.map((c) => label(c, c.category))),
    byTheme: {
      statutory: themeCounts(complaints.filter((c) => c.procedure === 'childrens_statutory')),
      corporate: themeCounts(complaints.filter((c) => c.procedure === 'corporate')),
    },
    outcomes: {
      closed: closedInvestigations.length,
      withFinding: findings.length,
      byOutcome: OUTCOMES.map((o) => {
        const n = closedInvestigations.filter((i) => i.outcome === o).length;
        return {
          outcome: o,
          count: n,
          percentOfClosed: pct(n, closedInvestigations.length),
          percentOfFindings: FINDING_OUTCOMES.includes(o) ? pct(n, findings.length) : null,
        };
      }).filter((o) => o.count > 0),
      upheldByTeam: upheldRates(
        findings.map((i) => ({
          label: team(i.teamId, i.respondedOn!) ?? 'No team recorded',
          outcome: i.outcome!,
          ref: ref(i.caseId),
        })),
      ),
      upheldByDirectorate: upheldRates(
        findings.map((i) => ({
          label: directorate(i.teamId, i.respondedOn!) ?? 'No directorate recorded',
          outcome: i.outcome!,
          ref: ref(i.caseId),
        })),
      ),
      upheldByTheme: upheldRates(
        findings.flatMap((i) =>
          byCase.get(i.caseId)!.themes.map((theme) => ({ label: theme, outcome: i.outcome!, ref: ref(i.caseId) })),
        ),
      ),
      refs: unique(closedInvestigations.map((i) => ref(i.caseId))),
      withdrawn: { count: stage1Withdrawn.length, refs: stage1Withdrawn.map((s) => ref(s.caseId)) },
    },
    stage2Outcomes: stageOutcomes('stage2'),
    stage3Outcomes: stageOutcomes('stage3'),
    ombudsman: {
      enquiries: lg.length,
      decisions: counts(
        lgscoDecided.map((s) => ({ label: LGSCO_DECISION_LABELS[s.lgscoDecision!], ref: ref(s.caseId) })),
      ),
      faultFound: lgscoDecided.filter((s) => s.lgscoFaultFound).length,
      injusticeFound: lgscoDecided.filter((s) => s.lgscoInjusticeFound).length,
      remedies: lgscoRemedies.length,
      remediesDue: lgscoRemedies.filter((r) => r.dueOn).length,
      remediesCompletedOnTime: lgscoRemedies.filter((r) => r.completedOn && (!r.dueOn || r.completedOn <= r.dueOn))
        .length,
      remediesOutstanding: lgscoRemedies.filter((r) => !r.completedOn).length,
    },
    timescales: timescales.rows,
    codeTimeliness: codeTimeliness(
      complaints,
      timescales.judged.filter((j) => j.case.type === 'complaint'),
      calendar,
    ),
    dataQuality: counts(timescales.dataQuality, 'Not recorded', timescales.dataQuality.length),
    progression: {
      beyondStage1: new Set([...s2, ...lg].map((s) => s.caseId)).size,
      stage2: s2.length,
      stage3: s3.length,
      lgsco: lg.length,
      withdrawn: { stage2: s2.filter(isWithdrawal).length, stage3: s3.filter(isWithdrawal).length },
    },
    costs: {
      stage2Pence: costOf(s2),
      stage3Pence: costOf(s3),
      unrecorded: {
        stage2: s2.filter((s) => s.costPence === null).length,
        stage3: s3.filter((s) => s.costPence === null).length,
      },
    },
    remedies: counts(caseRemedies.map((r) => ({ label: r.type, ref: ref(r.caseId) }))),
    remediesByStage: counts(caseRemedies.map((r) => ({ label: STAGE_LABELS[r.stage], ref: ref(r.caseId) }))),
    financialRemediesPence: paidInPeriod.reduce((a, r) => a + r.amountPence!, 0),
    financialRemediesUndated: paidInPeriod.filter((r) => !r.completedOn).length,
    learning: {
      byType: counts(periodLearning.map((l) => ({ label: l.type, ref: ref(l.caseId) }))),
      upheldComplaints: upheldComplaints.length,
      upheldWithLearning: upheldComplaints.filter((c) => learningCases.has(c.id)).length,
      upheldWithLearningPercent: upheldComplaints.length
        ? pct(upheldComplaints.filter((c) => learningCases.has(c.id)).length, upheldComplaints.length)
        : null,
      actions: periodActions.length,
      actionsCompleted: periodActions.filter((a) => a.completedOn).length,
      actionsCompletedOnTime: periodActions.filter((a) => a.completedOn && (!a.dueOn || a.completedOn <= a.dueOn))
        .length,
    },
    people: {
      relationship: counts(complaints.map((c) => label(c, c.relationship))),
      byChildren: complaints.filter((c) => c.childComplainant).length,
      lookedAfter: complaints.filter((c) => c.lookedAfter).length,
      serviceUserGroup: counts(complaints.map((c) => label(c, c.childGroup))),
      ethnicity: counts(complaints.map((c) => label(c, c.childEthnicity))),
      channel: counts(received.map((c) => label(c, c.channel))),
    },
    repeat: {
      twoOrMore: [...perComplainant.values()].filter((n) => n >= 2).length,
      fourOrMore: [...perComplainant.values()].filter((n) => n >= 4).length,
    },
    compliments: {
      byTeam: counts(
        compliments.map((m) => ({ label: team(m.teamId, byCase.get(m.caseId)!.receivedOn), ref: ref(m.caseId) })),
        'No team recorded',
      ),
      byOrigin: counts(compliments.map((m) => ({ label: m.origin, ref: ref(m.caseId) }))),
      byTheme: counts(compliments.map((m) => ({ label: m.theme, ref: ref(m.caseId) }))),
    },
    context: rows.context
      .filter((x) => x.financialYearStart === fy && x.value > 0)
      .map((x) => ({
        measure: x.measure,
        value: x.value,
        complaintsPerThousand: Math.round((complaints.length / x.value) * 10000) / 10,
      })),
  };
}

/**
 * Stage 1 responses sent in the period, all procedures together: how many,
 * how many within the timescale or an agreed extension (and as a percentage),
 * and the average working days (each procedure's average weighted by its
 * responses). The summary, the dashboard and the trends all read these.
 */
export function stage1Timeliness(p: Pick<PeriodFigures, 'timescales'>): {
  responses: number;
  onTime: number;
  onTimePercent: number | null;
  averageDays: number | null;
} {
  const stage1 = p.timescales.filter((t) => t.stage === 'stage1');
  const responses = stage1.reduce((a, t) => a + t.responses, 0);
  const onTime = stage1.reduce((a, t) => a + t.metBase + t.metExtension, 0);
  const timed = stage1.filter((t) => t.averageDays !== null);
  const timedResponses = timed.reduce((a, t) => a + t.responses, 0);
  return {
    responses,
    onTime,
    onTimePercent: responses ? pct(onTime, responses) : null,
    averageDays: timedResponses
      ? Math.round((timed.reduce((a, t) => a + (t.averageDays ?? 0) * t.responses, 0) / timedResponses) * 10) / 10
      : null,
  };
}

/**
 * Responses sent in the period at each stage, per procedure, judged by the
 * clock that stops when the council answers, under the rules the case ran
 * under: within the timescale, within an agreed extension, or missed. A stage
 * whose clock cannot be rebuilt from the dates held (no date for the clock to
 * start from; a closed case's stage with no response; a migrated case's
 * extension or pause the clock cannot use) is left out and listed, with why,
 * in `dataQuality`: a guessed date would make the figure wrong.
 */
function timescaleRows(
  rows: ReportRows,
  period: Period,
  opts: FigureOptions,
  calendar: WorkingDayCalendar,
): {
  rows: TimescaleRow[];
  dataQuality: { label: string; ref: string }[];
  /** Each response judged, for the figures by part of the organisation. */
  judged: Judged[];
} {
  const { byCase, stagesByCase, eventsByCase } = indexOf(rows);
  // Each stage is judged on the clock its procedure's definition names, and answered by the date that stops it.
  const answeredOn = (s: ReportStage, procedure: string) => {
    const field = answeredOnField(definitionOfStage(procedure, s.kind));
    return (field in s ? s[field as keyof ReportStage] : null) as IsoDate | null;
  };
  const dataQuality: { label: string; ref: string }[] = [];
  const judged: Judged[] = [];
  const problem = (s: ReportStage, c: ReportCase, why: string) =>
    dataQuality.push({ label: `${STAGE_LABELS[s.kind]}: ${why}`, ref: c.reference });

  const out = new Map<string, TimescaleRow & { refs: string[]; days: number[] }>();
  // What does not depend on the period is worked out once for all three (each reads every stage).
  let judgeable = judgeableStages.get(rows);
  if (!judgeable) {
    judgeable = [];
    for (const s of rows.stages) {
      const c = byCase.get(s.caseId);
      const procedure = maybeProcedure(c?.procedure);
      if (!c || !procedure || procedure.signpostsOnly || !procedure.report.appliesTo.includes(c.type)) continue;
      const withdrawn = !!s.outcome && procedure.report.withdrawals.includes(s.outcome);
      // A withdrawal counts on the day it was withdrawn: a withdrawn Stage 3 has no authority's response,
      // the date its clock stops on, only the withdrawal (as the casework's withdraw records it).
      const answered = withdrawn ? (s.respondedOn ?? answeredOn(s, procedure.key)) : answeredOn(s, procedure.key);
      judgeable.push({ s, c, procedure, withdrawn, answered });
    }
    judgeableStages.set(rows, judgeable);
  }
  for (const { s, c, procedure, withdrawn, answered } of judgeable) {
    const leftOutAsMigrated = c.migrated && opts.excludeMigratedFromTimescales;
    if (!answered) {
      // A closed case's stage that was neither answered nor withdrawn: its clock has nowhere to stop.
      if (!withdrawn && !leftOutAsMigrated && within(c.closedOn, period) && hasRule(c, rows, procedure.key, s.kind))
        problem(s, c, 'missing a response date');
      continue;
    }
    if (!within(answered, period)) continue;
    const key = `${c.procedure}/${s.kind}`;
    const row = out.get(key) ?? {
      procedure: procedure.key,
      stage: s.kind,
      responses: 0,
      metBase: 0,
      metExtension: 0,
      missed: 0,
      excludedMigrated: 0,
      cannotRebuild: 0,
      withdrawn: 0,
      averageDays: null,
      medianDays: null,
      refs: [],
      days: [],
    };
    out.set(key, row);
    if (withdrawn) {
      row.withdrawn++;
      continue;
    }
    if (leftOutAsMigrated) {
      row.excludedMigrated++;
      continue;
    }
    const policy = policyForCase(c, rows.policies);
    const facts = {
      type: c.type,
      procedure: c.procedure,
      receivedOn: c.receivedOn,
      acknowledgedOn: c.acknowledgedOn,
      closedOn: c.closedOn,
      stages: stagesByCase.get(c.id) ?? [],
      events: eventsByCase.get(c.id) ?? [],
    };
    const clock = caseClock(facts, policy, calendar, period.to, definitionOfStage(procedure.key, s.kind).responseClock);
    const result = clock?.result;
    if (!clock || !result || !result.completedOn) continue;
    if (!result.startedOn) {
      row.cannotRebuild++;
      problem(s, c, `missing ${START_EVENT_LABELS[clock.startEvent].replace(/^the day/, 'the date')}`);
      continue;
    }
    // A live case's events were checked as they were recorded; a migrated one's may not fit the rule.
    const unusable = c.migrated ? result.ignored[0] : undefined;
    if (unusable) {
      row.cannotRebuild++;
      problem(s, c, UNUSABLE_EVENT[unusable.kind] ?? 'an event its clock cannot use');
      continue;
    }
    row.responses++;
    row.refs.push(c.reference);
    if (result.status === 'met_within_base') row.metBase++;
    else if (result.status === 'met_within_extension') row.metExtension++;
    else row.missed++;
    if (result.daysUsed !== null) row.days.push(result.daysUsed);
    judged.push({ case: c, stage: s.kind, onTime: result.status !== 'missed', days: result.daysUsed });
  }
  const order = (r: TimescaleRow) => procedureOrder(r.procedure) * 10 + STAGE_KINDS.indexOf(r.stage);
  const timescales = [...out.values()]
    .sort((a, b) => order(a) - order(b))
    .map(({ days, ...row }) => {
      if (!days.length) return row;
      days.sort((a, b) => a - b);
      const mid = Math.floor(days.length / 2);
      return {
        ...row,
        averageDays: Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10,
        medianDays: days.length % 2 ? days[mid]! : (days[mid - 1]! + days[mid]!) / 2,
      };
    });
  return { rows: timescales, dataQuality, judged };
}

/** A stage that the timescale figures can judge, with its case, procedure and the date that answered it. */
interface JudgeableStage {
  s: ReportStage;
  c: ReportCase;
  procedure: NonNullable<ReturnType<typeof maybeProcedure>>;
  withdrawn: boolean;
  answered: IsoDate | null;
}
const judgeableStages = new WeakMap<ReportRows, JudgeableStage[]>();

interface Judged {
  case: ReportCase;
  stage: StageKind;
  /** Within the timescale or an agreed extension. */
  onTime: boolean;
  days: number | null;
}

/** Complaints received and Stage 1 responses judged, by a part of the organisation; most complaints first. */
function unitRows(
  complaints: ReportCase[],
  judged: Judged[],
  unit: (c: ReportCase) => string | null,
  kind: 'directorate' | 'service',
): UnitRow[] {
  const none = `No ${kind} recorded`;
  const m = new Map<string, UnitRow & { refs: string[]; days: number[] }>();
  const rowOf = (c: ReportCase) => {
    const label = unit(c) ?? none;
    let row = m.get(label);
    if (!row)
      m.set(
        label,
        (row = {
          label,
          complaints: 0,
          stage1Responses: 0,
          stage1OnTime: 0,
          onTimePercent: null,
          averageDays: null,
          refs: [],
          days: [],
        }),
      );
    return row;
  };
  for (const c of complaints) {
    const row = rowOf(c);
    row.complaints++;
    row.refs.push(c.reference);
  }
  for (const j of judged) {
    if (j.stage !== 'stage1') continue;
    const row = rowOf(j.case);
    row.stage1Responses++;
    if (j.onTime) row.stage1OnTime++;
    if (j.days !== null) row.days.push(j.days);
  }
  return [...m.values()]
    .map(({ days, ...row }) => ({
      ...row,
      onTimePercent: row.stage1Responses ? pct(row.stage1OnTime, row.stage1Responses) : null,
      averageDays: days.length ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10 : null,
    }))
    .sort(
      (a, b) => b.complaints - a.complaints || b.stage1Responses - a.stage1Responses || a.label.localeCompare(b.label),
    );
}

/** Why a migrated case's clock event cannot be used, in the data quality table's words. */
const UNUSABLE_EVENT: Record<string, string> = {
  extended:
    'an extension the clock cannot use (no new due date or number of days, beyond the limit, or without the agreement it needs)',
  paused: 'a pause out of order (paused again while already paused)',
  resumed: 'a resumption without a pause before it',
  restarted: 'a restart the rules do not allow',
};

/** Whether the case's timescale policy has a rule for the stage's response clock (else there is nothing to judge). */
function hasRule(c: ReportCase, rows: ReportRows, procedure: string, kind: StageKind): boolean {
  return !!policyForCase(c, rows.policies)?.rules[definitionOfStage(procedure, kind).responseClock];
}

/** Whether any data is held for a period: it ends on or after the earliest case held (when that is known). */
export function dataHeldFor(rows: Pick<ReportRows, 'firstReceivedOn'>, period: Period): boolean {
  return rows.firstReceivedOn === undefined || (!!rows.firstReceivedOn && rows.firstReceivedOn <= period.to);
}

/** The stages' costs added up; null when there are stages and none has a cost recorded. */
function costOf(stages: ReportStage[]): number | null {
  const recorded = stages.filter((s) => s.costPence !== null);
  return stages.length && !recorded.length ? null : recorded.reduce((a, s) => a + s.costPence!, 0);
}

const unique = (refs: string[]) => [...new Set(refs)];

/** Feedback of every type by service area, most first; cases with no lead team form their own row. */
function serviceAreaRows(received: ReportCase[], serviceArea: (c: ReportCase) => string | null): ServiceAreaRow[] {
  const m = new Map<string, ServiceAreaRow & { refs: string[] }>();
  for (const c of received) {
    const key = serviceArea(c) ?? 'No team recorded';
    let row = m.get(key);
    if (!row)
      m.set(
        key,
        (row = {
          label: key,
          byType: Object.fromEntries(FEEDBACK_TYPES.map((t) => [t, 0])) as Record<FeedbackType, number>,
          total: 0,
          refs: [],
        }),
      );
    row.byType[c.type]++;
    row.total++;
    row.refs.push(c.reference);
  }
  return [...m.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
}

/** A case with several themes counts once under each. */
function themeCounts(cases: ReportCase[]): Count[] {
  return counts(
    cases.flatMap((c) => c.themes.map((theme) => ({ label: theme, ref: c.reference }))),
    'Not recorded',
    cases.length,
  );
}

/** Of findings grouped by a label (the investigating team or its directorate, or a theme), how many upheld in full or in part, and in full; most findings first. */
function upheldRates(findings: { label: string; outcome: Outcome; ref: string }[]): UpheldRate[] {
  const m = new Map<string, UpheldRate & { cases: Set<string> }>();
  for (const f of findings) {
    let r = m.get(f.label);
    if (!r)
      m.set(
        f.label,
        (r = {
          label: f.label,
          withFinding: 0,
          upheld: 0,
          percent: 0,
          upheldInFull: 0,
          percentInFull: 0,
          refs: [],
          cases: new Set(),
        }),
      );
    r.withFinding++;
    r.cases.add(f.ref);
    if (isUpheld(f.outcome)) r.upheld++;
    if (f.outcome === 'upheld') r.upheldInFull++;
  }
  return [...m.values()]
    .map(({ cases, ...r }) => ({
      ...r,
      percent: pct(r.upheld, r.withFinding),
      percentInFull: pct(r.upheldInFull, r.withFinding),
      refs: [...cases],
    }))
    .sort((a, b) => b.withFinding - a.withFinding || a.label.localeCompare(b.label));
}
