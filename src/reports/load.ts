import { sql, type SQL } from 'drizzle-orm';
import type { IsoDate } from '../domain/calendar/iso-date.ts';
import type { Database } from '../db/database.ts';
import { inSnapshot, type Snapshot } from '../db/snapshot.ts';
import * as s from '../db/schema/index.ts';
import { toPolicy } from '../db/timescale-policies.ts';
import type { UnitName } from '../domain/organisation/org-units.ts';
import { caseDocumentRowsSql, caseDocumentsTextSql, documentReader, missingCaseDocumentRowsSql } from './facts.ts';
import type { ReportRows } from './rows.ts';

/**
 * The query layer: every row the report needs for cases received between two
 * dates (merged duplicates left out), and for cases received earlier that
 * did something within them. Stages, outcomes and actions come with their
 * cases, whenever they happened.
 *
 * Each case's rows are read as its prepared document (src/reports/facts.ts),
 * one row a case, turned into rows as it arrives: never one text of them all,
 * which at a large council's scale was hundreds of megabytes parsed at once
 * (ADR 0021). Everything is read in one snapshot, so the documents, teams,
 * labels and context figures are of the same moment.
 */
export async function loadReportRows(db: Database, from: IsoDate, to: IsoDate): Promise<ReportRows> {
  const rows = await inSnapshot(db, async (snapshot) => {
    const { small, docs } = snapshot.streams
      ? await readStreamed(snapshot, from, to)
      : await readAtOnce(snapshot, from, to);
    const reader = documentReader(new Map(small.labels.map(([id, label, isChild]) => [id, { label, isChild }])));
    // In the order of their ids, whatever order the database found them in: the references behind
    // each figure are then listed in the same order from one report to the next.
    docs.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
    for (const doc of docs) reader.add(doc);
    return {
      ...reader.rows,
      teams: small.teams.map(([id, kind, parentId, successorId, names]) => ({
        id,
        kind,
        parentId,
        successorId,
        names,
      })),
      context: small.context.map(([financialYearStart, measure, value]) => ({ financialYearStart, measure, value })),
      firstReceivedOn: small.firstReceivedOn,
    };
  });
  return { ...rows, policies: (await db.select().from(s.timescalePolicies)).map(toPolicy) };
}

/**
 * PostgreSQL: the documents one row a case, each parsed as it arrives. Documents of cases changed
 * since they were built are built here, in the same statement, and stored by the background work
 * (refreshReportFacts), not here: finding them would cost every report.
 */
async function readStreamed(snapshot: Snapshot, from: IsoDate, to: IsoDate) {
  // A report is one large read: compiling it (JIT) took PostgreSQL longer than it saved, and the
  // cases in scope are hashed in memory rather than spilled to disk. Both last to the end of it.
  await snapshot.run(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
  // The scope as a table of its own, with statistics: the planner then reads the documents by
  // hashing the few hundred thousand cases in scope, not by hashing every document held.
  await snapshot.run(sql`create temporary table report_scope on commit drop as ${reportScopeSql(from, to)}`);
  await snapshot.run(sql`analyze report_scope`);
  const [[smallText]] = (await snapshot.run(
    sql`select ${smallParts(sql`(select count(*) from report_scope)`)}::text`,
  )) as [[string]];
  const small = JSON.parse(smallText) as SmallParts;
  const docs: unknown[][] = [];
  const parse = ([doc]: unknown[]) => docs.push(JSON.parse(doc as string) as unknown[]);
  await snapshot.each(sql.raw(caseDocumentRowsSql('report_scope')), parse);
  // Every case has its report_case_facts row (made with the case); one without is built from its rows.
  if (docs.length < (small.inScope ?? 0))
    await snapshot.each(sql.raw(missingCaseDocumentRowsSql('report_scope')), parse);
  return { small, docs };
}

/** PGlite: one statement, the documents as one text (its cost is per value returned, ADR 0007). */
async function readAtOnce(snapshot: Snapshot, from: IsoDate, to: IsoDate) {
  const [[cases, smallText]] = (await snapshot.run(
    sql`with scope as materialized (${reportScopeSql(from, to)})
      select ${sql.raw(caseDocumentsTextSql('scope'))}, ${smallParts(sql`null`)}::text`,
  )) as [[string, string]];
  return { small: JSON.parse(smallText) as SmallParts, docs: JSON.parse(cases) as unknown[][] };
}

/** The teams, context figures, reference labels and how many cases are in scope, as one JSON value. */
const smallParts = (inScope: SQL) => sql`json_build_object(
  'teams', (select coalesce(json_agg(json_build_array(u.id, u.kind, u.parent_id, u.successor_id,
     coalesce((select json_agg(json_build_object('name', n.name, 'validFrom', n.valid_from, 'validTo', n.valid_to) order by n.valid_from) from org_unit_names n where n.org_unit_id = u.id), '[]'::json))), '[]'::json) from org_units u),
  'context', (select coalesce(json_agg(json_build_array(x.financial_year_start, x.measure, x.value::float8)), '[]'::json) from context_figures x where x.org_unit_id is null),
  'firstReceivedOn', (select min(f.received_on) from feedback_cases f where f.merged_into_id is null),
  'labels', (select coalesce(json_agg(json_build_array(r.id, r.label, r.is_child)), '[]'::json) from reference_items r),
  'inScope', ${inScope}
)`;

/** What the report reads beside the documents, as its statement's first row encodes it. */
interface SmallParts {
  teams: [string, ReportRows['teams'][number]['kind'], string | null, string | null, UnitName[]][];
  context: [number, string, number][];
  labels: [string, string, boolean][];
  firstReceivedOn: IsoDate | null;
  /** How many cases are in scope, where the documents are read apart from them (PostgreSQL). */
  inScope: number | null;
}

/**
 * The cases a report over these dates needs: those received in them, and
 * those received earlier with a stage or an investigation dated in them (a
 * complaint received in March and answered in April counts in April's year,
 * even when that year is the oldest of the three shown), or money paid in them
 * (a remedy counts in the year it was paid). Merged duplicates are left out.
 *
 * Written so that each case is looked up once: the cases received in the
 * dates come from their index; of the cases with something dated in them,
 * only those not already received in them (a few thousand at a million
 * cases) are looked up, to leave out merged duplicates.
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
  return sql`with received as materialized (
      select f.id from feedback_cases f where ${inDates('f.received_on')} and f.merged_into_id is null),
    acted as (
      select s.case_id from stages s where ${sql.join(stageDates.map(inDates), sql` or `)}
      union all select s.case_id from investigations i join stages s on s.id = i.stage_id where ${inDates('i.responded_on')}
      union all select s.case_id from remedies m join stages s on s.id = m.stage_id where m.amount_pence is not null and ${inDates('m.completed_on')}),
    earlier as (
      select distinct a.case_id from acted a where not exists (select 1 from received r where r.id = a.case_id))
    select id from received
    union all select f.id from earlier e join feedback_cases f on f.id = e.case_id where f.merged_into_id is null`;
}
