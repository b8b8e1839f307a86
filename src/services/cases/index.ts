import type { Clock } from '../../domain/clock.ts';
import type { Database } from '../../db/database.ts';
import type { TimescalesService } from '../timescales.ts';
import { caseCreation } from './creating.ts';
import { caseDetails } from './details.ts';
import { caseListing, type SearchTimeLimits } from './listing.ts';

export type { NewCaseInput } from './creating.ts';
export type { CaseListFilters, CaseListRow } from './listing.ts';

/** Cases: recording them, finding them, and changing what they are and who has them. */
export function casesService(
  db: Database,
  clock: Clock,
  opts: { referencePrefix: string; searchTimeLimits?: SearchTimeLimits },
  timescales: Pick<TimescalesService, 'policyIdFor'>,
) {
  return {
    ...caseCreation(db, clock, opts, timescales),
    ...caseListing(db, opts.searchTimeLimits),
    ...caseDetails(db, clock, timescales),
  };
}
export type CasesService = ReturnType<typeof casesService>;
