import type { FeedbackType, Procedure } from '../cases/vocabulary.ts';

/**
 * Which procedure a complaint probably follows, and why. Heard suggests; the
 * complaints officer decides and records the reason. The children's statutory
 * procedure covers social care for a child (Children Act 1989 s.26(3) and the
 * 2006 Regulations); the rest of Children's Services (SEND, admissions,
 * transport) is corporate.
 */
export interface SuggestionFacts {
  type: FeedbackType;
  /** The procedure the team (or its service) says its complaints usually follow. */
  teamDefault: Procedure | null;
  teamName: string | null;
  /** Service user group codes of the child on the case (CIN, CP, LAC, CARE_LEAVER, ...). */
  childGroupCode: string | null;
  lookedAfter: boolean | null;
  /** The subject and what they told us: the words when nothing else is known (no team, no group). */
  text?: string;
}

export interface Suggestion {
  procedure: Procedure;
  reason: string;
}

const SOCIAL_CARE_GROUPS: Record<string, string> = {
  CIN: 'a child in need',
  CP: 'a child with a child protection plan',
  LAC: 'a looked after child',
  CARE_LEAVER: 'a care leaver',
  DISABLED: 'a disabled child receiving social care',
  ADOPTION: 'adoption or special guardianship support',
};

export function suggestProcedure(f: SuggestionFacts): Suggestion | null {
  if (f.type !== 'complaint') return null;
  if (f.lookedAfter)
    return {
      procedure: 'childrens_statutory',
      reason: 'It is about a looked after child: social care under the Children Act 1989.',
    };
  if (f.childGroupCode && SOCIAL_CARE_GROUPS[f.childGroupCode]) {
    return {
      procedure: 'childrens_statutory',
      reason: `It is about ${SOCIAL_CARE_GROUPS[f.childGroupCode]}: social care under the Children Act 1989.`,
    };
  }
  if (f.teamDefault) {
    const why =
      f.teamDefault === 'childrens_statutory'
        ? 'social care'
        : f.teamDefault === 'corporate'
          ? 'not social care'
          : 'usually handled this way';
    return {
      procedure: f.teamDefault,
      reason: `Complaints about ${f.teamName ?? 'this team'} usually follow this procedure (${why}).`,
    };
  }
  if (f.childGroupCode === 'SEND' || f.childGroupCode === 'NONE')
    return { procedure: 'corporate', reason: 'It is about education or SEND services, not social care.' };
  return fromWords(f.text ?? '');
}

/** Words that name social care, and words that name the rest of Children's Services. */
const SOCIAL_CARE_WORDS = [
  'social worker',
  'social work',
  'foster',
  'care plan',
  'child protection',
  'looked after',
  'children in care',
  'in care',
  'care leaver',
  'pathway plan',
  'personal adviser',
  'child in need',
  'residential',
  'contact with my child',
  'adoption',
  'special guardianship',
  'short breaks',
];
const CORPORATE_WORDS = [
  'school admission',
  'admissions',
  'school place',
  'school transport',
  'home to school transport',
  'bus pass',
  'ehcp',
  'ehc plan',
  'education, health and care',
  'special educational needs',
  'exclusion',
  'attendance',
];

function found(text: string, words: readonly string[]): string | undefined {
  return words.find((w) => new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text));
}

/**
 * When the complainant did not know the team and no child's group is
 * recorded, the description's words still point one way: Heard says which
 * words, so the officer can judge. Both kinds, or neither: no suggestion.
 */
function fromWords(text: string): Suggestion | null {
  const care = found(text, SOCIAL_CARE_WORDS);
  const other = found(text, CORPORATE_WORDS);
  if (care && !other)
    return {
      procedure: 'childrens_statutory',
      reason: `No team or service user group is recorded, but they mention “${care}”: this sounds like social care under the Children Act 1989. Check before deciding.`,
    };
  if (other && !care)
    return {
      procedure: 'corporate',
      reason: `No team or service user group is recorded, but they mention “${other}”: this sounds like education or another service, not social care. Check before deciding.`,
    };
  return null;
}
