import type { Clock } from '../../domain/clock.ts';
import type { Database } from '../../db/database.ts';
import type { TimescalesService } from '../timescales.ts';
import { detailsOperations } from './details.ts';
import { caseworkContext } from './guard.ts';
import { investigationOperations } from './investigations.ts';
import { learningOperations } from './learning.ts';
import { lifecycleOperations } from './lifecycle.ts';
import { stageOperations } from './stages.ts';

/** Everything an officer or investigating manager does to a complaint after triage. */
export function caseworkService(db: Database, clock: Clock, deps: { timescales: TimescalesService }) {
  const ctx = caseworkContext(db, clock);
  return {
    ...investigationOperations(ctx),
    ...stageOperations(ctx, deps),
    ...learningOperations(ctx),
    ...lifecycleOperations(ctx),
    ...detailsOperations(ctx),
  };
}
export type CaseworkService = ReturnType<typeof caseworkService>;
