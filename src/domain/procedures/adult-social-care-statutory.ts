import { PRESETS } from '../timescales/presets.ts';
import { LOCAL_RESOLUTION, OMBUDSMAN } from './stages.ts';
import { STATUTORY_REPORT_RULES } from './report-rules.ts';
import type { ProcedureDefinition } from './types.ts';

/** The adult social care procedure (SI 2009/309): one local stage, then the Ombudsman. */
export const ADULT_SOCIAL_CARE_STATUTORY: ProcedureDefinition = {
  key: 'adult_social_care_statutory',
  label: 'Adult social care statutory',
  description: 'The one-stage adult social care procedure (2009 Regulations), then the Ombudsman.',
  signpostsOnly: false,
  stages: [
    { ...LOCAL_RESOLUTION, next: ['lgsco'] },
    { ...OMBUDSMAN, next: [] },
  ],
  timescales: [PRESETS.adult_social_care_statutory],
  report: STATUTORY_REPORT_RULES,
};
