/**
 * The legacy import format: one row per case. Column names are matched
 * without regard to case, spaces or underscores. This list is the format's
 * definition; docs/import-format.md describes it for people, and a test keeps
 * the two in step.
 */
export interface ImportColumn {
  name: string;
  required?: boolean;
  description: string;
  example: string;
}

export const IMPORT_COLUMNS: ImportColumn[] = [
  {
    name: 'legacy_reference',
    required: true,
    description:
      'The case reference in the old system. Kept as the Heard reference (letters, digits, hyphens, underscores and full stops; found without regard to case); importing it again is skipped, not duplicated.',
    example: 'CU104512',
  },
  {
    name: 'type',
    required: true,
    description: 'complaint, compliment, comment, concern, mp_enquiry or question (or a label mapped to one).',
    example: 'complaint',
  },
  { name: 'received_on', required: true, description: 'Date received.', example: '31/03/2023' },
  {
    name: 'channel',
    description:
      'How it arrived: a channel code or label (Email, Telephone, Web form, Letter, In person, Customer portal).',
    example: 'Email',
  },
  {
    name: 'subject',
    description: 'A short summary. If empty: "Imported from <system>".',
    example: 'Delay in EHC plan',
  },
  { name: 'description', description: 'What the complainant said.', example: '' },
  {
    name: 'procedure',
    description:
      'childrens_statutory, corporate, adult_social_care_statutory or out_of_scope (labels such as Statutory or Corporate work too).',
    example: 'corporate',
  },
  {
    name: 'team',
    description:
      'The part of the organisation the case is about: a team, or a service or directorate where the old system held no team. By its name then or now (or a mapped legacy name), or by its path "Directorate > Service > Team" (or part of it, "Service > Team") where a name is used twice; a name shared by a team and a service means the team. A case at a service or directorate has no investigation recorded (an investigation is a team’s).',
    example: 'Children and Families > Fostering',
  },
  { name: 'category', description: 'Main problem category: code or label.', example: 'Delay' },
  {
    name: 'themes',
    description: 'Themes, separated by semicolons: codes or labels.',
    example: 'EHC plan; Communication',
  },
  { name: 'events_on', description: 'When the events happened.', example: '' },
  { name: 'acknowledged_on', description: 'When the complainant was acknowledged.', example: '03/04/2023' },
  {
    name: 'closed_on',
    description:
      'When the case was closed. Empty: still open. A closed case needs every stage it reached answered or withdrawn, as when closing a case in Heard.',
    example: '20/04/2023',
  },
  {
    name: 'outcome',
    description:
      'The case outcome: upheld, partially_upheld, not_upheld, withdrawn, no_finding, outside_jurisdiction (or labels).',
    example: 'Partially upheld',
  },
  {
    name: 'complainant_name',
    description:
      'Complainant’s full name. May be empty: a complainant with any detail (relationship, email, phone, postcode) is recorded without a name.',
    example: 'Sarah Jones',
  },
  {
    name: 'complainant_relationship',
    description: 'Who they are to the child: code or label (Mother, Father, Grandparent, Child or young person, ...).',
    example: 'Mother',
  },
  {
    name: 'complainant_email',
    description: 'Complainant’s email; people with the same email in one file are one person.',
    example: '',
  },
  { name: 'complainant_phone', description: 'Complainant’s phone.', example: '' },
  { name: 'complainant_postcode', description: 'Complainant’s postcode.', example: '' },
  {
    name: 'advocacy_offered_on',
    description:
      'A child or young person complaining: when advocacy was offered. (Whether the child complained themselves is the relationship "Child or young person".)',
    example: '',
  },
  {
    name: 'advocacy_response',
    description: 'What the child said to the offer of advocacy, in words (500 characters at most).',
    example: 'Accepted: advocate appointed',
  },
  {
    name: 'child_name',
    description:
      'The child’s full name. May be empty: a child with any detail (date of birth, ethnicity, group, looked after) is recorded without a name.',
    example: 'Leo Jones',
  },
  { name: 'child_date_of_birth', description: 'The child’s date of birth.', example: '' },
  { name: 'child_ethnicity', description: 'DfE ethnicity code (WBRI, MWBC, ...) or label.', example: 'WBRI' },
  {
    name: 'child_group',
    description: 'Service user group: code or label (Child in need, Looked after child, SEND / EHCP, ...).',
    example: 'SEND / EHCP',
  },
  { name: 'looked_after', description: 'yes or no.', example: 'no' },
  { name: 'stage1_responded_on', description: 'Date of the Stage 1 response.', example: '19/04/2023' },
  { name: 'stage1_outcome', description: 'Stage 1 outcome (as outcome).', example: 'Partially upheld' },
  {
    name: 'stage1_investigating_manager',
    description: 'The manager who investigated and answered Stage 1, by name.',
    example: 'Priya Shah',
  },
  {
    name: 'stage1_extended_on',
    description: 'Date Stage 1’s timescale was extended (the extension goes on the stage’s response clock).',
    example: '10/04/2023',
  },
  {
    name: 'stage1_extended_to',
    description: 'The new due date of Stage 1’s extension (or give stage1_extension_days).',
    example: '',
  },
  {
    name: 'stage1_extension_days',
    description: 'The extra working days of Stage 1’s extension (or give stage1_extended_to).',
    example: '10',
  },
  {
    name: 'stage1_extension_agreed',
    description: 'yes if the complainant agreed Stage 1’s extension (agreed on the date it was extended), no if not.',
    example: 'yes',
  },
  {
    name: 'stage1_pauses',
    description:
      'Pauses of Stage 1’s clock, separated by semicolons, each "from to to: reason" (no "to" date: still paused).',
    example: '05/04/2023 to 07/04/2023: awaiting records',
  },
  {
    name: 'stage1_withdrawn_on',
    description:
      'Date the complainant withdrew at Stage 1 (instead of a response): the stage closes as withdrawn on that date, and nothing follows it but the Ombudsman.',
    example: '',
  },
  { name: 'stage2_requested_on', description: 'Date Stage 2 was requested.', example: '' },
  {
    name: 'stage2_statement_agreed_on',
    description: 'Date the statement of complaint was agreed (statutory).',
    example: '',
  },
  {
    name: 'stage2_reports_received_on',
    description: 'Date the investigator’s and independent person’s reports were received (statutory).',
    example: '',
  },
  { name: 'stage2_adjudicated_on', description: 'Date the adjudication was sent (statutory).', example: '' },
  { name: 'stage2_responded_on', description: 'Date of the Stage 2 response or adjudication.', example: '' },
  { name: 'stage2_outcome', description: 'Stage 2 outcome.', example: '' },
  {
    name: 'stage2_cost',
    description:
      'Stage 2 investigating officer’s cost in pounds (where the old system held one figure for the investigator and independent person together, that figure).',
    example: '3500.00',
  },
  {
    name: 'stage2_independent_person_cost',
    description: 'Stage 2 independent person’s cost in pounds.',
    example: '900.00',
  },
  { name: 'stage2_other_cost', description: 'Stage 2 other costs in pounds.', example: '' },
  {
    name: 'stage2_investigating_officer',
    description:
      'The independent investigating officer at Stage 2, by name: not the Stage 1 investigating manager (statutory independence).',
    example: 'Mark Olsen',
  },
  {
    name: 'stage2_independent_person',
    description: 'The independent person at Stage 2, by name.',
    example: 'Ruth Bell',
  },
  {
    name: 'stage2_extended_on',
    description: 'Date Stage 2’s timescale was extended (the extension goes on the stage’s response clock).',
    example: '',
  },
  {
    name: 'stage2_extended_to',
    description: 'The new due date of Stage 2’s extension (or give stage2_extension_days).',
    example: '30/09/2023',
  },
  {
    name: 'stage2_extension_days',
    description: 'The extra working days of Stage 2’s extension (or give stage2_extended_to).',
    example: '',
  },
  {
    name: 'stage2_extension_agreed',
    description: 'yes if the complainant agreed Stage 2’s extension (agreed on the date it was extended), no if not.',
    example: 'yes',
  },
  {
    name: 'stage2_pauses',
    description:
      'Pauses of Stage 2’s clock, separated by semicolons, each "from to to: reason" (no "to" date: still paused).',
    example: '',
  },
  {
    name: 'stage2_withdrawn_on',
    description: 'Date the complainant withdrew at Stage 2 (as stage1_withdrawn_on).',
    example: '14/06/2023',
  },
  { name: 'stage3_requested_on', description: 'Date Stage 3 was requested.', example: '' },
  { name: 'stage3_panel_held_on', description: 'Date the review panel met.', example: '18/09/2023' },
  {
    name: 'stage3_chair_report_on',
    description: 'Date the panel chair’s report was received.',
    example: '02/10/2023',
  },
  {
    name: 'stage3_responded_on',
    description:
      'Date of the authority’s response to the panel’s recommendations: Stage 3’s response, which stops its clock.',
    example: '20/10/2023',
  },
  { name: 'stage3_outcome', description: 'Stage 3 outcome.', example: '' },
  { name: 'stage3_cost', description: 'Stage 3 panel cost in pounds.', example: '1200.00' },
  { name: 'stage3_other_cost', description: 'Stage 3 other costs in pounds.', example: '' },
  {
    name: 'stage3_panel_chair',
    description: 'The review panel’s chair, by name: not the Stage 2 independent person.',
    example: '',
  },
  {
    name: 'stage3_extended_on',
    description: 'Date Stage 3’s timescale was extended (the extension goes on the stage’s response clock).',
    example: '',
  },
  {
    name: 'stage3_extended_to',
    description: 'The new due date of Stage 3’s extension (or give stage3_extension_days).',
    example: '',
  },
  {
    name: 'stage3_extension_days',
    description: 'The extra working days of Stage 3’s extension (or give stage3_extended_to).',
    example: '',
  },
  {
    name: 'stage3_extension_agreed',
    description: 'yes if the complainant agreed Stage 3’s extension (agreed on the date it was extended), no if not.',
    example: '',
  },
  {
    name: 'stage3_pauses',
    description:
      'Pauses of Stage 3’s clock, separated by semicolons, each "from to to: reason" (no "to" date: still paused).',
    example: '',
  },
  {
    name: 'stage3_withdrawn_on',
    description: 'Date the complainant withdrew at Stage 3 (as stage1_withdrawn_on).',
    example: '',
  },
  {
    name: 'withdrawal_reason',
    description:
      'Why the complainant withdrew, for the stage withdrawn. If empty: "no reason recorded in the old system".',
    example: 'Resolved informally',
  },
  { name: 'lgsco_received_on', description: 'Date the Ombudsman’s enquiry arrived.', example: '' },
  {
    name: 'lgsco_enquiry_responded_on',
    description:
      'Date the council answered the Ombudsman’s enquiry (due in 28 days): it stops the Ombudsman stage’s clock.',
    example: '20/02/2024',
  },
  { name: 'lgsco_reference', description: 'The Ombudsman’s reference.', example: '' },
  {
    name: 'lgsco_decision',
    description:
      'upheld, not_upheld, closed_after_initial_enquiries, premature_referred_back or not_investigated (or labels).',
    example: '',
  },
  {
    name: 'lgsco_decision_on',
    description: 'Date of the Ombudsman’s decision; a decision needs its date, and a date its decision.',
    example: '',
  },
  { name: 'lgsco_fault_found', description: 'yes if the Ombudsman found fault, no if not.', example: '' },
  { name: 'lgsco_injustice_found', description: 'yes if the Ombudsman found injustice, no if not.', example: '' },
  {
    name: 'lgsco_extended_on',
    description:
      'Date the Ombudsman gave the council more time to answer its enquiry (the extension goes on the enquiry’s clock, which stops on lgsco_enquiry_responded_on).',
    example: '',
  },
  {
    name: 'lgsco_extended_to',
    description: 'The new date the answer to the Ombudsman was due (or give lgsco_extension_days).',
    example: '',
  },
  {
    name: 'lgsco_extension_days',
    description:
      'The extra days the Ombudsman gave (counted as the enquiry’s clock counts them: calendar days under the default rules).',
    example: '14',
  },
  {
    name: 'lgsco_pauses',
    description: 'Pauses of the enquiry’s clock, written as stage1_pauses, where the council’s rules let it pause.',
    example: '',
  },
  {
    name: 'stage1_remedies',
    description:
      'Remedies given at Stage 1, separated by semicolons: type code or label, with an amount after a colon for money, "paid <date>" (or "given <date>") when it was paid or done, and, for money, "to <whom>" it was paid. Without a date, a remedy is taken as done when the stage answered, except a payment: its date is then not known, and the annual report counts it in the year the case was received (and says how many it counted so).',
    example: 'Apology given 19/04/2023; Financial remedy: 250 paid 12/05/2023 to the complainant',
  },
  { name: 'stage2_remedies', description: 'Remedies given at Stage 2 (as stage1_remedies).', example: '' },
  { name: 'stage3_remedies', description: 'Remedies given at Stage 3 (as stage1_remedies).', example: '' },
  {
    name: 'lgsco_remedies',
    description:
      'Remedies the Ombudsman recommended (as stage1_remedies): they are the remedies of the Ombudsman stage, which is how Heard knows the Ombudsman recommended them.',
    example: 'Financial remedy: 300 paid 01/03/2024',
  },
  {
    name: 'remedies',
    description:
      'Remedies at the last local stage (Stage 1, 2 or 3, whichever the case reached), written as stage1_remedies. Use the per-stage columns when you know the stage.',
    example: 'Apology; Explanation',
  },
  {
    name: 'compliment_origin',
    description:
      'Compliments: who sent it, a compliment origin code or label (Parent or carer, School, Court or judge, ...).',
    example: 'Parent or carer',
  },
  {
    name: 'compliment_theme',
    description: 'Compliments: what it praised, a compliment theme code or label.',
    example: 'Kindness and care',
  },
  {
    name: 'compliment_staff_name',
    description: 'Compliments: the member of staff praised, by name.',
    example: '',
  },
  {
    name: 'learning',
    description: 'Learning points separated by "|", each "type: text".',
    example: 'Communication or information: Call families back within two days',
  },
];

export function columnKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export const COLUMN_BY_KEY = new Map(IMPORT_COLUMNS.map((c) => [columnKey(c.name), c]));
