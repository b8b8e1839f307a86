import type { IsoDate } from '../../../domain/calendar/iso-date.ts';
import { isUpheld, type Outcome } from '../../../domain/cases/vocabulary.ts';
import type { DemoContext } from './context.ts';

/** The remedies given with a Stage 1 or Stage 2 response: an explanation nearly always, more when upheld. */
export function addRemedies(
  ctx: DemoContext,
  stageId: string,
  outcome: Outcome,
  on: IsoDate,
  stage: 'stage1' | 'stage2',
): void {
  const { r, out, ref } = ctx;
  const upheld = isUpheld(outcome);
  if (r.chance(upheld ? 0.8 : 0.9))
    out.remedies.push({
      stageId,
      remedyTypeId: ref('remedy_type', 'EXPLANATION'),
      description: 'Full explanation given in the response',
      completedOn: on,
    });
  if (upheld && r.chance(0.7))
    out.remedies.push({
      stageId,
      remedyTypeId: ref('remedy_type', 'APOLOGY'),
      description: 'Apology in the response letter',
      completedOn: on,
    });
  if (upheld && r.chance(0.25))
    out.remedies.push({
      stageId,
      remedyTypeId: ref('remedy_type', 'SERVICE_PROVIDED'),
      description: 'Assessment or service arranged',
      completedOn: on,
    });
  if (upheld && r.chance(0.08))
    out.remedies.push({
      stageId,
      remedyTypeId: ref('remedy_type', 'TRAINING'),
      description: 'Team training arranged',
      completedOn: on,
    });
  if (upheld && r.chance(stage === 'stage2' ? 0.3 : 0.04))
    out.remedies.push({
      stageId,
      remedyTypeId: ref('remedy_type', 'FINANCIAL'),
      amountPence: r.int(1, 10) * 5000,
      description: 'Payment for time and trouble',
      completedOn: on,
    });
}
