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
  return null;
}
