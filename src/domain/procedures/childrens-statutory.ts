import { PRESETS } from '../timescales/presets.ts';
import { INVESTIGATION, LOCAL_RESOLUTION, OMBUDSMAN, REVIEW_PANEL } from './stages.ts';
import { STATUTORY_REPORT_RULES } from './report-rules.ts';
import type { ProcedureDefinition } from './types.ts';

/**
 * The Children Act 1989 representations procedure (SI 2006/1738): local
 * resolution, investigation, review panel; the Ombudsman after any of them.
 */
export const CHILDRENS_STATUTORY: ProcedureDefinition = {
  key: 'childrens_statutory',
  label: "Children's statutory",
  description: 'The three-stage children’s social care procedure (2006 Regulations).',
  signpostsOnly: false,
  stages: [
    { ...LOCAL_RESOLUTION, next: ['stage2', 'lgsco'] },
    { ...INVESTIGATION, next: ['stage3', 'lgsco'] },
    { ...REVIEW_PANEL, next: ['lgsco'] },
    { ...OMBUDSMAN, next: [] },
  ],
  timescales: [PRESETS.childrens_statutory],
  report: STATUTORY_REPORT_RULES,
};
