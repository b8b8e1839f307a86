import type { ReportSection } from './sections.ts';

/**
 * The words a council writes into its annual report, beside the sentences
 * Heard writes from the figures. The seed reports open with a foreword and
 * the statutory context, and close with advocacy, what was learned ("you
 * said, we did") and next year's priorities; any section may carry the
 * council's own commentary after Heard's sentences. Pure: the service reads
 * and saves them, every output draws them from here.
 */
export const OPENING_BLOCKS = [
  {
    key: 'foreword',
    heading: 'Foreword',
    hint: 'A few paragraphs from the Director of Children’s Services or the lead member.',
  },
  {
    key: 'introduction',
    heading: 'Introduction and statutory context',
    hint: 'The Children Act 1989 Representations Procedure (England) Regulations 2006, the corporate procedure, the Ombudsman, and who this report is for.',
  },
] as const;

export const CLOSING_BLOCKS = [
  {
    key: 'advocacy',
    heading: 'Advocacy',
    hint: 'How children and young people were offered an advocate, and how many took it up.',
  },
  {
    key: 'learning',
    heading: 'What we learned',
    hint: 'The themes of the year’s learning. The “You said, we did” table below it lists the learning points chosen for the report and their completed actions.',
  },
  {
    key: 'priorities',
    heading: 'Priorities for next year',
    hint: 'What the service will do differently next year.',
  },
] as const;

/** The report's own sections, each of which may carry commentary (sections.ts; a test keeps the two in step). */
export const COMMENTARY_SECTIONS = [
  { id: 'summary', heading: 'Summary' },
  { id: 'received', heading: 'Feedback received' },
  { id: 'teams-themes', heading: 'Teams and themes' },
  { id: 'outcomes', heading: 'Outcomes' },
  { id: 'timescales', heading: 'Timescales' },
  { id: 'beyond-stage-1', heading: 'Beyond Stage 1 and the Ombudsman' },
  { id: 'learning', heading: 'Learning and actions' },
  { id: 'people', heading: 'Who complained' },
  { id: 'compliments', heading: 'Compliments' },
  { id: 'rates', heading: 'Rates per 1,000' },
] as const;

export type TextBlockKey =
  (typeof OPENING_BLOCKS)[number]['key'] | (typeof CLOSING_BLOCKS)[number]['key'] | `commentary:${string}`;

/** The block that holds a section's commentary. */
export const commentaryKey = (sectionId: string): TextBlockKey => `commentary:${sectionId}`;

/** Every block a council may write, in the order the report shows them. */
export const ALL_BLOCK_KEYS: TextBlockKey[] = [
  ...OPENING_BLOCKS.map((b) => b.key),
  ...COMMENTARY_SECTIONS.map((s) => commentaryKey(s.id)),
  ...CLOSING_BLOCKS.map((b) => b.key),
];

/** A learning point chosen for "You said, we did", with the actions completed for it. */
export interface YouSaidWeDid {
  learning: string;
  actions: string[];
}

export interface ReportTexts {
  /** Each block's text, as written (paragraphs split by a blank line). */
  blocks: Partial<Record<TextBlockKey, string>>;
  /** Null when nothing has been written or chosen for the period. */
  status: 'draft' | 'final' | null;
  lastEdit: { by: string; at: Date } | null;
  youSaidWeDid: YouSaidWeDid[];
}

export const NO_TEXTS: ReportTexts = { blocks: {}, status: null, lastEdit: null, youSaidWeDid: [] };

/** The longest block Heard keeps: about ten pages of a report, far more than any section needs. */
export const MAX_BLOCK_LENGTH = 20_000;

/** A block's paragraphs: split at blank lines, each paragraph's own line breaks joined with spaces. */
export function paragraphsOf(body: string | undefined): string[] {
  if (!body) return [];
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
}

/** The section a block of its own becomes; none when the block is empty (never an empty heading). */
function blockSection(block: { key: string; heading: string }, texts: ReportTexts): ReportSection | null {
  const paragraphs = paragraphsOf(texts.blocks[block.key as TextBlockKey]);
  return paragraphs.length ? { id: block.key, heading: block.heading, paragraphs, tables: [] } : null;
}

/** "You said, we did" as a table of text: no counts, so nothing to hide in the published edition. */
function youSaidWeDidSection(texts: ReportTexts): ReportSection | null {
  const learning = paragraphsOf(texts.blocks.learning);
  if (!learning.length && !texts.youSaidWeDid.length) return null;
  return {
    id: 'learning-text',
    heading: 'What we learned',
    paragraphs: learning,
    tables: texts.youSaidWeDid.length
      ? [
          {
            name: 'you-said-we-did',
            caption: 'You said, we did',
            head: ['You said (what a complaint taught us)', 'We did (actions completed)'],
            formats: ['text', 'text'],
            rows: texts.youSaidWeDid.map((y) => [
              y.learning,
              y.actions.length ? y.actions.join('; ') : 'Action agreed, not yet completed',
            ]),
          },
        ]
      : [],
  };
}

/**
 * Heard's sections with the council's words put in: the opening blocks
 * first, each section's commentary after Heard's own sentences, and the
 * closing blocks last. Blocks with no text add nothing.
 */
export function withTexts(sections: ReportSection[], texts: ReportTexts | null | undefined): ReportSection[] {
  if (!texts) return sections;
  const opening = OPENING_BLOCKS.map((b) => blockSection(b, texts));
  const middle = sections.map((s) => {
    const commentary = paragraphsOf(texts.blocks[commentaryKey(s.id)]);
    return commentary.length ? { ...s, paragraphs: [...s.paragraphs, ...commentary] } : s;
  });
  const closing = [
    blockSection(CLOSING_BLOCKS[0], texts),
    youSaidWeDidSection(texts),
    blockSection(CLOSING_BLOCKS[2], texts),
  ];
  return [...opening, ...middle, ...closing].filter((s): s is ReportSection => s !== null);
}
