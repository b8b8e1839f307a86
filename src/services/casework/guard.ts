import type { Clock } from '../../domain/clock.ts';
import { londonDate } from '../../domain/calendar/iso-date.ts';
import type { Database } from '../../db/database.ts';
import { caseChanger, type ChangeCase } from '../case-change.ts';

export type { CaseRow } from '../case-change.ts';

export interface CaseworkContext {
  db: Database;
  clock: Clock;
  today(): string;
  /** Every change to a case goes through the one guard (services/case-change.ts). */
  change: ChangeCase;
}

export function caseworkContext(db: Database, clock: Clock): CaseworkContext {
  return { db, clock, today: () => londonDate(clock.now()), change: caseChanger(db, clock) };
}
