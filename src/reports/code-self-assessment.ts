import { stage1Timeliness, type PeriodFigures } from './figures.ts';
import type { ReportModel } from './model.ts';
import { publishSections } from './publication.ts';
import { reportSections, type ReportSection } from './sections.ts';

/**
 * The Local Government and Social Care Ombudsman's Complaint Handling Code
 * (2024; councils are expected to follow it from 1 April 2026) as a list of
 * requirements a council assesses itself against each year (paragraph 8.1),
 * with the evidence Heard's figures give pre-filled. `confirmed` says whether
 * the paragraph's number and wording were read from the Ombudsman's published
 * Code when this was written; the rest name only the Code's section, and the
 * council should check them against the Code (docs/complaint-handling-code.md).
 */
export interface CodeRequirement {
  /** "6.2", or "Section 3" where the paragraph number was not confirmed. */
  paragraph: string;
  /** Stable key the council's answers are saved under. */
  key: string;
  section: string;
  summary: string;
  confirmed: boolean;
  /** What Heard's figures for the year say, when they say anything. */
  evidence?: (p: PeriodFigures) => string;
}

const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : 'none to measure');
/** "2 of 3 complaints received (67%) acknowledged within 5 working days", or "No complaints received in the year". */
const ofN = (part: number, whole: number, what: string, done: string) =>
  whole ? `${part} of ${whole} ${what} (${percent(part, whole)}) ${done}` : `No ${what} in the year`;

export const CODE_REQUIREMENTS: readonly CodeRequirement[] = [
  {
    paragraph: 'Section 1',
    key: 's1-definition',
    section: 'Definitions',
    summary:
      'The council’s policy defines a complaint as the Code does, and treats dissatisfaction as a complaint without the word being used.',
    confirmed: false,
  },
  {
    paragraph: 'Section 2',
    key: 's2-exclusions',
    section: 'Exclusions',
    summary:
      'The policy says what the council will not consider as a complaint, and when it refuses one it explains why and signposts the Ombudsman.',
    confirmed: false,
  },
  {
    paragraph: 'Section 3',
    key: 's3-accessibility',
    section: 'Accessibility and awareness',
    summary:
      'Complaints can be made in more than one way, the policy is published and easy to find, and reasonable adjustments are made.',
    confirmed: false,
    evidence: (p) =>
      p.people.channel.length
        ? `Complaints and other feedback came in by ${p.people.channel.length} channel${p.people.channel.length === 1 ? '' : 's'}: ${p.people.channel.map((c) => `${c.label ?? 'not recorded'} ${c.count}`).join(', ')}.`
        : 'No channel recorded in the year.',
  },
  {
    paragraph: 'Section 4',
    key: 's4-staff',
    section: 'Complaint handling staff',
    summary:
      'A person or team is responsible for complaint handling, with the authority and training to resolve complaints.',
    confirmed: false,
  },
  {
    paragraph: 'Section 5',
    key: 's5-process',
    section: 'The complaint handling process',
    summary:
      'A single process of two stages (statutory procedures aside); complaints are recorded, their outcome and the actions taken kept.',
    confirmed: false,
    evidence: (p) => `${p.complaints} complaint${p.complaints === 1 ? '' : 's'} received and recorded in the year.`,
  },
  {
    paragraph: '6.1',
    key: '6.1',
    section: 'Complaint stages: Stage 1',
    summary:
      'A process to decide which complaints can be answered early and which need more consideration, weighing complexity and vulnerability.',
    confirmed: true,
  },
  {
    paragraph: '6.2',
    key: '6.2',
    section: 'Complaint stages: Stage 1',
    summary: 'Complaints are acknowledged and logged at Stage 1 within 5 working days of being received.',
    confirmed: true,
    evidence: (p) => {
      const t = p.codeTimeliness;
      return `${ofN(t.acknowledgedWithin5, t.complaints, 'complaints received', 'acknowledged within 5 working days')}${t.notAcknowledged ? `; ${t.notAcknowledged} with no acknowledgement date recorded` : ''}.`;
    },
  },
  {
    paragraph: '6.3',
    key: '6.3',
    section: 'Complaint stages: Stage 1',
    summary: 'A full Stage 1 response within 10 working days of the complaint being acknowledged.',
    confirmed: true,
    evidence: (p) =>
      `${ofN(p.codeTimeliness.stage1.within10, p.codeTimeliness.stage1.responses, 'Stage 1 responses', 'within 10 working days')}.`,
  },
  {
    paragraph: '6.4',
    key: '6.4',
    section: 'Complaint stages: Stage 1',
    summary:
      'Any extension is decided on the complaint’s complexity, explained, and no more than 10 working days without good reason.',
    confirmed: true,
    evidence: (p) => {
      const s1 = stage1Timeliness(p);
      return s1.responses
        ? `${ofN(p.codeTimeliness.stage1.within20, p.codeTimeliness.stage1.responses, 'Stage 1 responses', 'within 20 working days (10 plus the longest extension)')}; ${ofN(s1.onTime, s1.responses, 'Stage 1 responses', 'within their procedure’s timescale or an agreed extension')}.`
        : 'No Stage 1 responses in the year.';
    },
  },
  {
    paragraph: '6.5',
    key: '6.5',
    section: 'Complaint stages: Stage 1',
    summary: 'When told of an extension, the person is given the relevant Ombudsman’s details.',
    confirmed: true,
  },
  {
    paragraph: '6.6',
    key: '6.6',
    section: 'Complaint stages: Stage 1',
    summary:
      'The response is sent when the answer is known; outstanding actions are tracked and the person kept updated.',
    confirmed: true,
    evidence: (p) =>
      p.learning.actions
        ? `${p.learning.actions} action${p.learning.actions === 1 ? '' : 's'} recorded on complaints received in the year; ${p.learning.actionsCompleted} completed, ${p.learning.actionsCompletedOnTime} by their due date.`
        : 'No actions recorded on complaints received in the year.',
  },
  {
    paragraph: '6.7',
    key: '6.7',
    section: 'Complaint stages: Stage 1',
    summary:
      'The response addresses every point, gives reasons referring to policy, law and good practice, and says what the council is and is not responsible for.',
    confirmed: true,
  },
  {
    paragraph: 'Section 6 (Stage 2)',
    key: 's6-stage2',
    section: 'Complaint stages: Stage 2',
    summary:
      'A Stage 2 response within 20 working days, any extension no more than 10 working days without good reason, by someone not involved at Stage 1.',
    confirmed: false,
    evidence: (p) => {
      const s2 = p.codeTimeliness.stage2;
      return s2.responses
        ? `${ofN(s2.within20, s2.responses, 'Stage 2 responses', 'within 20 working days')}; ${s2.within30} within 30.`
        : 'No Stage 2 responses in the year.';
    },
  },
  {
    paragraph: 'Section 7',
    key: 's7-remedies',
    section: 'Putting things right',
    summary:
      'Where something went wrong the council acknowledges it and puts it right (apology, action, redress), following the Ombudsman’s guidance on remedies.',
    confirmed: false,
    evidence: (p) => {
      const given = p.remedies.reduce((a, r) => a + r.count, 0);
      const o = p.ombudsman;
      return `${given} remed${given === 1 ? 'y' : 'ies'} recorded on complaints received in the year. Ombudsman: ${o.enquiries} enquir${o.enquiries === 1 ? 'y' : 'ies'}; ${ofN(o.remediesCompletedOnTime, o.remedies, 'remedies it recommended', 'completed on time')}.`;
    },
  },
  {
    paragraph: '8.1',
    key: '8.1',
    section: 'Performance reporting and self-assessment',
    summary:
      'An annual complaints performance and service improvement report: this self-assessment, analysis of performance (and of complaints refused), any non-compliance, service improvements, and the Ombudsman’s annual letter.',
    confirmed: true,
    evidence: (p) =>
      `This report: ${p.complaints} complaints received, ${stage1Timeliness(p).responses} Stage 1 responses, ${p.learning.byType.reduce((a, l) => a + l.count, 0)} learning points recorded.`,
  },
  {
    paragraph: '8.2',
    key: '8.2',
    section: 'Performance reporting and self-assessment',
    summary:
      'The report goes through the council’s governance arrangements, is published on its complaints web page, and the governing body’s response is published alongside.',
    confirmed: true,
  },
  {
    paragraph: '8.3',
    key: '8.3',
    section: 'Performance reporting and self-assessment',
    summary: 'A fresh self-assessment after a significant restructure, merger or change in procedures.',
    confirmed: true,
  },
  {
    paragraph: 'Section 9',
    key: 's9-oversight',
    section: 'Scrutiny and oversight',
    summary:
      'Learning from complaints is used to improve services; a member of the governing body leads on complaints and the governing body receives regular information on them.',
    confirmed: false,
    evidence: (p) =>
      p.learning.upheldComplaints
        ? `${ofN(p.learning.upheldWithLearning, p.learning.upheldComplaints, 'upheld complaints', 'with learning recorded')}.`
        : 'No complaint upheld in the year.',
  },
];

export const REQUIREMENT_KEYS = CODE_REQUIREMENTS.map((r) => r.key);

export const COMPLIES = ['yes', 'partly', 'no'] as const;
export type Complies = (typeof COMPLIES)[number];
export const COMPLIES_LABELS: Record<Complies, string> = { yes: 'Yes', partly: 'Partly', no: 'No' };

/** The council's own answer to one requirement. */
export interface CodeAnswer {
  complies: Complies | null;
  commentary: string;
  evidenceLink: string;
}
export const MAX_COMMENTARY = 2000;
export const MAX_EVIDENCE_LINK = 500;

/** The sections of the full report the Code asks for (8.1): performance, outcomes, the Ombudsman, learning. */
const CODE_SECTION_IDS = [
  'summary',
  'received',
  'outcomes',
  'timescales',
  'beyond-stage-1',
  'ombudsman-letter',
  'learning',
];

/** Each requirement with Heard's evidence for the year and the council's answer (empty when none was given). */
export function selfAssessmentRows(p: PeriodFigures, answers: Partial<Record<string, CodeAnswer>>) {
  return CODE_REQUIREMENTS.map((r) => ({
    requirement: r,
    heardEvidence: r.evidence ? r.evidence(p) : '',
    answer: answers[r.key] ?? { complies: null, commentary: '', evidenceLink: '' },
  }));
}

/**
 * The Code edition of the annual report: timeliness against the Code, the
 * report's own sections the Code asks for, and the self-assessment.
 */
export function codeReportSections(
  model: ReportModel,
  councilName: string,
  answers: Partial<Record<string, CodeAnswer>>,
): ReportSection[] {
  const now = model.periods[2]!;
  const t = now.codeTimeliness;
  const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : null);
  const timeliness: ReportSection = {
    id: 'code-timeliness',
    heading: 'Timeliness against the Complaint Handling Code',
    paragraphs: [
      'The Code expects complaints to be acknowledged within 5 working days (6.2), answered at Stage 1 within 10 working days of acknowledgement (6.3) with any extension no more than 10 working days without good reason (6.4), and at Stage 2 within 20. Heard counts working days as each procedure’s clock does (from receipt, with agreed pauses), so these figures are a little stricter than the Code’s.',
    ],
    tables: [
      {
        name: 'code-timeliness',
        caption: `Complaints against the Code’s timescales, ${now.period.label}`,
        head: ['Measure', 'Within', 'Of', 'Percentage'],
        formats: ['text', 'number', 'number', 'percent'],
        rows: [
          [
            'Acknowledged within 5 working days',
            t.acknowledgedWithin5,
            t.complaints,
            pct(t.acknowledgedWithin5, t.complaints),
          ],
          [
            'Stage 1 answered within 10 working days',
            t.stage1.within10,
            t.stage1.responses,
            pct(t.stage1.within10, t.stage1.responses),
          ],
          [
            'Stage 1 answered within 20 working days (with extension)',
            t.stage1.within20,
            t.stage1.responses,
            pct(t.stage1.within20, t.stage1.responses),
          ],
          [
            'Stage 2 answered within 20 working days',
            t.stage2.within20,
            t.stage2.responses,
            pct(t.stage2.within20, t.stage2.responses),
          ],
          [
            'Stage 2 answered within 30 working days (with extension)',
            t.stage2.within30,
            t.stage2.responses,
            pct(t.stage2.within30, t.stage2.responses),
          ],
        ],
      },
    ],
  };
  const rows = selfAssessmentRows(now, answers);
  const answered = rows.filter((r) => r.answer.complies).length;
  const selfAssessment: ReportSection = {
    id: 'code-self-assessment',
    heading: 'Self-assessment against the Complaint Handling Code',
    paragraphs: [
      `${councilName}’s assessment of its complaint handling against each requirement of the Code (paragraph 8.1): ${answered} of ${rows.length} requirements answered. Heard’s evidence comes from the year’s figures; the council’s answer, commentary and evidence are its own.`,
    ],
    tables: [
      {
        name: 'code-self-assessment',
        caption: `Self-assessment against the Complaint Handling Code, ${now.period.label}`,
        head: ['Paragraph', 'Requirement', 'Heard’s evidence', 'Complies', 'Commentary', 'Evidence'],
        formats: ['text', 'text', 'text', 'text', 'text', 'text'],
        rows: rows.map((r) => [
          r.requirement.paragraph,
          r.requirement.summary,
          r.heardEvidence,
          r.answer.complies ? COMPLIES_LABELS[r.answer.complies] : 'Not answered',
          r.answer.commentary,
          r.answer.evidenceLink,
        ]),
      },
    ],
  };
  const figures = reportSections(model, councilName).filter((s) => CODE_SECTION_IDS.includes(s.id));
  // The published edition hides small numbers in the Code's table as in every other.
  const shownTimeliness = model.publication ? publishSections([timeliness], model.publication) : [timeliness];
  return [...shownTimeliness, ...figures, selfAssessment];
}
