/**
 * Redaction for quoting feedback in a public report: names of the people on
 * the case, email addresses, phone numbers, postcodes and street addresses
 * become "[name removed]", as the seed reports do. The officer reads and edits
 * the result before it is used; this is a first pass, not a guarantee.
 */
export const REMOVED = '[name removed]';

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const PHONE = /(\+44\s?|\(?0)\d[\d\s()-]{7,}\d/g;
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;
const STREET =
  /\b\d{1,4}[a-z]?\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Court|Place|Gardens|Grove|Terrace)\b\.?/g;

export function redact(text: string, names: readonly string[]): string {
  let out = text.replace(EMAIL, REMOVED).replace(PHONE, REMOVED).replace(POSTCODE, REMOVED).replace(STREET, REMOVED);
  // Longest names first, so "Sarah Jones" goes before "Sarah"; whole words only, any case.
  const words = [
    ...new Set(
      names
        .flatMap((n) => [n, ...n.split(/\s+/)])
        .map((w) => w.trim())
        .filter((w) => w.length >= 2),
    ),
  ].sort((a, b) => b.length - a.length);
  for (const w of words)
    out = out.replace(new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi'), REMOVED);
  // "[name removed] [name removed]" reads as one removal.
  return out.replace(/(\[name removed\])(\s+\[name removed\])+/g, REMOVED);
}
