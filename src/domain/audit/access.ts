/**
 * What Heard records as read, not changed (ADR 0017): the access log's
 * actions, and each as a person reads it in the administrators' search.
 */
export const ACCESS_ACTIONS = {
  'case.viewed': 'Opened the case',
  'case.printed': 'Opened the printable record of the case',
  'case.edit_opened': 'Opened a page that shows the case’s details to change them',
  'attachment.downloaded': 'Downloaded a document',
  'letters.viewed': 'Opened the list of the case’s letters',
  'letter.downloaded': 'Downloaded a letter as a Word document',
  'cases.exported': 'Downloaded the case list',
  'report.cases_viewed': 'Opened the cases behind a report figure',
  'report.exported': 'Downloaded the report with case references',
  'audit.exported': 'Downloaded the audit trail',
  'sign_in.succeeded': 'Signed in',
  'sign_in.failed': 'Failed to sign in',
  sign_out: 'Signed out',
} as const satisfies Record<string, string>;

export type AccessAction = keyof typeof ACCESS_ACTIONS;

export function isAccessAction(action: string): action is AccessAction {
  return Object.hasOwn(ACCESS_ACTIONS, action);
}

/** The label a failed sign-in is recorded under: nobody is signed in, and the email tried may name no account. */
export const NOT_SIGNED_IN = 'Someone not signed in';

export interface AccessEventLike {
  action: string;
  detail: unknown;
  caseCount?: number;
}

/**
 * One read as words, with its details: "Downloaded a document" and
 * "File: letter.pdf"; "Failed to sign in" and "Email tried: jo@…".
 */
export function accessSentence(e: AccessEventLike): { summary: string; changes: string[] } {
  const summary = isAccessAction(e.action) ? ACCESS_ACTIONS[e.action] : e.action;
  const d = (e.detail && typeof e.detail === 'object' ? e.detail : {}) as Record<string, unknown>;
  const details: string[] = [];
  if (d.page === 'triage') details.push('On the triage page');
  if (typeof d.fileName === 'string') details.push(`File: ${d.fileName}`);
  if (typeof d.subject === 'string') details.push(`Letter: ${d.subject}`);
  if (typeof d.format === 'string') details.push(`Format: ${d.format.toUpperCase()}`);
  if (typeof d.table === 'string') details.push(`Report table: ${d.table}`);
  if (typeof d.filters === 'string' && d.filters) details.push(`Filters: ${d.filters}`);
  if (typeof d.rows === 'number') details.push(`Rows: ${d.rows.toLocaleString('en-GB')}`);
  if (typeof e.caseCount === 'number' && e.caseCount > 0) details.push(`Cases: ${e.caseCount.toLocaleString('en-GB')}`);
  if (typeof d.email === 'string') details.push(`Email tried: ${d.email}`);
  if (typeof d.reason === 'string') details.push(`Why: ${d.reason}`);
  return { summary, changes: details };
}
