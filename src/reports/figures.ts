import { addCalendarDays, type IsoDate } from '../domain/calendar/iso-date.ts';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import { FEEDBACK_TYPES, FINDING_OUTCOMES, isUpheld, OUTCOMES, PROCEDURES, type FeedbackType, type Outcome, type Procedure } from '../domain/cases/vocabulary.ts';
import { currentName, nameOn, todaysUnit } from '../domain/organisation/org-units.ts';
import { computeClock } from '../domain/timescales/clock-engine.ts';
import { policyInForce } from '../domain/timescales/presets.ts';
import type { ReportCase, ReportRows } from './rows.ts';

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
}

/** Of a team's Stage 1 investigations with a finding, how many were upheld in full or in part. */
export interface UpheldRate {
  label: string;
  withFinding: number;
  upheld: number;
  percent: number;
}

export interface TimescaleRow {
  procedure: Procedure;
  responses: number;
  metBase: number;
  metExtension: number;
  missed: number;
  excludedMigrated: number;
  averageDays: number | null;
  medianDays: number | null;
}

export interface PeriodFigures {
  period: Period;
  total: number;
  byType: Record<FeedbackType, number>;
  complaints: number;
  investigations: number;
  byProcedure: Count[];
  byMonth: { month: string; count: number }[];
  byQuarter: number[];
  monthlyAverage: number;
  byTeam: Count[];
  byCategory: Count[];
  byTheme: { statutory: Count[]; corporate: Count[] };
  outcomes: { closed: number; withFinding: number; byOutcome: { outcome: Outcome; count: number; percentOfClosed: number; percentOfFindings: number | null }[]; upheldByTeam: UpheldRate[] };
  timescales: TimescaleRow[];
  progression: { beyondStage1: number; stage2: number; stage3: number; lgsco: number };
  costs: { stage2Pence: number; stage3Pence: number };
  remedies: Count[];
  financialRemediesPence: number;
  learning: { byType: Count[]; upheldComplaints: number; upheldWithLearning: number; upheldWithLearningPercent: number | null; actions: number; actionsCompleted: number; actionsCompletedOnTime: number };
  people: { relationship: Count[]; byChildren: number; lookedAfter: number; serviceUserGroup: Count[]; ethnicity: Count[]; channel: Count[] };
  repeat: { twoOrMore: number; fourOrMore: number };
  compliments: { byTeam: Count[]; byOrigin: Count[]; byTheme: Count[] };
  context: { measure: string; value: number; complaintsPerThousand: number }[];
}

export interface FigureOptions {
  /** Teams as they were named when the case arrived, or under today's team. */
  teamNames: 'as_was' | 'today';
  /** Leave migrated cases out of the timescale figures (their dates came from another system). */
  excludeMigratedFromTimescales: boolean;
  /** Only cases whose lead team is in this part of the organisation (a directorate, service or team). */
  orgUnitId?: string | null;
}

export const within = (d: IsoDate | null | undefined, p: Period) => !!d && d >= p.from && d <= p.to;
const pct = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 10 : 0);

export function counts(labels: (string | null | undefined)[], unknown = 'Not recorded'): Count[] {
  const m = new Map<string, number>();
  for (const l of labels) m.set(l ?? unknown, (m.get(l ?? unknown) ?? 0) + 1);
  const total = labels.length;
  return [...m].map(([label, count]) => ({ label, count, percent: pct(count, total) })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
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
  return (teamId: string | null, on: IsoDate): string | null => {
    if (!teamId) return null;
    if (opts.teamNames === 'as_was') return nameOn(byId.get(teamId)?.names ?? [], on);
    const today = byId.get(todaysUnit(teamId, successors));
    return today ? currentName(today.names) : null;
  };
}

export function periodFigures(rows: ReportRows, period: Period, opts: FigureOptions, calendar: WorkingDayCalendar): PeriodFigures {
  const received = rows.cases.filter((c) => within(c.receivedOn, period));
  const complaints = received.filter((c) => c.type === 'complaint');
  const complaintIds = new Set(complaints.map((c) => c.id));
  const byCase = new Map(rows.cases.map((c) => [c.id, c]));
  const team = teamLabeller(rows, opts);
  const byType = Object.fromEntries(FEEDBACK_TYPES.map((t) => [t, received.filter((c) => c.type === t).length])) as Record<FeedbackType, number>;

  // Months of the period, in order, with every month shown even when empty.
  const months: string[] = [];
  for (let d = `${period.from.slice(0, 7)}-01`; d <= period.to; d = addCalendarDays(`${d.slice(0, 7)}-28`, 4).slice(0, 7) + '-01') months.push(d.slice(0, 7));
  const byMonth = months.map((m) => ({ month: m, count: received.filter((c) => c.receivedOn.startsWith(m)).length }));
  const byQuarter = [0, 1, 2, 3].map((q) => byMonth.slice(q * 3, q * 3 + 3).reduce((s, m) => s + m.count, 0));

  const stage1Investigations = rows.investigations.filter((i) => i.stage === 'stage1');
  const closedInvestigations = stage1Investigations.filter((i) => within(i.respondedOn, period) && i.outcome && byCase.get(i.caseId)?.type === 'complaint');
  const findings = closedInvestigations.filter((i) => FINDING_OUTCOMES.includes(i.outcome!));

  // Stage 1 responses in the period, judged by the clock they ran under.
  const stage1Events = new Map<string, ReportRows['clockEvents']>();
  for (const e of rows.clockEvents) if (e.clock === 'stage1_response') stage1Events.set(e.caseId, [...(stage1Events.get(e.caseId) ?? []), e]);
  const timescales: TimescaleRow[] = [];
  for (const procedure of PROCEDURES.filter((p) => p !== 'out_of_scope')) {
    const row: TimescaleRow = { procedure, responses: 0, metBase: 0, metExtension: 0, missed: 0, excludedMigrated: 0, averageDays: null, medianDays: null };
    const days: number[] = [];
    for (const s of rows.stages) {
      if (s.kind !== 'stage1' || !within(s.respondedOn, period)) continue;
      const c = byCase.get(s.caseId);
      if (!c || c.type !== 'complaint' || c.procedure !== procedure) continue;
      if (c.migrated && opts.excludeMigratedFromTimescales) {
        row.excludedMigrated++;
        continue;
      }
      const policy = (c.timescalePolicyId ? rows.policies.find((p) => p.id === c.timescalePolicyId) : null) ?? policyInForce(rows.policies, procedure, c.receivedOn);
      const rule = policy?.rules.stage1_response;
      if (!rule) continue;
      const startedOn = rule.startsOn === 'acknowledged' ? (c.acknowledgedOn ?? c.receivedOn) : c.receivedOn;
      const result = computeClock({ rule, startedOn, completedOn: s.respondedOn, events: stage1Events.get(c.id) ?? [], today: s.respondedOn!, dueSoonDays: 0 }, calendar);
      row.responses++;
      if (result.status === 'met_within_base') row.metBase++;
      else if (result.status === 'met_within_extension') row.metExtension++;
      else row.missed++;
      if (result.daysUsed !== null) days.push(result.daysUsed);
    }
    if (days.length) {
      days.sort((a, b) => a - b);
      row.averageDays = Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10;
      const mid = Math.floor(days.length / 2);
      row.medianDays = days.length % 2 ? days[mid]! : (days[mid - 1]! + days[mid]!) / 2;
    }
    if (row.responses || row.excludedMigrated) timescales.push(row);
  }

  const stagesRequested = (kind: 'stage2' | 'stage3' | 'lgsco') => rows.stages.filter((s) => s.kind === kind && within(s.kind === 'lgsco' ? (s.lgscoEnquiryReceivedOn ?? s.requestedOn) : s.requestedOn, period));
  const s2 = stagesRequested('stage2');
  const s3 = stagesRequested('stage3');
  const lg = stagesRequested('lgsco');

  const caseRemedies = rows.remedies.filter((r) => within(byCase.get(r.caseId)?.receivedOn, period));
  const upheldComplaints = complaints.filter((c) => isUpheld(c.outcome));
  const learningCases = new Set(rows.learning.map((l) => l.caseId));
  const periodLearning = rows.learning.filter((l) => complaintIds.has(l.caseId));
  const periodActions = rows.actions.filter((a) => within(byCase.get(a.caseId)?.receivedOn, period));

  const perComplainant = new Map<string, number>();
  for (const c of complaints) if (c.complainantId) perComplainant.set(c.complainantId, (perComplainant.get(c.complainantId) ?? 0) + 1);

  const compliments = rows.compliments.filter((m) => within(byCase.get(m.caseId)?.receivedOn, period));
  const fy = Number(period.from.slice(0, 4)) - (Number(period.from.slice(5, 7)) >= 4 ? 0 : 1);

  return {
    period,
    total: received.length,
    byType,
    complaints: complaints.length,
    investigations: stage1Investigations.filter((i) => complaintIds.has(i.caseId)).length,
    byProcedure: counts(complaints.map((c) => (c.procedure ? PROCEDURE_TEXT[c.procedure] : 'Not decided'))),
    byMonth,
    byQuarter,
    monthlyAverage: Math.round((received.length / Math.max(1, months.length)) * 10) / 10,
    byTeam: counts(complaints.map((c) => team(c.teamId, c.receivedOn)), 'No team recorded'),
    byCategory: counts(complaints.map((c) => c.category)),
    byTheme: {
      statutory: themeCounts(complaints.filter((c) => c.procedure === 'childrens_statutory')),
      corporate: themeCounts(complaints.filter((c) => c.procedure === 'corporate')),
    },
    outcomes: {
      closed: closedInvestigations.length,
      withFinding: findings.length,
      byOutcome: OUTCOMES.map((o) => {
        const n = closedInvestigations.filter((i) => i.outcome === o).length;
        return { outcome: o, count: n, percentOfClosed: pct(n, closedInvestigations.length), percentOfFindings: FINDING_OUTCOMES.includes(o) ? pct(n, findings.length) : null };
      }).filter((o) => o.count > 0),
      upheldByTeam: upheldRates(findings.map((i) => ({ label: team(i.teamId, i.respondedOn!) ?? 'No team recorded', outcome: i.outcome! }))),
    },
    timescales,
    progression: { beyondStage1: new Set([...s2, ...lg].map((s) => s.caseId)).size, stage2: s2.length, stage3: s3.length, lgsco: lg.length },
    costs: { stage2Pence: s2.reduce((a, s) => a + s.costPence, 0), stage3Pence: s3.reduce((a, s) => a + s.costPence, 0) },
    remedies: counts(caseRemedies.map((r) => r.type)),
    financialRemediesPence: caseRemedies.reduce((a, r) => a + (r.amountPence ?? 0), 0),
    learning: {
      byType: counts(periodLearning.map((l) => l.type)),
      upheldComplaints: upheldComplaints.length,
      upheldWithLearning: upheldComplaints.filter((c) => learningCases.has(c.id)).length,
      upheldWithLearningPercent: upheldComplaints.length ? pct(upheldComplaints.filter((c) => learningCases.has(c.id)).length, upheldComplaints.length) : null,
      actions: periodActions.length,
      actionsCompleted: periodActions.filter((a) => a.completedOn).length,
      actionsCompletedOnTime: periodActions.filter((a) => a.completedOn && (!a.dueOn || a.completedOn <= a.dueOn)).length,
    },
    people: {
      relationship: counts(complaints.map((c) => c.relationship)),
      byChildren: complaints.filter((c) => c.childComplainant).length,
      lookedAfter: complaints.filter((c) => c.lookedAfter).length,
      serviceUserGroup: counts(complaints.map((c) => c.childGroup)),
      ethnicity: counts(complaints.map((c) => c.childEthnicity)),
      channel: counts(received.map((c) => c.channel)),
    },
    repeat: { twoOrMore: [...perComplainant.values()].filter((n) => n >= 2).length, fourOrMore: [...perComplainant.values()].filter((n) => n >= 4).length },
    compliments: {
      byTeam: counts(compliments.map((m) => team(m.teamId, byCase.get(m.caseId)!.receivedOn)), 'No team recorded'),
      byOrigin: counts(compliments.map((m) => m.origin)),
      byTheme: counts(compliments.map((m) => m.theme)),
    },
    context: rows.context.filter((x) => x.financialYearStart === fy && x.value > 0).map((x) => ({ measure: x.measure, value: x.value, complaintsPerThousand: Math.round((complaints.length / x.value) * 10000) / 10 })),
  };
}

const PROCEDURE_TEXT: Record<Procedure, string> = { childrens_statutory: "Children's statutory", corporate: 'Corporate', adult_social_care_statutory: 'Adult social care statutory', out_of_scope: 'Out of scope' };

/** A case with several themes counts once under each. */
function themeCounts(cases: ReportCase[]): Count[] {
  const all = cases.flatMap((c) => c.themes);
  const m = new Map<string, number>();
  for (const t of all) m.set(t, (m.get(t) ?? 0) + 1);
  return [...m].map(([label, count]) => ({ label, count, percent: pct(count, cases.length) })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** Grouped by the investigating team (named as on the day it answered), most findings first. */
function upheldRates(findings: { label: string; outcome: Outcome }[]): UpheldRate[] {
  const m = new Map<string, UpheldRate>();
  for (const f of findings) {
    const r = m.get(f.label) ?? { label: f.label, withFinding: 0, upheld: 0, percent: 0 };
    r.withFinding++;
    if (isUpheld(f.outcome)) r.upheld++;
    m.set(f.label, r);
  }
  return [...m.values()].map((r) => ({ ...r, percent: pct(r.upheld, r.withFinding) })).sort((a, b) => b.withFinding - a.withFinding || a.label.localeCompare(b.label));
}
