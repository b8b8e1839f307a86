import { FEEDBACK_TYPE_LABELS, FEEDBACK_TYPES, OUTCOME_LABELS, PROCEDURE_LABELS } from '../domain/cases/vocabulary.ts';
import type { Count, PeriodFigures } from './figures.ts';
import type { ReportModel } from './model.ts';

/**
 * The report as tables: one list that the spreadsheet, CSV and Word renderers
 * all draw from, so every output carries the same figures.
 */
export interface ReportTable {
  /** Short and safe for file and sheet names. */
  name: string;
  caption: string;
  head: string[];
  rows: (string | number | null)[][];
}

const countRows = (counts: Count[]) => counts.map((c) => [c.label, c.count, c.percent]);

export function reportTables(model: ReportModel): ReportTable[] {
  const [p0, p1, now] = model.periods as [PeriodFigures, PeriodFigures, PeriodFigures];
  const years = [p0.period.label, p1.period.label, now.period.label];
  const count = (name: string, caption: string, head: string, counts: Count[]): ReportTable => ({ name, caption, head: [head, 'Number', '%'], rows: countRows(counts) });
  return [
    { name: 'trends', caption: 'Headline measures over three years', head: ['Measure', ...years, 'Direction of travel', 'Better or worse'], rows: model.trends.map((t) => [t.measure, ...t.values, t.direction, t.judgement]) },
    { name: 'by-type', caption: 'Feedback by type (corrected types)', head: ['Type', ...years], rows: FEEDBACK_TYPES.map((t) => [FEEDBACK_TYPE_LABELS[t], p0.byType[t], p1.byType[t], now.byType[t]]) },
    { name: 'complaints', caption: 'Complaints and investigations', head: ['Measure', ...years], rows: [['Complaints', p0.complaints, p1.complaints, now.complaints], ['Complaint investigations', p0.investigations, p1.investigations, now.investigations]] },
    { name: 'by-month', caption: 'Feedback by month', head: ['Month', 'Cases'], rows: now.byMonth.map((m) => [m.month, m.count]) },
    { name: 'by-quarter', caption: 'Feedback by quarter', head: ['Quarter', ...years], rows: [0, 1, 2, 3].map((q) => [`Q${q + 1}`, p0.byQuarter[q] ?? 0, p1.byQuarter[q] ?? 0, now.byQuarter[q] ?? 0]) },
    count('by-procedure', 'Complaints by procedure', 'Procedure', now.byProcedure),
    count('by-team', 'Complaints by team', 'Team', now.byTeam),
    count('by-category', 'Complaints by main category', 'Category', now.byCategory),
    count('themes-statutory', 'Statutory complaints by theme (a complaint counts under each of its themes)', 'Theme', now.byTheme.statutory),
    count('themes-corporate', 'Corporate complaints by theme (a complaint counts under each of its themes)', 'Theme', now.byTheme.corporate),
    { name: 'outcomes', caption: `Outcomes of the ${now.outcomes.closed} Stage 1 investigations answered in the period`, head: ['Outcome', 'Number', '% of answered', '% of those with a finding'], rows: now.outcomes.byOutcome.map((o) => [OUTCOME_LABELS[o.outcome], o.count, o.percentOfClosed, o.percentOfFindings]) },
    { name: 'upheld-by-team', caption: 'Stage 1 investigations upheld in full or in part, by investigating team', head: ['Team', 'Investigations with a finding', 'Upheld or partially upheld', '% upheld'], rows: now.outcomes.upheldByTeam.map((u) => [u.label, u.withFinding, u.upheld, u.percent]) },
    { name: 'timescales', caption: 'Stage 1 responses in the period', head: ['Procedure', 'Responses', 'Within timescale', 'Within extension', 'Missed', 'Average working days', 'Median working days', 'Migrated, left out'], rows: now.timescales.map((t) => [PROCEDURE_LABELS[t.procedure], t.responses, t.metBase, t.metExtension, t.missed, t.averageDays, t.medianDays, t.excludedMigrated]) },
    { name: 'beyond-stage-1', caption: 'Complaints beyond Stage 1', head: ['Measure', ...years], rows: [['Progressed beyond Stage 1', p0.progression.beyondStage1, p1.progression.beyondStage1, now.progression.beyondStage1], ['Stage 2', p0.progression.stage2, p1.progression.stage2, now.progression.stage2], ['Stage 3', p0.progression.stage3, p1.progression.stage3, now.progression.stage3], ['Ombudsman', p0.progression.lgsco, p1.progression.lgsco, now.progression.lgsco], ['Stage 2 costs (£)', p0.costs.stage2Pence / 100, p1.costs.stage2Pence / 100, now.costs.stage2Pence / 100], ['Stage 3 costs (£)', p0.costs.stage3Pence / 100, p1.costs.stage3Pence / 100, now.costs.stage3Pence / 100]] },
    count('remedies', 'Remedies by type', 'Remedy', now.remedies),
    count('learning', 'Learning by type', 'Type', now.learning.byType),
    { name: 'actions', caption: 'Learning and actions', head: ['Measure', 'Number'], rows: [['Upheld or partially upheld complaints', now.learning.upheldComplaints], ['of which with learning recorded', now.learning.upheldWithLearning], ['Actions', now.learning.actions], ['Actions completed', now.learning.actionsCompleted], ['Actions completed on time', now.learning.actionsCompletedOnTime]] },
    count('relationship', "Complainant's relationship to the child", 'Relationship', now.people.relationship),
    count('service-user-group', 'Service user group', 'Group', now.people.serviceUserGroup),
    count('ethnicity', "Child's ethnicity", 'Ethnicity', now.people.ethnicity),
    count('channel', 'How feedback arrived', 'Channel', now.people.channel),
    { name: 'people', caption: 'Children, looked after children and repeat complainants', head: ['Measure', ...years], rows: [['Complaints made by children', p0.people.byChildren, p1.people.byChildren, now.people.byChildren], ['About looked after children', p0.people.lookedAfter, p1.people.lookedAfter, now.people.lookedAfter], ['Complainants with 2 or more complaints', p0.repeat.twoOrMore, p1.repeat.twoOrMore, now.repeat.twoOrMore], ['Complainants with 4 or more complaints', p0.repeat.fourOrMore, p1.repeat.fourOrMore, now.repeat.fourOrMore]] },
    count('compliments-team', 'Compliments by team', 'Team', now.compliments.byTeam),
    count('compliments-origin', 'Compliments by origin', 'From', now.compliments.byOrigin),
    count('compliments-theme', 'Compliments by theme', 'Theme', now.compliments.byTheme),
    { name: 'rates', caption: 'Rates per 1,000', head: ['Context figure', 'Value', 'Complaints per 1,000'], rows: now.context.map((x) => [x.measure.replace(/_/g, ' '), x.value, x.complaintsPerThousand]) },
  ];
}

/** One table as CSV (RFC 4180), with a byte-order mark so Excel reads it as UTF-8. */
export function tableCsv(t: ReportTable): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\ufeff${[t.head, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
