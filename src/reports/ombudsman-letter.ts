import type { PeriodFigures } from './figures.ts';
import type { ReportSection, ReportTable } from './sections.ts';

/**
 * The Ombudsman's annual review letter beside Heard's own counts for the
 * same financial year. The two rarely agree exactly, and a committee asks
 * why: each difference is listed with the reasons it usually has. Pure.
 */
export interface OmbudsmanLetter {
  financialYearStart: number;
  received: number;
  detailedInvestigations: number;
  upheld: number;
  compliancePercent: number | null;
  satisfactoryRemedy: number | null;
}

/** Heard's counts of the same things, from the year's figures. */
export function heardCounts(p: PeriodFigures) {
  const decided = (label: string) => p.ombudsman.decisions.find((d) => d.label === label)?.count ?? 0;
  const upheld = decided('Upheld');
  const detailed = upheld + decided('Not upheld');
  const { remedies, remediesCompletedOnTime } = p.ombudsman;
  return {
    received: p.ombudsman.enquiries,
    detailedInvestigations: detailed,
    upheld,
    upheldPercent: detailed ? Math.round((upheld / detailed) * 100) : null,
    compliancePercent: remedies ? Math.round((remediesCompletedOnTime / remedies) * 100) : null,
  };
}

const percentOf = (part: number, whole: number) => (whole ? Math.round((part / whole) * 100) : null);

const REASONS = {
  received:
    'The Ombudsman counts every complaint and enquiry it receives about the council’s children’s services, including those it sends back as premature or closes without asking the council; Heard counts those the council recorded as referred to the Ombudsman. A complaint referred late in one year may be counted by the Ombudsman in the next.',
  detailedInvestigations:
    'The Ombudsman counts decisions by the date it made them; Heard counts the decisions recorded on cases in the year. A decision not yet recorded in Heard, or a case the council handled outside Heard, is in the letter only.',
  upheld:
    'An Ombudsman case can be upheld in part: the letter counts it as upheld, while the decision recorded in Heard may say otherwise. Decisions dated near the year’s end may fall in different years.',
  compliancePercent:
    'The Ombudsman counts the recommendations it was satisfied were carried out, however late; Heard counts remedies completed by their due date, of all those asked for in the year.',
} as const;

/** The comparison table and, for each measure that differs, a sentence saying by how much and why it may. */
export function letterComparison(
  letter: OmbudsmanLetter,
  p: PeriodFigures,
): { table: ReportTable; differences: string[] } {
  const heard = heardCounts(p);
  const rows: [keyof typeof REASONS | null, string, number | null, number | null, 'number' | 'percent'][] = [
    ['received', 'Complaints and enquiries received', letter.received, heard.received, 'number'],
    [
      'detailedInvestigations',
      'Detailed investigations (decisions)',
      letter.detailedInvestigations,
      heard.detailedInvestigations,
      'number',
    ],
    ['upheld', 'Upheld', letter.upheld, heard.upheld, 'number'],
    [null, 'Upheld rate (%)', percentOf(letter.upheld, letter.detailedInvestigations), heard.upheldPercent, 'percent'],
    [
      'compliancePercent',
      'Compliance with recommendations (%)',
      letter.compliancePercent,
      heard.compliancePercent,
      'percent',
    ],
    [null, 'Satisfactory remedy already given by the council', letter.satisfactoryRemedy, null, 'number'],
  ];
  const differences = rows.flatMap(([key, label, theirs, ours, format]) => {
    if (!key || theirs === null || ours === null || theirs === ours) return [];
    const unit = format === 'percent' ? ' percentage points' : '';
    const more = theirs > ours ? 'more' : 'fewer';
    return [
      `${label}: the letter gives ${theirs}${format === 'percent' ? '%' : ''}, Heard ${ours}${format === 'percent' ? '%' : ''} (${Math.abs(theirs - ours)}${unit} ${format === 'percent' ? (theirs > ours ? 'higher' : 'lower') : more} in the letter). ${REASONS[key]}`,
    ];
  });
  return {
    table: {
      name: 'ombudsman-letter',
      caption: `The Ombudsman’s annual letter and Heard’s counts, ${letter.financialYearStart}/${String((letter.financialYearStart + 1) % 100).padStart(2, '0')}`,
      head: ['Measure', 'Ombudsman’s letter', 'Heard', 'Difference'],
      formats: ['text', 'text', 'text', 'text'],
      rows: rows.map(([, label, theirs, ours, format]) => {
        const show = (n: number | null, missing: string) =>
          n === null ? missing : format === 'percent' ? `${n}%` : String(n);
        return [
          label,
          show(theirs, 'Not given'),
          show(ours, ours === null && label.startsWith('Satisfactory') ? 'Not recorded in Heard' : 'None to count'),
          theirs !== null && ours !== null
            ? theirs === ours
              ? 'Same'
              : `${theirs - ours > 0 ? '+' : ''}${theirs - ours}`
            : '',
        ];
      }),
    },
    differences,
  };
}

/** The letter's section, placed after the Ombudsman figures Heard counts itself; none without a letter. */
export function withOmbudsmanLetter(
  sections: ReportSection[],
  letter: OmbudsmanLetter | null | undefined,
  p: PeriodFigures,
): ReportSection[] {
  if (!letter) return sections;
  const { table, differences } = letterComparison(letter, p);
  const section: ReportSection = {
    id: 'ombudsman-letter',
    heading: 'The Ombudsman’s annual letter',
    paragraphs: [
      'Each year the Local Government and Social Care Ombudsman writes to the council with its own figures for the year. They are shown here beside the counts Heard holds for the same year.',
      ...(differences.length ? differences : ['Heard’s counts agree with the letter’s.']),
    ],
    tables: [table],
  };
  const at = sections.findIndex((s) => s.id === 'beyond-stage-1');
  return at < 0 ? [...sections, section] : [...sections.slice(0, at + 1), section, ...sections.slice(at + 1)];
}
