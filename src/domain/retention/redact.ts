/** What a redacted value reads as in a subject access export. */
export const REDACTED = '[redacted]';

export interface RedactedPerson {
  givenName: string;
  familyName: string;
  email?: string | null;
  phone?: string | null;
  addressLine1?: string | null;
  postcode?: string | null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that replaces the chosen third parties' names and contact
 * details in a text. Whole names first, then each name on its own as a whole
 * word (three letters or more), except a family name the requester shares:
 * redacting "Jones" from "Sarah Jones" would hide the requester's own name.
 */
export function redactor(
  chosen: readonly RedactedPerson[],
  keepFamilyNames: readonly string[],
): (text: string) => string {
  const keep = new Set(keepFamilyNames.map((n) => n.trim().toLowerCase()));
  const phrases = new Set<string>();
  const words = new Set<string>();
  for (const p of chosen) {
    const full = `${p.givenName} ${p.familyName}`.trim();
    if (full.length >= 3) phrases.add(full);
    for (const v of [p.email, p.phone, p.addressLine1, p.postcode])
      if (v && v.trim().length >= 3) phrases.add(v.trim());
    if (p.givenName.trim().length >= 3) words.add(p.givenName.trim());
    if (p.familyName.trim().length >= 3 && !keep.has(p.familyName.trim().toLowerCase())) words.add(p.familyName.trim());
  }
  const patterns = [
    ...[...phrases].sort((a, b) => b.length - a.length).map((p) => new RegExp(escape(p), 'giu')),
    ...[...words].map((w) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(w)}(?![\\p{L}\\p{N}])`, 'giu')),
  ];
  return (text) => patterns.reduce((t, re) => t.replace(re, REDACTED), text);
}
