import { PRESETS } from '../timescales/presets.ts';
import { STATUTORY_REPORT_RULES } from './report-rules.ts';
import type { ProcedureDefinition } from './types.ts';

/** A complaint the council does not investigate (another body's, or a matter for a tribunal): it is signposted. */
export const OUT_OF_SCOPE: ProcedureDefinition = {
  key: 'out_of_scope',
  label: 'Out of scope',
  description: 'Not for this council’s complaints procedures: the complainant is signposted elsewhere.',
  signpostsOnly: true,
  stages: [],
  timescales: [PRESETS.out_of_scope],
  report: STATUTORY_REPORT_RULES,
};
