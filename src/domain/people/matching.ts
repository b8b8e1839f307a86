/**
 * Is this the person we already know? Heard suggests, the officer decides.
 * An email address or a phone number is strong evidence; a name alone is
 * weak (there are many Sarah Joneses) unless the address agrees.
 */
export interface PersonDetails {
  givenName?: string | null;
  familyName?: string | null;
  email?: string | null;
  phone?: string | null;
  postcode?: string | null;
  addressLine1?: string | null;
}

export interface MatchScore {
  score: number;
  reasons: string[];
}

export const MATCH_THRESHOLD = 3;

const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
export const phoneDigits = (s: string | null | undefined) => {
  const d = (s ?? '').replace(/\D/g, '');
  // +44 7700 900123 and 07700 900123 are the same number.
  return d.startsWith('44') && d.length === 12 ? `0${d.slice(2)}` : d;
};
export const postcodeKey = (s: string | null | undefined) => (s ?? '').toUpperCase().replace(/\s+/g, '');

export function scoreMatch(query: PersonDetails, candidate: PersonDetails): MatchScore {
  const reasons: string[] = [];
  let score = 0;
  if (norm(query.email) && norm(query.email) === norm(candidate.email)) {
    score += 4;
    reasons.push('same email address');
  }
  if (phoneDigits(query.phone).length >= 10 && phoneDigits(query.phone) === phoneDigits(candidate.phone)) {
    score += 4;
    reasons.push('same phone number');
  }
  const sameFamily = !!norm(query.familyName) && norm(query.familyName) === norm(candidate.familyName);
  const sameGiven = !!norm(query.givenName) && norm(query.givenName) === norm(candidate.givenName);
  if (sameFamily && sameGiven) {
    score += 2;
    reasons.push('same name');
  } else if (sameFamily) {
    score += 1;
    reasons.push('same family name');
  }
  if (postcodeKey(query.postcode) && postcodeKey(query.postcode) === postcodeKey(candidate.postcode)) {
    score += 1;
    reasons.push('same postcode');
    if (norm(query.addressLine1) && norm(query.addressLine1) === norm(candidate.addressLine1)) {
      score += 2;
      reasons.push('same address');
    }
  }
  return { score, reasons };
}
