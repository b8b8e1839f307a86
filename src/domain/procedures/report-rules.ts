import { FINDING_OUTCOMES } from '../cases/vocabulary.ts';
import type { ReportRules } from './types.ts';

/** What the shipped procedures' reports count: the three statutory findings; a withdrawal is not a response. */
export const STATUTORY_REPORT_RULES: ReportRules = {
  findings: FINDING_OUTCOMES,
  withdrawals: ['withdrawn'],
  appliesTo: ['complaint'],
};
