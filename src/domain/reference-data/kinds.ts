/**
 * Classifications a council administers itself. Each kind is a list of items
 * with a stable code (used by imports and reports) and a label (what people
 * read, which may be edited). Items are retired, never deleted, so old cases
 * keep their classification.
 */
export const REFERENCE_KINDS = [
  'category',
  'theme',
  'service_user_group',
  'complainant_relationship',
  'ethnicity',
  'channel',
  'remedy_type',
  'learning_type',
  'action_type',
  'compliment_origin',
  'compliment_theme',
] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export const REFERENCE_KIND_LABELS: Record<ReferenceKind, { singular: string; plural: string; hint: string }> = {
  category: {
    singular: 'Main problem category',
    plural: 'Main problem categories',
    hint: 'One per case: what the complaint is mainly about.',
  },
  theme: { singular: 'Theme', plural: 'Themes', hint: 'Many per case: the topics a case touches.' },
  service_user_group: {
    singular: 'Service user group',
    plural: 'Service user groups',
    hint: "The child's involvement with services when the feedback arrived.",
  },
  complainant_relationship: {
    singular: 'Complainant relationship',
    plural: 'Complainant relationships',
    hint: 'Who the complainant is to the child.',
  },
  ethnicity: { singular: 'Ethnicity', plural: 'Ethnicities', hint: 'DfE ethnicity codes for the child.' },
  channel: { singular: 'Contact channel', plural: 'Contact channels', hint: 'How the feedback reached the council.' },
  remedy_type: { singular: 'Remedy type', plural: 'Remedy types', hint: 'What the council did to put things right.' },
  learning_type: { singular: 'Learning type', plural: 'Learning types', hint: 'What kind of lesson a case taught.' },
  action_type: { singular: 'Action type', plural: 'Action types', hint: 'What kind of action follows from learning.' },
  compliment_origin: {
    singular: 'Compliment origin',
    plural: 'Compliment origins',
    hint: 'Who the compliment came from.',
  },
  compliment_theme: { singular: 'Compliment theme', plural: 'Compliment themes', hint: 'What the compliment praised.' },
};

export const REFERENCE_CODE_PATTERN = /^[A-Z0-9_]{1,40}$/;

export function codeFromLabel(label: string): string {
  return label
    .toUpperCase()
    .replace(/&/g, ' AND ')
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
}
