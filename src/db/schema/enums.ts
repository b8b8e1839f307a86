import { pgEnum } from 'drizzle-orm/pg-core';
import { ROLES } from '../../domain/access/roles.ts';
import {
  CASE_LINK_KINDS,
  CASE_STATUSES,
  FEEDBACK_TYPES,
  LGSCO_DECISIONS,
  OUTCOMES,
  PARTY_ROLES,
  STAGE_KINDS,
  STAGE_ROLES,
} from '../../domain/cases/vocabulary.ts';
import { ORG_UNIT_KINDS } from '../../domain/organisation/org-units.ts';
import { REFERENCE_KINDS } from '../../domain/reference-data/kinds.ts';
import { CLOCK_EVENT_KINDS, CLOCK_NAMES } from '../../domain/timescales/clock-names.ts';

// Postgres enums mirror the domain vocabulary, so the database refuses a value the code does not know.
export const feedbackTypeEnum = pgEnum('feedback_type', FEEDBACK_TYPES);
export const caseStatusEnum = pgEnum('case_status', CASE_STATUSES);
export const stageKindEnum = pgEnum('stage_kind', STAGE_KINDS);
export const outcomeEnum = pgEnum('outcome', OUTCOMES);
export const lgscoDecisionEnum = pgEnum('lgsco_decision', LGSCO_DECISIONS);
export const partyRoleEnum = pgEnum('party_role', PARTY_ROLES);
export const stageRoleEnum = pgEnum('stage_role', STAGE_ROLES);
export const caseLinkKindEnum = pgEnum('case_link_kind', CASE_LINK_KINDS);
export const roleEnum = pgEnum('staff_role', ROLES);
export const orgUnitKindEnum = pgEnum('org_unit_kind', ORG_UNIT_KINDS);
export const referenceKindEnum = pgEnum('reference_kind', REFERENCE_KINDS);
export const clockNameEnum = pgEnum('clock_name', CLOCK_NAMES);
export const clockEventKindEnum = pgEnum('clock_event_kind', CLOCK_EVENT_KINDS);
