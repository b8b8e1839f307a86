import type { StageKind } from '../cases/vocabulary.ts';
import type { ProcedureDefinition } from '../procedures/types.ts';

/**
 * The letters a new Heard starts with; administrators edit their words. A
 * response letter names the stage it answers: its findings, remedies and the
 * complainant's next steps are merged from that stage, in the words of the
 * case's procedure, and it is offered only on a case whose procedure has the
 * stage (the review panel's letter only under the children's statutory one).
 */
export interface DefaultLetter {
  key: string;
  name: string;
  subject: string;
  body: string;
  /** The stage a response letter answers. */
  answers?: StageKind;
}

const SIGN_OFF = 'Yours sincerely,\n\n{{investigating_manager}}\n{{team}}\n{{council_name}}\n{{council_contact}}';
const TEAM_SIGN_OFF = 'Yours sincerely,\n\nCustomer Relations\n{{council_name}}\n{{council_contact}}';

export const DEFAULT_LETTERS: DefaultLetter[] = [
  {
    key: 'acknowledgement',
    name: 'Acknowledgement',
    subject: 'Your complaint: {{reference}}',
    body: `Dear {{complainant_name}},\n\nThank you for contacting us on {{received_on}}. Your reference is {{reference}}.\n\n{{investigating_manager}} from {{team}} will look into your complaint and reply by {{response_due_on}}. If we need longer, we will tell you why and agree a new date with you.\n\n${TEAM_SIGN_OFF}`,
  },
  {
    key: 'extension',
    name: 'Extension',
    subject: 'More time to reply to your complaint: {{reference}}',
    body: `Dear {{complainant_name}},\n\nThank you for agreeing that we may take longer to look into your complaint {{reference}}. We will now reply by {{extended_to}}.\n\n${TEAM_SIGN_OFF}`,
  },
  {
    key: 'stage1_response',
    name: 'Stage 1 response',
    answers: 'stage1',
    subject: 'Our response to your complaint: {{reference}}',
    body: `Dear {{complainant_name}},\n\nWe have looked into your complaint {{reference}}, which we received on {{received_on}}, at {{stage_name}} of {{procedure_name}}. Our overall finding is: {{outcome}}.\n\nWhat you told us and what we found\n\n{{findings}}\n\nWhat we will do to put things right\n\n{{remedies}}\n\nWhat you can do next\n\n{{next_steps}}\n\n${SIGN_OFF}`,
  },
  {
    key: 'stage2_outcome',
    name: 'Stage 2 outcome',
    answers: 'stage2',
    subject: 'The outcome of {{stage_name}}: {{reference}}',
    body: `Dear {{complainant_name}},\n\n{{stage_name}} of {{procedure_name}} has finished looking into your complaint {{reference}}. The overall outcome is: {{outcome}}.\n\nWhat you told us and what we found\n\n{{findings}}\n\nWhat we will do to put things right\n\n{{remedies}}\n\nWhat you can do next\n\n{{next_steps}}\n\n${TEAM_SIGN_OFF}`,
  },
  {
    key: 'stage3_response',
    name: "Response to the review panel's recommendations",
    answers: 'stage3',
    subject: "Our response to the review panel's recommendations: {{reference}}",
    body: `Dear {{complainant_name}},\n\nThe review panel met to consider your complaint {{reference}} at {{stage_name}} of {{procedure_name}}. It recommended:\n\n{{panel_recommendations}}\n\n[Write what the council will do about each recommendation, and why.]\n\nWhat we will do to put things right\n\n{{remedies}}\n\nWhat you can do next\n\n{{next_steps}}\n\n${TEAM_SIGN_OFF}`,
  },
  {
    key: 'signposting_ombudsman',
    name: 'Signposting to the Ombudsman',
    subject: 'Your complaint {{reference}}: the Ombudsman',
    body: `Dear {{complainant_name}},\n\nOur complaints procedure for {{reference}} is now complete. If you are still not satisfied, you can ask the Local Government and Social Care Ombudsman to look at your complaint. It is free. Visit www.lgo.org.uk or call 0300 061 0614.\n\n${TEAM_SIGN_OFF}`,
  },
];

/** The shipped letter with this key, if it is one. */
export function defaultLetter(key: string): DefaultLetter | null {
  return DEFAULT_LETTERS.find((l) => l.key === key) ?? null;
}

/** Whether a letter belongs on a case under this procedure: a response letter only where the procedure has its stage. */
export function letterFitsProcedure(key: string, procedure: ProcedureDefinition | null): boolean {
  const answers = defaultLetter(key)?.answers;
  if (!answers) return true;
  return !!procedure && procedure.stages.some((s) => s.kind === answers);
}

/**
 * Words Heard shipped before and has since improved. A template still exactly
 * as shipped (nobody has edited it) is brought up to date when Heard starts;
 * one an administrator has changed is left as they wrote it.
 */
export const SUPERSEDED_LETTERS: readonly { key: string; subject: string; body: string }[] = [
  {
    key: 'stage1_response',
    subject: 'Our response to your complaint: {{reference}}',
    body: 'Dear {{complainant_name}},\n\nWe have looked into your complaint {{reference}}. Our finding is: {{outcome}}.\n\n[Write the findings for each point of the complaint here, with any apology and what we will do.]\n\nIf you are not satisfied, you can ask for your complaint to be looked at again by {{next_stage_by}}.\n\nYours sincerely,\n\n{{investigating_manager}}\n{{team}}\n{{council_name}}',
  },
  {
    key: 'stage2_outcome',
    subject: 'The outcome of the Stage 2 investigation: {{reference}}',
    body: 'Dear {{complainant_name}},\n\nThe independent investigation of your complaint {{reference}} is complete. The outcome is: {{outcome}}.\n\n[Summarise the adjudication here.]\n\nIf you are still not satisfied, you can ask for a review panel by {{next_stage_by}}.\n\nYours sincerely,\n\n{{council_name}}',
  },
  ...['acknowledgement', 'extension', 'signposting_ombudsman'].map((key) => ({
    key,
    ...supersededSignOff(key),
  })),
];

/** The other shipped letters differed only in their sign-off, which now gives the council's contact details. */
function supersededSignOff(key: string): { subject: string; body: string } {
  const now = defaultLetter(key)!;
  return { subject: now.subject, body: now.body.replace(/\n\{\{council_contact\}\}$/, '') };
}
