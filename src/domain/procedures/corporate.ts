import { PRESETS } from '../timescales/presets.ts';
import { INVESTIGATION, LOCAL_RESOLUTION, OMBUDSMAN } from './stages.ts';
import { STATUTORY_REPORT_RULES } from './report-rules.ts';
import type { ProcedureDefinition } from './types.ts';

/**
 * The council's corporate procedure, for complaints outside the statutory
 * ones (education, SEND…): two stages, then the Ombudsman. From 1 April 2026
 * the Ombudsman's Complaint Handling Code sets its timescales.
 */
export const CORPORATE: ProcedureDefinition = {
  key: 'corporate',
  label: 'Corporate',
  description: 'The council’s two-stage corporate procedure (the Complaint Handling Code from April 2026).',
  signpostsOnly: false,
  stages: [
    { ...LOCAL_RESOLUTION, next: ['stage2', 'lgsco'] },
    { ...INVESTIGATION, next: ['lgsco'] },
    { ...OMBUDSMAN, next: [] },
  ],
  timescales: [PRESETS.corporate_council, PRESETS.complaint_handling_code],
  report: STATUTORY_REPORT_RULES,
};
