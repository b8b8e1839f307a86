import { procedureLabel } from '../domain/procedures/registry.ts';
import { formatMonth } from '../domain/calendar/iso-date.ts';
import { FEEDBACK_TYPE_LABELS, FEEDBACK_TYPES, OUTCOME_LABELS, STAGE_LABELS } from '../domain/cases/vocabulary.ts';
import { stage1Timeliness, type Count, type PeriodFigures, type UnitRow, type UpheldRate } from './figures.ts';
import type { ReportModel } from './model.ts';
import { toCsv } from './csv.ts';
import { publishSections } from './publication.ts';
import { withTexts } from './text-blocks.ts';
import { withOmbudsmanLetter } from './ombudsman-letter.ts';
import { investigationsSentence, ombudsmanSentence, outcomesSentence, progressionSentence } from './narrative.ts';

/**
 * The report as sections of text and tables, in the order the councils'
 * own annual reports use. The web page, the Word document, the workbook and
 * the CSV files are all drawn from this one list, so they carry the same
 * figures under the same captions.
 */
export type Cell = string | number | null;
/** How a column is shown: in files the number is kept as a number, on the page it is formatted. */
export type ColumnFormat = 'text' | 'number' | 'percent' | 'pounds';

export interface ReportTable {
  /** Short and safe for file and sheet names. */
  name: string;
  caption: string;
  head: string[];
  formats: ColumnFormat[];
  rows: Cell[][];
  /** For each row, the references of the cases behind its count (this period), when they can be listed. */
  refs?: string[][];
  /** The column whose number the refs explain. */
  tracedColumn?: number;
  /** A chart of the same figures, drawn before the table. */
  chart?: string;
}

export interface ReportSection {
  id: string;
  heading: string;
  paragraphs: string[];
  tables: ReportTable[];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const pounds = (pence: number) =>
  `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Each row's references; none for the table when it has no rows or the model was shaped for a reader who may see no case. */
function traced(rowRefs: (string[] | undefined)[]): string[][] | undefined {
  return rowRefs.length && rowRefs.every((r) => r !== undefined) ? (rowRefs as string[][]) : undefined;
}

/** The references behind each type's count, in FEEDBACK_TYPES order, when the reader may have them. */
const refsOfTypes = (p: PeriodFigures) => traced(FEEDBACK_TYPES.map((t) => p.refsByType?.[t]));

function countTable(name: string, caption: string, head: string, counts: Count[], chart?: string): ReportTable {
  return {
    name,
    caption,
    head: [head, 'Number', '%'],
    formats: ['text', 'number', 'percent'],
    rows: counts.map((c) => [c.label, c.count, c.percent]),
    refs: traced(counts.map((c) => c.refs)),
    tracedColumn: 1,
    chart,
  };
}

/** Complaints and Stage 1 timeliness by a part of the organisation (directorate or service). */
function unitTable(name: string, caption: string, head: string, rows: UnitRow[]): ReportTable {
  return {
    name,
    caption,
    head: [
      head,
      'Complaints',
      'Stage 1 responses',
      'Within timescale or extension',
      '% within timescale or extension',
      'Average working days',
    ],
    formats: ['text', 'number', 'number', 'number', 'percent', 'number'],
    rows: rows.map((u) => [u.label, u.complaints, u.stage1Responses, u.stage1OnTime, u.onTimePercent, u.averageDays]),
    refs: traced(rows.map((u) => u.refs)),
    tracedColumn: 1,
  };
}

/**
 * A part of the organisation's complaints and Stage 1 timeliness in each of the three years, side by side:
 * every unit any year has, 0 in a year it had none, "no data" in a year with no data held.
 */
function unitYearsTable(
  name: string,
  caption: string,
  head: string,
  periods: PeriodFigures[],
  rowsOf: (p: PeriodFigures) => UnitRow[],
): ReportTable {
  const byYear = periods.map((p) => new Map(rowsOf(p).map((u) => [u.label, u])));
  const labels = [...new Set(periods.flatMap((p) => rowsOf(p).map((u) => u.label)))];
  return {
    name,
    caption,
    head: [
      head,
      ...periods.map((p) => `Complaints ${p.period.label}`),
      ...periods.map((p) => `% within timescale or extension ${p.period.label}`),
    ],
    formats: ['text', ...periods.map((): ColumnFormat => 'number'), ...periods.map((): ColumnFormat => 'percent')],
    rows: labels.map((label) => [
      label,
      ...periods.map((p, i) => held(p, byYear[i]!.get(label)?.complaints ?? 0)),
      ...periods.map((p, i) => held(p, byYear[i]!.get(label)?.onTimePercent ?? null)),
    ]),
  };
}

function upheldTable(name: string, caption: string, head: string, rates: UpheldRate[]): ReportTable {
  return {
    name,
    caption,
    head: [
      head,
      'Investigations with a finding',
      'Upheld in full or in part',
      '% upheld in full or in part',
      'Upheld in full',
      '% upheld in full',
    ],
    formats: ['text', 'number', 'number', 'percent', 'number', 'percent'],
    rows: rates.map((u) => [u.label, u.withFinding, u.upheld, u.percent, u.upheldInFull, u.percentInFull]),
    refs: traced(rates.map((u) => u.refs)),
    tracedColumn: 1,
  };
}

/** What a year with no data held shows in place of a number (never 0). */
export const NO_DATA = 'no data';
/** What a sum of money shows when nothing was recorded (never £0.00). */
export const NOT_RECORDED = 'not recorded';

/**
 * Measures over the three years, one row per measure; sums of money are given in pounds, with "(£)"
 * in the label, and "not recorded" when null; a year with no data held shows "no data".
 */
function yearsTable(
  name: string,
  caption: string,
  periods: PeriodFigures[],
  rows: [string, (number | null)[], 'pence'?][],
): ReportTable {
  return {
    name,
    caption,
    head: ['Measure', ...periods.map((p) => p.period.label)],
    formats: ['text', ...periods.map((): ColumnFormat => 'number')],
    rows: rows.map(([label, values, unit]) => [
      label,
      ...values.map((v, i) =>
        !periods[i]!.dataHeld
          ? NO_DATA
          : v === null
            ? unit === 'pence'
              ? NOT_RECORDED
              : null
            : unit === 'pence'
              ? v / 100
              : v,
      ),
    ]),
  };
}

/** A year's figure, or "no data" for a year with none held. */
const held = (p: PeriodFigures, v: number | null): Cell => (p.dataHeld ? v : NO_DATA);

/** Feedback by type over the long run (six years), when the model has it; the latest year is traced like "by-type". */
function longRunTables(model: ReportModel): ReportTable[] {
  const run = model.longRun;
  if (!run.length) return [];
  const now = model.periods[model.periods.length - 1]!;
  return [
    {
      name: 'by-type-long-run',
      caption: `Feedback by type over ${run.length} years (corrected types)`,
      head: ['Type', ...run.map((y) => y.period.label)],
      formats: ['text', ...run.map((): ColumnFormat => 'number')],
      rows: FEEDBACK_TYPES.map((t) => [
        FEEDBACK_TYPE_LABELS[t],
        ...run.map((y) => (y.held === false ? NO_DATA : y.byType[t])),
      ]),
      refs: refsOfTypes(now),
      tracedColumn: run.length,
      chart: 'long-run',
    },
  ];
}

/** "In 2024/25", or "From 1 January 2025 to 31 December 2025" for a period of other dates. */
const inPeriod = (label: string) => (label.includes(' to ') ? `From ${label}` : `In ${label}`);

/** "1 complaint", "3 complaints". */
const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The sentences a report author would otherwise write by hand, with this period's figures filled in. */
export function summaryParagraphs(model: ReportModel, councilName: string): string[] {
  const now = model.periods[2]!;
  const other = now.byType.comment + now.byType.question + now.byType.mp_enquiry + now.byType.concern;
  const { onTime, responses, onTimePercent } = stage1Timeliness(now);
  return [
    `${inPeriod(now.period.label)} there ${now.total === 1 ? 'was' : 'were'} ${counted(now.total, 'case of feedback', 'cases of feedback')} recorded for ${councilName}'s ${model.scope}: ${counted(now.byType.compliment, 'compliment', 'compliments')}, ${counted(other, 'comment or other type of enquiry', 'comments or other types of enquiry')} and ${counted(now.complaints, 'complaint', 'complaints')}.`,
    investigationsSentence(now),
    `The average number of cases of feedback a month was ${now.monthlyAverage}.`,
    stage1Sentence(now, onTime, responses, onTimePercent),
    outcomesSentence(now),
    progressionSentence(now),
  ].filter(Boolean);
}

/** Stage 1 timeliness in a sentence: what was judged, and what was left out of it and why (never "none sent" when some were). */
function stage1Sentence(now: PeriodFigures, onTime: number, responses: number, onTimePercent: number | null): string {
  const stage1 = now.timescales.filter((t) => t.stage === 'stage1');
  const migrated = sum(stage1.map((t) => t.excludedMigrated));
  const cannot = sum(stage1.map((t) => t.cannotRebuild));
  const withdrawn = sum(stage1.map((t) => t.withdrawn));
  const why = [
    migrated ? `${migrated} from migrated cases, which this report leaves out` : '',
    cannot ? `${cannot} whose dates cannot rebuild the clock (see Data quality)` : '',
  ].filter(Boolean);
  const leftOut = migrated + cannot;
  const withdrawals = withdrawn
    ? ` ${withdrawn} Stage 1 ${withdrawn === 1 ? 'complaint was' : 'complaints were'} withdrawn before a response.`
    : '';
  if (responses)
    return `${onTime} of ${responses} Stage 1 responses (${onTimePercent}%) were within the timescale or an agreed extension.${leftOut ? ` ${leftOut} more ${leftOut === 1 ? 'was' : 'were'} sent but not judged: ${why.join(' and ')}.` : ''}${withdrawals}`;
  if (leftOut)
    return `${leftOut} Stage 1 ${leftOut === 1 ? 'response was' : 'responses were'} sent in the period, none of them judged against the timescale: ${why.join(' and ')}.${withdrawals}`;
  return `No Stage 1 responses were sent in the period.${withdrawals}`;
}

/**
 * The report's sections; the published edition (small numbers hidden, publication.ts) when the model
 * carries a publication setting. Every output renders from here, so none can show what another hides.
 */
export function reportSections(model: ReportModel, councilName: string): ReportSection[] {
  const exact = exactSections(model, councilName);
  const shown = model.publication
    ? publishSections(exact, model.publication, { narrowed: !!model.options.orgUnitId })
    : exact;
  return withTexts(withOmbudsmanLetter(shown, model.ombudsmanLetter, model.periods[2]!), model.texts);
}

function exactSections(model: ReportModel, councilName: string): ReportSection[] {
  const [p0, p1, now] = model.periods as [PeriodFigures, PeriodFigures, PeriodFigures];
  const years = [p0.period.label, p1.period.label, now.period.label];
  const all = [p0, p1, now];
  const pick = (f: (p: PeriodFigures) => number | null) => all.map(f);
  const costSentence = (p: PeriodFigures) => {
    const cost = (pence: number | null, unrecorded: number, of: number) =>
      pence === null
        ? NOT_RECORDED
        : `${pounds(pence)}${unrecorded ? ` (${unrecorded} of ${of} with no cost recorded)` : ''}`;
    // A stage nobody asked for has no cost to state (never "Stage 3 £0.00" beside "No Stage 3 review was requested").
    const parts = [
      p.progression.stage2
        ? `Stage 2 cost ${cost(p.costs.stage2Pence, p.costs.unrecorded.stage2, p.progression.stage2)}`
        : '',
      p.progression.stage3
        ? `Stage 3 cost ${cost(p.costs.stage3Pence, p.costs.unrecorded.stage3, p.progression.stage3)}`
        : '',
    ].filter(Boolean);
    return parts.length ? `${parts.join(' and ')}.` : '';
  };
  const o = now.ombudsman;
  return [
    {
      id: 'summary',
      heading: 'Summary',
      paragraphs: summaryParagraphs(model, councilName),
      tables: [
        {
          name: 'trends',
          caption: 'Headline measures over three years',
          head: ['Measure', ...years, 'Direction of travel', 'Better or worse'],
          formats: ['text', 'number', 'number', 'number', 'text', 'text'],
          rows: model.trends.map((t) => [
            t.measure,
            ...t.values.map((v, i) => held(all[i]!, v)),
            t.direction,
            t.judgement,
          ]),
        },
      ],
    },
    {
      id: 'received',
      heading: 'Feedback received',
      paragraphs: [
        `An average of ${now.monthlyAverage} cases of feedback a month. Types are as corrected: a complaint later found to be a question counts as a question.`,
      ],
      tables: [
        {
          name: 'by-type',
          caption: 'Feedback by type (corrected types)',
          head: ['Type', ...years],
          formats: ['text', 'number', 'number', 'number'],
          rows: FEEDBACK_TYPES.map((t) => [FEEDBACK_TYPE_LABELS[t], ...all.map((p) => held(p, p.byType[t]))]),
          refs: refsOfTypes(now),
          tracedColumn: 3,
          chart: 'by-type',
        },
        ...longRunTables(model),
        yearsTable('complaints', 'Complaints and investigations', all, [
          ['Complaints', pick((p) => p.complaints)],
          ['Complaint investigations', pick((p) => p.investigations)],
        ]),
        {
          name: 'by-month',
          caption: 'Feedback by month',
          head: ['Month', 'Cases'],
          formats: ['text', 'number'],
          rows: now.byMonth.map((m) => [formatMonth(m.month), m.count]),
          chart: 'by-month',
        },
        {
          name: 'by-quarter',
          caption: 'Feedback by quarter',
          head: ['Quarter', ...years],
          formats: ['text', 'number', 'number', 'number'],
          rows: [0, 1, 2, 3].map((q) => [`Q${q + 1}`, ...all.map((p) => held(p, p.byQuarter[q] ?? 0))]),
        },
        countTable('by-procedure', 'Complaints by procedure', 'Procedure', now.byProcedure),
        {
          name: 'by-service-area',
          caption: 'All feedback by the service area of its lead team, and by type',
          head: ['Service area', ...FEEDBACK_TYPES.map((t) => FEEDBACK_TYPE_LABELS[t]), 'Total'],
          formats: ['text', ...FEEDBACK_TYPES.map((): ColumnFormat => 'number'), 'number'],
          rows: now.byServiceArea.map((a) => [a.label, ...FEEDBACK_TYPES.map((t) => a.byType[t]), a.total]),
          refs: traced(now.byServiceArea.map((a) => a.refs)),
          tracedColumn: FEEDBACK_TYPES.length + 1,
          chart: 'by-service-area',
        },
      ],
    },
    {
      id: 'teams-themes',
      heading: 'Teams and themes',
      paragraphs: [
        'A complaint with several themes counts under each, so themes add up to more than the complaints; percentages are of the complaints under that procedure.',
      ],
      tables: [
        countTable('by-team', 'Complaints by team', 'Team', now.byTeam, 'by-team'),
        unitTable(
          'by-directorate',
          'Complaints received, and Stage 1 responses sent and their timeliness, by directorate of the lead team (migrated and withdrawn as in Timescales)',
          'Directorate',
          now.byDirectorate,
        ),
        unitTable(
          'by-service',
          'Complaints received, and Stage 1 responses sent and their timeliness, by service of the lead team',
          'Service',
          now.byService,
        ),
        unitYearsTable(
          'by-directorate-years',
          'Complaints, and Stage 1 responses within timescale or extension, by directorate over three years',
          'Directorate',
          all,
          (p) => p.byDirectorate,
        ),
        unitYearsTable(
          'by-service-years',
          'Complaints, and Stage 1 responses within timescale or extension, by service over three years',
          'Service',
          all,
          (p) => p.byService,
        ),
        countTable('by-category', 'Complaints by main category', 'Category', now.byCategory),
        countTable(
          'themes-statutory',
          'Statutory complaints by theme (a complaint counts under each of its themes)',
          'Theme',
          now.byTheme.statutory,
        ),
        countTable(
          'themes-corporate',
          'Corporate complaints by theme (a complaint counts under each of its themes)',
          'Theme',
          now.byTheme.corporate,
        ),
      ],
    },
    {
      id: 'outcomes',
      heading: 'Outcomes',
      paragraphs: [
        `${now.outcomes.closed} Stage 1 investigations were answered in the period, ${now.outcomes.withFinding} of them with a finding (upheld, partially upheld or not upheld).${now.outcomes.withdrawn.count ? ` ${now.outcomes.withdrawn.count} Stage 1 ${now.outcomes.withdrawn.count === 1 ? 'complaint was' : 'complaints were'} withdrawn before a response, shown on their own.` : ''}`,
      ],
      tables: [
        {
          name: 'outcomes',
          caption: `Outcomes of the ${now.outcomes.closed} Stage 1 investigations answered in the period`,
          head: ['Outcome', 'Number', '% of answered', '% of those with a finding'],
          formats: ['text', 'number', 'percent', 'percent'],
          rows: [
            ...now.outcomes.byOutcome.map((x): Cell[] => [
              OUTCOME_LABELS[x.outcome],
              x.count,
              x.percentOfClosed,
              x.percentOfFindings,
            ]),
            // Withdrawn stages were never answered: their own row, outside the percentages.
            ...(now.outcomes.withdrawn.count
              ? [
                  [
                    'Withdrawn before a Stage 1 response (not among the answered)',
                    now.outcomes.withdrawn.count,
                    null,
                    null,
                  ],
                ]
              : []),
          ],
          chart: 'outcomes',
        },
        upheldTable(
          'upheld-by-team',
          'Stage 1 investigations upheld in full, and in full or in part, by investigating team',
          'Team',
          now.outcomes.upheldByTeam,
        ),
        upheldTable(
          'upheld-by-directorate',
          'Stage 1 investigations upheld in full, and in full or in part, by directorate of the investigating team',
          'Directorate',
          now.outcomes.upheldByDirectorate,
        ),
        upheldTable(
          'upheld-by-theme',
          'Stage 1 investigations upheld in full, and in full or in part, by theme of the complaint',
          'Theme',
          now.outcomes.upheldByTheme,
        ),
        countTable(
          'stage2-outcomes',
          'Outcomes of Stage 2 investigations answered in the period',
          'Outcome',
          now.stage2Outcomes,
        ),
        countTable(
          'stage3-outcomes',
          'Outcomes of Stage 3 reviews answered in the period',
          'Outcome',
          now.stage3Outcomes,
        ),
      ],
    },
    {
      id: 'timescales',
      heading: 'Timescales',
      paragraphs: [
        `Responses sent in the period, judged by the clock each stage runs under (Stage 3: the council's response to the panel; the Ombudsman: the reply to its enquiry). Days are working days, pauses not counted. A stage the complainant withdrew was never answered, so it is left out and counted on its own.${now.timescales.some((t) => t.excludedMigrated) ? ' Migrated cases are left out, and the number left out is shown.' : ''}${now.dataQuality.length ? ` ${sum(now.dataQuality.map((d) => d.count))} stages are left out because the dates held cannot rebuild their clocks: the data quality table says which and why.` : ''}`,
      ],
      tables: [
        {
          name: 'timescales',
          caption: 'Responses in the period against timescales, by procedure and stage',
          head: [
            'Procedure',
            'Stage',
            'Responses',
            'Within timescale',
            'Within extension',
            'Missed',
            'Average working days',
            'Median working days',
            'Migrated, left out',
            'Dates missing, left out',
            'Withdrawn, left out',
          ],
          formats: [
            'text',
            'text',
            'number',
            'number',
            'number',
            'number',
            'number',
            'number',
            'number',
            'number',
            'number',
          ],
          rows: now.timescales.map((t) => [
            procedureLabel(t.procedure),
            STAGE_LABELS[t.stage],
            t.responses,
            t.metBase,
            t.metExtension,
            t.missed,
            t.averageDays,
            t.medianDays,
            t.excludedMigrated,
            t.cannotRebuild,
            t.withdrawn,
          ]),
          refs: traced(now.timescales.map((t) => t.refs)),
          tracedColumn: 2,
          chart: 'timescales',
        },
        ...(now.dataQuality.length
          ? [
              countTable(
                'data-quality',
                'Data quality: stages left out of the timescale figures because their clocks cannot be rebuilt, and why',
                'Why',
                now.dataQuality,
              ),
            ]
          : []),
      ],
    },
    {
      id: 'beyond-stage-1',
      heading: 'Beyond Stage 1 and the Ombudsman',
      paragraphs: [
        `${progressionSentence(now)} ${costSentence(now)} ${financialRemediesSentence(now)}`,
        ombudsmanSentence(now),
      ],
      tables: [
        yearsTable('beyond-stage-1', 'Complaints beyond Stage 1', all, [
          ['Progressed beyond Stage 1', pick((p) => p.progression.beyondStage1)],
          ['Stage 2', pick((p) => p.progression.stage2)],
          ['of which withdrawn', pick((p) => p.progression.withdrawn.stage2)],
          ['Stage 3', pick((p) => p.progression.stage3)],
          ['of which withdrawn', pick((p) => p.progression.withdrawn.stage3)],
          ['Ombudsman', pick((p) => p.progression.lgsco)],
          ['Stage 2 costs (£)', pick((p) => p.costs.stage2Pence), 'pence'],
          ['Stage 3 costs (£)', pick((p) => p.costs.stage3Pence), 'pence'],
        ]),
        countTable('ombudsman-decisions', 'Ombudsman decisions made in the period', 'Decision', o.decisions),
        {
          name: 'ombudsman-remedies',
          caption: 'Remedies the Ombudsman asked for, on decisions made in the period',
          head: ['Measure', 'Number'],
          formats: ['text', 'number'],
          rows: [
            ['Enquiries received', o.enquiries],
            ['Fault found', o.faultFound],
            ['Injustice found', o.injusticeFound],
            ['Remedies asked for', o.remedies],
            ['with a due date', o.remediesDue],
            ['completed by the due date', o.remediesCompletedOnTime],
            ['not yet completed', o.remediesOutstanding],
          ],
        },
        countTable('remedies', 'Remedies by type (any stage)', 'Remedy', now.remedies),
        countTable(
          'remedies-by-stage',
          'Remedies by the stage they were given at (Ombudsman: those it recommended)',
          'Stage',
          now.remediesByStage,
        ),
      ],
    },
    {
      id: 'learning',
      heading: 'Learning and actions',
      paragraphs: [
        `${now.learning.upheldWithLearning} of ${now.learning.upheldComplaints} upheld or partially upheld complaints have learning recorded${now.learning.upheldWithLearningPercent !== null ? ` (${now.learning.upheldWithLearningPercent}%)` : ''}. ${now.learning.actionsCompleted} of ${now.learning.actions} actions are completed, ${now.learning.actionsCompletedOnTime} on time.`,
      ],
      tables: [
        countTable('learning', 'Learning by type (% of all learning)', 'Type', now.learning.byType),
        {
          name: 'actions',
          caption: 'Learning and actions',
          head: ['Measure', 'Number'],
          formats: ['text', 'number'],
          rows: [
            ['Upheld or partially upheld complaints', now.learning.upheldComplaints],
            ['of which with learning recorded', now.learning.upheldWithLearning],
            ['Actions', now.learning.actions],
            ['Actions completed', now.learning.actionsCompleted],
            ['Actions completed on time', now.learning.actionsCompletedOnTime],
          ],
        },
      ],
    },
    {
      id: 'people',
      heading: 'Who complained',
      paragraphs: [
        `${now.people.byChildren} complaints were made by children and young people themselves; ${now.people.lookedAfter} were about looked after children. ${now.repeat.twoOrMore} complainants made 2 or more complaints, ${now.repeat.fourOrMore} made 4 or more.`,
      ],
      tables: [
        countTable('relationship', "Complainant's relationship to the child", 'Relationship', now.people.relationship),
        countTable('service-user-group', 'Service user group', 'Group', now.people.serviceUserGroup),
        countTable('ethnicity', "Child's ethnicity", 'Ethnicity', now.people.ethnicity),
        countTable('channel', 'How feedback arrived', 'Channel', now.people.channel),
        yearsTable('people', 'Children, looked after children and repeat complainants', all, [
          ['Complaints made by children', pick((p) => p.people.byChildren)],
          ['About looked after children', pick((p) => p.people.lookedAfter)],
          ['Complainants with 2 or more complaints', pick((p) => p.repeat.twoOrMore)],
          ['Complainants with 4 or more complaints', pick((p) => p.repeat.fourOrMore)],
        ]),
      ],
    },
    {
      id: 'compliments',
      heading: 'Compliments',
      paragraphs: [
        `${now.byType.compliment} compliments were received, against ${p1.byType.compliment} the year before.`,
      ],
      tables: [
        countTable('compliments-team', 'Compliments by team', 'Team', now.compliments.byTeam),
        countTable('compliments-origin', 'Compliments by origin', 'From', now.compliments.byOrigin),
        countTable('compliments-theme', 'Compliments by theme', 'Theme', now.compliments.byTheme),
      ],
    },
    {
      id: 'rates',
      heading: 'Rates per 1,000',
      paragraphs: now.context.length
        ? [
            'Complaints received in the year for every 1,000 of each figure the council entered for it, such as children worked with.',
          ]
        : ['No context figures have been entered for this year (Administration, Context figures).'],
      tables: now.context.length
        ? [
            {
              name: 'rates',
              caption: 'Complaints per 1,000 of each context figure',
              head: ['Context figure', 'Value', 'Complaints per 1,000'],
              formats: ['text', 'number', 'number'],
              rows: now.context.map((x) => [x.measure.replace(/_/g, ' '), x.value, x.complaintsPerThousand]),
            },
          ]
        : [],
    },
  ];
}

/** Every table of the report, in order. */
export function reportTables(model: ReportModel, councilName = 'The council'): ReportTable[] {
  return reportSections(model, councilName).flatMap((s) => s.tables);
}

/** A cell as the page shows it: numbers with thousands separators, percentages and pounds marked, gaps as a dash. */
export function displayCell(value: Cell, format: ColumnFormat): string {
  if (value === null) return '–';
  if (typeof value !== 'number') return value;
  if (format === 'percent') return `${value}%`;
  if (format === 'pounds')
    return `£${value.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return value.toLocaleString('en-GB');
}

/** One table as CSV, through the one CSV writer (formula-safe). */
export function tableCsv(t: ReportTable): string {
  return toCsv([t.head, ...t.rows]);
}

/** Money paid as remedies in the period, saying which date counts it (the payment's, or the case's receipt). */
function financialRemediesSentence(p: PeriodFigures): string {
  const undated = p.financialRemediesUndated;
  return `Financial remedies paid in the period came to ${pounds(p.financialRemediesPence)} (counted by the date each was paid${
    undated
      ? `; ${undated} ${undated === 1 ? 'payment has' : 'payments have'} no payment date recorded and ${undated === 1 ? 'is' : 'are'} counted by when the case was received`
      : ''
  }).`;
}
