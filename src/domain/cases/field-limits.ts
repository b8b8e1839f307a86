/**
 * How long each text a person gives about a case may be: one definition per
 * field, read by the cases service's schema (what the store accepts), the
 * public feedback form and the Record feedback form, so a value a form takes
 * is never refused when it is saved. The database columns are `text`; these
 * are their sizes.
 */
export const FIELD_LIMITS = {
  givenName: 100,
  familyName: 100,
  /** The longest address SMTP carries (RFC 5321). */
  email: 254,
  phone: 40,
  addressLine: 200,
  town: 100,
  postcode: 10,
  subject: 200,
  description: 20_000,
  outcomeWanted: 5_000,
  procedureReason: 2_000,
  advocacyResponse: 500,
  consentNote: 2_000,
} as const;

/**
 * Answers on the public form that are saved inside a longer field, with
 * words around them: each leaves room for those words (a test fills every
 * field to its limit and sends it).
 */
export const PUBLIC_FORM_LIMITS = {
  /** Goes into the description, with the contact, consent, advocate and trusted adult lines. */
  whatHappened: 10_000,
  /** Goes into the consent note after a sentence of at most 60 characters, and into the description. */
  consentDetails: 1_000,
} as const;

/** The GOV.UK wording for text over its limit. */
export function tooLong(label: string, max: number): string {
  return `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`;
}
