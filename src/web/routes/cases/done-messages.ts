/**
 * What the case page says after a change, by the key its redirect carries
 * (`/cases/CS-2024-00001?done=triage-stage1`), so the officer reads what
 * happened rather than a bare "Saved". A key not in the list (an old
 * bookmark, a hand-made link) says only "Saved": the text shown is always
 * Heard's own, never the address's.
 */
const DONE_MESSAGES = {
  'triage-stage1': 'Accepted as a complaint at Stage 1. The response clock runs from the day it was received.',
  'triage-concern': 'Accepted as a concern, to be resolved informally.',
  'triage-record': 'Recorded and closed. It needs no investigation.',
  'triage-signpost': 'Recorded as out of scope, with where they were signposted to, and closed.',
  details: 'Case details saved.',
  person: 'Person’s details saved.',
  'person-added': 'Person added to the case.',
  allocation: 'Allocation saved.',
  compliment: 'Compliment details saved.',
  attachments: 'Files attached.',
  'clock-event': 'Clock change recorded. The due dates below include it.',
  escalation: 'Escalation recorded. The next stage’s clock is shown below.',
  investigation: 'Investigation saved.',
  stage: 'Stage saved.',
  quote: 'Quote saved for the annual report.',
  'quote-removed': 'Quote removed from the annual report.',
  close: 'Case closed.',
  withdraw: 'Case withdrawn.',
  reopen: 'Case reopened.',
  link: 'Cases linked.',
  hold: 'Legal hold set. Nothing on this case will be disposed of until it is lifted.',
  'hold-lifted': 'Legal hold lifted.',
} as const;

export type DoneKey = keyof typeof DONE_MESSAGES;

/** The address to go back to after a change: the case page (or one of its pages), saying what was done. */
export function doneHref(path: string, key: DoneKey, anchor = ''): string {
  return `${path}?done=${key}${anchor ? `#${anchor}` : ''}`;
}

/** The message for a ?done= value; undefined when there is none. */
export function doneMessage(done: string | undefined): string | undefined {
  if (!done) return undefined;
  return Object.hasOwn(DONE_MESSAGES, done) ? DONE_MESSAGES[done as DoneKey] : 'Saved';
}
