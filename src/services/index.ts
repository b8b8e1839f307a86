import type { Clock } from '../domain/clock.ts';
import type { Database } from '../db/database.ts';
import { calendarService } from './calendar.ts';
import { casesService } from './cases.ts';
import { organisationService } from './organisation.ts';
import { referenceDataService } from './reference-data.ts';
import { sessionStore } from './session-store.ts';
import { timescalesService } from './timescales.ts';
import { usersService } from './users.ts';

export interface ServiceOptions {
  referencePrefix: string;
}

/** The one wiring point: every use case gets the same database and clock. */
export function services(db: Database, clock: Clock, opts: ServiceOptions) {
  const calendar = calendarService(db, clock);
  const timescales = timescalesService(db, clock, calendar);
  return {
    db,
    clock,
    calendar,
    timescales,
    cases: casesService(db, clock, opts, timescales),
    organisation: organisationService(db, clock),
    referenceData: referenceDataService(db, clock),
    users: usersService(db, clock),
    sessions: sessionStore(db, clock),
  };
}
export type Services = ReturnType<typeof services>;
