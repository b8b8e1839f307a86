import { sql, type SQL } from 'drizzle-orm';
import type { IsoDate } from '../domain/calendar/iso-date.ts';
import type { Database } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import * as s from '../db/schema/index.ts';
import { toPolicy } from '../db/timescale-policies.ts';
import type { UnitName } from '../domain/organisation/org-units.ts';
import { caseDocumentsSql, rowsFromDocuments } from './facts.ts';
import type { ReportRows } from './rows.ts';

/**
 * The query layer: every row the report needs for cases received between two
 * dates (merged duplicates left out), and for cases received earlier that
 * did something within them. Stages, outcomes and actions come with their
 * cases, whenever they happened.
 *
 * Each case's rows are read as its prepared document (src/reports/facts.ts);
 * one statement returns them all, with the teams, context figures and
 * reference labels beside them.
 */
export async function loadReportRows(db: Database, from: IsoDate, to: IsoDate): Promise<ReportRows> {
  // Documents of cases changed since they were built are built here, in the same statement, and
  // stored by the background work (refreshReportFacts), not here: finding them would cost every report.
  const result = await db.execute<{ small: string; cases: string }>(sql`with scope as materialized (${reportScopeSql(from, to)})
    select ${sql.raw(caseDocumentsSql('scope'))} as cases, json_build_object(
      'teams', (select coalesce(json_agg(json_build_array(u.id, u.kind, u.parent_id, u.successor_id,
         coalesce((select json_agg(json_build_object('name', n.name, 'validFrom', n.valid_from, 'validTo', n.valid_to) order by n.valid_from) from org_unit_names n where n.org_unit_id = u.id), '[]'::json))), '[]'::json) from org_units u),
      'context', (select coalesce(json_agg(json_build_array(x.financial_year_start, x.measure, x.value::float8)), '[]'::json) from context_figures x where x.org_unit_id is null),
      'firstReceivedOn', (select min(f.received_on) from feedback_cases f where f.merged_into_id is null),
      'labels', (select coalesce(json_agg(json_build_array(r.id, r.label, r.is_child)), '[]'::json) from reference_items r)
    )::text as small`);
  const row = rowsOf<{ small: string; cases: string }>(result)[0]!;
  const small = JSON.parse(row.small) as {
    teams: [string, ReportRows['teams'][number]['kind'], string | null, string | null, UnitName[]][];
    context: [number, string, number][];
    labels: [string, string, boolean][];
    firstReceivedOn: IsoDate | null;
  };
  const labels = new Map(small.labels.map(([id, label, isChild]) => [id, { label, isChild }]));
  return {
    ...rowsFromDocuments(JSON.parse(row.cases) as unknown[][], labels),
    teams: small.teams.map(([id, kind, parentId, successorId, names]) => ({ id, kind, parentId, successorId, names })),
    context: small.context.map(([financialYearStart, measure, value]) => ({ financialYearStart, measure, value })),
    policies: (await db.select().from(s.timescalePolicies)).map(toPolicy),
    firstReceivedOn: small.firstReceivedOn,
  };
}

/**
 * The cases a report over these dates needs: those received in them, and
 * those received earlier with a stage or an investigation dated in them (a
 * complaint received in March and answered in April counts in April's year,
 * even when that year is the oldest of the three shown), or money paid in them
 * (a remedy counts in the year it was paid).
 */
export function reportScopeSql(from: IsoDate, to: IsoDate): SQL {
  const inDates = (column: string) => sql`${sql.raw(column)} between ${from} and ${to}`;
  const stageDates = [
    's.requested_on',
    's.responded_on',
    's.authority_responded_on',
    's.lgsco_enquiry_received_on',
    's.lgsco_enquiry_responded_on',
    's.lgsco_decision_on',
  ];
  return sql`select f.id from feedback_cases f where ${inDates('f.received_on')} and f.merged_into_id is null
    union select f.id from stages s join feedback_cases f on f.id = s.case_id where f.merged_into_id is null and (${sql.join(stageDates.map(inDates), sql` or `)})
    union select f.id from investigations i join stages s on s.id = i.stage_id join feedback_cases f on f.id = s.case_id where f.merged_into_id is null and ${inDates('i.responded_on')}
    union select f.id from remedies m join stages s on s.id = m.stage_id join feedback_cases f on f.id = s.case_id where f.merged_into_id is null and m.amount_pence is not null and ${inDates('m.completed_on')}`;
}
