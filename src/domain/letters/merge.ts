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
  team: 'The team',
  investigating_manager: 'The investigating manager',
  response_due_on: 'When the response is due (the clock that matters next)',
  extended_to: 'The new due date after an extension',
  outcome: 'The outcome',
  next_stage_by: 'The last day to ask for the next stage',
} as const;
export type MergeField = keyof typeof MERGE_FIELDS;

export function renderLetter(
  template: string,
  fields: Partial<Record<MergeField, string | null>>,
): { text: string; unknown: string[]; missing: string[] } {
  const unknown = new Set<string>();
  const missing = new Set<string>();
  const text = template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_m, name: string) => {
    if (!(name in MERGE_FIELDS)) {
      unknown.add(name);
      return `{{${name}}}`;
    }
    const v = fields[name as MergeField];
    if (v === null || v === undefined || v === '') {
      missing.add(name);
      return `[${MERGE_FIELDS[name as MergeField].toLowerCase()}]`;
    }
    return v;
  });
  return { text, unknown: [...unknown], missing: [...missing] };
}

export interface DefaultLetter {
  key: string;
  name: string;
  subject: string;
  body: string;
}

export const DEFAULT_LETTERS: DefaultLetter[] = [
  {
    key: 'acknowledgement',
    name: 'Acknowledgement',
    subject: 'Your complaint: {{reference}}',
    body: 'Dear {{complainant_name}},\n\nThank you for contacting us on {{received_on}}. Your reference is {{reference}}.\n\n{{investigating_manager}} from {{team}} will look into your complaint and reply by {{response_due_on}}. If we need longer, we will tell you why and agree a new date with you.\n\nYours sincerely,\n\nCustomer Relations\n{{council_name}}',
  },
  {
    key: 'extension',
    name: 'Extension',
    subject: 'More time to reply to your complaint: {{reference}}',
    body: 'Dear {{complainant_name}},\n\nThank you for agreeing that we may take longer to look into your complaint {{reference}}. We will now reply by {{extended_to}}.\n\nYours sincerely,\n\nCustomer Relations\n{{council_name}}',
  },
  {
    key: 'stage1_response',
    name: 'Stage 1 response',
    subject: 'Our response to your complaint: {{reference}}',
    body: 'Dear {{complainant_name}},\n\nWe have looked into your complaint {{reference}}. Our finding is: {{outcome}}.\n\n[Write the findings for each point of the complaint here, with any apology and what we will do.]\n\nIf you are not satisfied, you can ask for your complaint to be looked at again by {{next_stage_by}}.\n\nYours sincerely,\n\n{{investigating_manager}}\n{{team}}\n{{council_name}}',
  },
  {
    key: 'stage2_outcome',
    name: 'Stage 2 outcome',
    subject: 'The outcome of the Stage 2 investigation: {{reference}}',
    body: 'Dear {{complainant_name}},\n\nThe independent investigation of your complaint {{reference}} is complete. The outcome is: {{outcome}}.\n\n[Summarise the adjudication here.]\n\nIf you are still not satisfied, you can ask for a review panel by {{next_stage_by}}.\n\nYours sincerely,\n\n{{council_name}}',
  },
  {
    key: 'signposting_ombudsman',
    name: 'Signposting to the Ombudsman',
    subject: 'Your complaint {{reference}}: the Ombudsman',
    body: 'Dear {{complainant_name}},\n\nOur complaints procedure for {{reference}} is now complete. If you are still not satisfied, you can ask the Local Government and Social Care Ombudsman to look at your complaint. It is free. Visit www.lgo.org.uk or call 0300 061 0614.\n\nYours sincerely,\n\nCustomer Relations\n{{council_name}}',
  },
];
