import type { IsoDate } from '../../../domain/calendar/iso-date.ts';
import type { Procedure } from '../../../domain/cases/vocabulary.ts';
import type * as s from '../../../db/schema/index.ts';
import type { DemoTeam } from '../organisation.ts';
import type { DemoComplainant } from './complainants.ts';
import type { DemoUser, Insert } from './context.ts';
import type { DemoStaff } from './staff.ts';
import type { DemoOrganisation } from './teams.ts';

/** What the phases before the cases made, for the cases to use. */
export interface DemoWorld {
  org: DemoOrganisation;
  staff: DemoStaff;
  pickComplainant: () => DemoComplainant;
}

/** A case being generated: its row (filled in phase by phase) and what later phases need to know. */
export interface DemoCase {
  id: string;
  base: Insert<typeof s.feedbackCases>;
  receivedOn: IsoDate;
  officer: DemoUser;
}

/** A complaint once it has a team, a manager and a procedure. */
export interface DemoComplaint extends DemoCase {
  team: DemoTeam;
  teamId: string;
  manager: DemoUser;
  procedure: Procedure;
  statutory: boolean;
}
