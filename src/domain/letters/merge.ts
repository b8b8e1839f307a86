/**
 * Letter templates with merge fields written {{like_this}}. Only the fields
 * listed here exist; a template is plain text with no logic, so an
 * administrator editing one can never run code. Unknown fields are reported
 * rather than silently left blank.
 */
export const MERGE_FIELDS = {
  reference: 'The case reference',
  complainant_name: "The complainant's name",
  child_name: "The child's name",
  received_on: 'The date the feedback was received',
  today: "Today's date",
  council_name: 'The council',
  council_contact: "How to reach the complaints team (the council's phone and email, where set)",
  council_phone: "The complaints team's phone number",
  council_email: "The complaints team's email address",
  council_address: "The complaints team's postal address",
  team: 'The team',
  investigating_manager: 'The investigating manager',
  response_due_on: 'When the response is due (the clock that matters next)',
  extended_to: 'The new due date after an extension',
  procedure_name: 'The complaints procedure the case follows',
  stage_name: 'The stage this letter answers',
  outcome: 'The outcome',
  findings: 'Each point of the complaint with what we found',
  remedies: 'The remedies agreed',
  panel_recommendations: "The review panel's recommendations",
  next_steps: 'What the complainant can do next, and by when',
  next_stage_name: 'The stage the complainant can ask for next',
  next_stage_by: 'The last day to ask for the next stage',
} as const;
export type MergeField = keyof typeof MERGE_FIELDS;

/**
 * Fields a letter may go without: contact details the council has not set are
 * left out rather than holding every letter back. Any other field with
 * nothing to merge is marked "[like this]" and stops the letter being sent.
 */
export const OPTIONAL_FIELDS: ReadonlySet<MergeField> = new Set(['council_contact']);

export function renderLetter(
  template: string,
  fields: Partial<Record<MergeField, string | null>>,
): { text: string; unknown: string[]; missing: string[] } {
  const unknown = new Set<string>();
  const missing = new Set<string>();
  // An optional field left out leaves its blank line behind: closed up afterwards.
  let emptied = false;
  const text = template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_m, name: string) => {
    if (!(name in MERGE_FIELDS)) {
      unknown.add(name);
      return `{{${name}}}`;
    }
    const v = fields[name as MergeField];
    if (v === null || v === undefined || v === '') {
      if (OPTIONAL_FIELDS.has(name as MergeField)) {
        emptied = true;
        return '';
      }
      missing.add(name);
      return `[${MERGE_FIELDS[name as MergeField].toLowerCase()}]`;
    }
    return v;
  });
  return {
    text: emptied ? text.replace(/\n{3,}/g, '\n\n').trimEnd() : text,
    unknown: [...unknown],
    missing: [...missing],
  };
}
