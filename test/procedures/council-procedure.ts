import { STATUTORY_REPORT_RULES } from '../../src/domain/procedures/report-rules.ts';
import { INVESTIGATION, LOCAL_RESOLUTION } from '../../src/domain/procedures/stages.ts';
import type { ProcedureDefinition } from '../../src/domain/procedures/types.ts';

const POLICY = 'Council education complaints policy (2024)';

/**
 * A procedure Heard does not ship: a council's own two-stage procedure for
 * its education directorate, with its own names and timescales. Adding it
 * takes this definition and nothing else: no migration, no change to a page,
 * a service or the report.
 */
export const EDUCATION_TWO_STAGE: ProcedureDefinition = {
  key: 'education_two_stage',
  label: 'Education (council two-stage)',
  description: 'The education directorate’s own procedure: informal resolution, then a formal review.',
  signpostsOnly: false,
  stages: [
    { ...LOCAL_RESOLUTION, label: 'Informal resolution', next: ['stage2'] },
    {
      ...INVESTIGATION,
      label: 'Formal review',
      dates: [
        { field: 'requestedOn', label: 'Review requested' },
        { field: 'startedOn', label: 'Started' },
        { field: 'respondedOn', label: 'Review letter sent' },
      ],
      costs: [],
      independence: [],
      next: [],
    },
  ],
  timescales: [
    {
      key: 'education_2024',
      procedure: 'education_two_stage',
      name: 'Education complaints policy 2024',
      description: 'Informal resolution in 15 working days; ask for a review within 10; the review in 30.',
      effectiveFrom: '2024-01-01',
      dueSoonDays: 2,
      complaintTimeLimitMonths: 6,
      rules: {
        acknowledgement: rule(5, 'received', 'response'),
        stage1_response: rule(15, 'received', 'response'),
        stage2_request: rule(10, 'previous_stage_responded', 'window'),
        stage2_investigation: rule(30, 'stage_requested', 'response'),
      },
    },
  ],
  report: STATUTORY_REPORT_RULES,
};

function rule(
  days: number,
  startsOn: 'received' | 'previous_stage_responded' | 'stage_requested',
  kind: 'response' | 'window',
) {
  return {
    days,
    unit: 'working_days' as const,
    startsOn,
    extendableTo: null,
    extensionNeedsAgreement: false,
    restartOnNewConcerns: false,
    kind,
    source: POLICY,
  };
}
