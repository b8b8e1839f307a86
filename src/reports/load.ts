import { sql, type SQL } from 'drizzle-orm';
import { groupBy } from '../domain/group-by.ts';
import type { IsoDate } from '../domain/calendar/iso-date.ts';
import type { Database } from '../db/database.ts';
import { rowsOf } from '../db/schema-version.ts';
import * as s from '../db/schema/index.ts';
import { toPolicy } from '../services/timescales.ts';
import type { ReportCase, ReportRows } from './rows.ts';

/**
 * The query layer: every row the report needs for cases received between two
 * dates (merged duplicates left out), with labels resolved in SQL. Stages,
 * outcomes and actions come with their cases, whenever they happened.
 *
 * The rows come back as one JSON document from one statement: decoding a
 * single text value is about three times faster than decoding thousands of
 * rows field by field (measured on PGlite, where decoding runs in
 * JavaScript), and the report model must be built in under a second.
 */
export async function loadReportRows(db: Database, from: IsoDate, to: IsoDate): Promise<ReportRows> {
  const result = await db.execute<{ doc: string }>(reportRowsStatement(from, to));
  const { themes, parties, cases, ...doc } = asObjects(JSON.parse(rowsOf<{ doc: string }>(result)[0]!.doc) as Record<string, unknown[][]>, reportQueries());
  const themesByCase = groupBy(themes, (t) => t.caseId);
  // The first complainant and the first child recorded stand for the case.
  const complainants = new Map<string, LoadedParty>();
  const children = new Map<string, LoadedParty>();
  for (const p of parties) {
    const byRole = p.role === 'complainant' ? complainants : children;
    if (!byRole.has(p.caseId)) byRole.set(p.caseId, p);
  }
  return {
    ...doc,
    cases: cases.map((c) => {
      const complainant = complainants.get(c.id);
      const child = children.get(c.id);
      return {
        ...c,
        themes: (themesByCase.get(c.id) ?? []).map((t) => t.label),
        complainantId: complainant?.personId ?? null,
        relationship: complainant?.relationship ?? null,
        childComplainant: complainant?.isChild ?? false,
        childGroup: child?.group ?? null,
        childEthnicity: child?.ethnicity ?? null,
        lookedAfter: child?.lookedAfter ?? false,
      };
    }),
    policies: (await db.select().from(s.timescalePolicies)).map(toPolicy),
  };
}

interface LoadedParty {
  caseId: string;
  role: 'complainant' | 'child';
  personId: string;
  relationship: string | null;
  isChild: boolean;
  group: string | null;
  lookedAfter: boolean;
  ethnicity: string | null;
}
type LoadedCase = Omit<ReportCase, 'themes' | 'complainantId' | 'relationship' | 'childComplainant' | 'childGroup' | 'childEthnicity' | 'lookedAfter'>;
type LoadedDocument = Omit<ReportRows, 'policies' | 'cases'> & { cases: LoadedCase[]; parties: LoadedParty[]; themes: { caseId: string; label: string }[] };

/**
 * One list: its columns (name and SQL expression) and where its rows come
 * from. Rows travel as JSON arrays, not objects: the column names are sent
 * once, not once a row, which halves the bytes PGlite encodes.
 */
interface ListQuery {
  columns: Record<string, string>;
  from: SQL;
  orderBy?: string;
}

/** The one statement that returns every row of the report as a JSON document. */
export function reportRowsStatement(from: IsoDate, to: IsoDate): SQL {
  const parts = Object.entries(reportQueries()).map(([key, list]) => {
    const values = sql.raw(Object.values(list.columns).join(', '));
    const order = list.orderBy ? sql.raw(` order by ${list.orderBy}`) : sql``;
    return sql`${key}::text, (select coalesce(json_agg(json_build_array(${values})${order}), '[]'::json) ${list.from})`;
  });
  return sql`with scope as materialized (${scope(from, to)}) select json_build_object(${sql.join(parts, sql`, `)})::text as doc`;
}

/**
 * The cases a report over these dates needs: those received in them, and
 * those received earlier with a stage or an investigation dated in them (a
 * complaint received in March and answered in April counts in April's year,
 * even when that year is the oldest of the three shown).
 */
function scope(from: IsoDate, to: IsoDate): SQL {
  const inDates = (column: string) => sql`${sql.raw(column)} between ${from} and ${to}`;
  const stageDates = ['s.requested_on', 's.responded_on', 's.authority_responded_on', 's.lgsco_enquiry_received_on', 's.lgsco_enquiry_responded_on', 's.lgsco_decision_on'];
  return sql`select f.id from feedback_cases f where ${inDates('f.received_on')} and f.merged_into_id is null
    union select f.id from stages s join feedback_cases f on f.id = s.case_id where f.merged_into_id is null and (${sql.join(stageDates.map(inDates), sql` or `)})
    union select f.id from investigations i join stages s on s.id = i.stage_id join feedback_cases f on f.id = s.case_id where f.merged_into_id is null and ${inDates('i.responded_on')}`;
}

/** Turns each list's arrays back into objects named by its columns. */
function asObjects(doc: Record<string, unknown[][]>, queries: Record<string, ListQuery>): LoadedDocument {
  const out: Record<string, unknown[]> = {};
  for (const [key, list] of Object.entries(queries)) {
    const names = Object.keys(list.columns);
    out[key] = doc[key]!.map((values) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
      return row;
    });
  }
  return out as unknown as LoadedDocument;
}

/** Each list of rows the report needs, by name. */
export function reportQueries(): Record<keyof LoadedDocument, ListQuery> {
  // Every list joins the cases in scope directly: an "in (select ...)" here led PostgreSQL, with no
  // statistics yet (PGlite never runs autovacuum), to a plan quadratic in cases. Cases received
  // before the dates come only for what they did within them; the figures count by their own dates.
  return {
    cases: {
      columns: { id: 'f.id', reference: 'f.reference', type: 'f.type', procedure: 'f.procedure', receivedOn: 'f.received_on', acknowledgedOn: 'f.acknowledged_on', closedOn: 'f.closed_on', migrated: 'f.migrated', teamId: 'f.team_id', timescalePolicyId: 'f.timescale_policy_id', outcome: 'f.outcome', channel: 'ch.label', category: 'cat.label' },
      from: sql`from feedback_cases f join scope on scope.id = f.id left join reference_items ch on ch.id = f.channel_id left join reference_items cat on cat.id = f.main_category_id`,
    },
    parties: {
      columns: { caseId: 'p.case_id', role: 'p.role', personId: 'p.person_id', relationship: 'rel.label', isChild: 'coalesce(rel.is_child, false)', group: 'grp.label', lookedAfter: 'coalesce(p.looked_after, false)', ethnicity: 'eth.label' },
      from: sql`from case_parties p join scope on scope.id = p.case_id join people pe on pe.id = p.person_id
        left join reference_items rel on rel.id = p.relationship_id left join reference_items grp on grp.id = p.service_user_group_id left join reference_items eth on eth.id = pe.ethnicity_id
        where p.role in ('complainant', 'child')`,
      orderBy: 'p.created_at',
    },
    themes: { columns: { caseId: 'ct.case_id', label: 'r.label' }, from: sql`from case_themes ct join reference_items r on r.id = ct.theme_id join scope on scope.id = ct.case_id` },
    stages: {
      columns: {
        caseId: 'st.case_id', kind: 'st.kind', requestedOn: 'st.requested_on', startedOn: 'st.started_on', statementAgreedOn: 'st.statement_agreed_on', respondedOn: 'st.responded_on',
        panelHeldOn: 'st.panel_held_on', chairReportReceivedOn: 'st.chair_report_received_on', authorityRespondedOn: 'st.authority_responded_on',
        lgscoEnquiryReceivedOn: 'st.lgsco_enquiry_received_on', lgscoEnquiryRespondedOn: 'st.lgsco_enquiry_responded_on', lgscoDecision: 'st.lgsco_decision',
        lgscoDecisionOn: 'st.lgsco_decision_on', lgscoFaultFound: 'st.lgsco_fault_found', lgscoInjusticeFound: 'st.lgsco_injustice_found', outcome: 'st.outcome',
        costPence: 'coalesce(st.investigator_cost_pence, 0) + coalesce(st.independent_person_cost_pence, 0) + coalesce(st.panel_cost_pence, 0) + coalesce(st.other_cost_pence, 0)',
      },
      from: sql`from stages st join scope on scope.id = st.case_id`,
    },
    investigations: {
      columns: { caseId: 'st.case_id', stage: 'st.kind', teamId: 'i.team_id', outcome: 'i.outcome', respondedOn: 'i.responded_on' },
      from: sql`from investigations i join stages st on st.id = i.stage_id join scope on scope.id = st.case_id`,
    },
    remedies: {
      columns: { caseId: 'st.case_id', stage: 'st.kind', type: "coalesce(r.label, 'Other')", amountPence: 'm.amount_pence', dueOn: 'm.due_on', completedOn: 'm.completed_on' },
      from: sql`from remedies m join stages st on st.id = m.stage_id join scope on scope.id = st.case_id left join reference_items r on r.id = m.remedy_type_id`,
    },
    learning: { columns: { caseId: 'l.case_id', type: "coalesce(r.label, 'Other')" }, from: sql`from learning_points l join scope on scope.id = l.case_id left join reference_items r on r.id = l.learning_type_id` },
    actions: {
      columns: { caseId: 'a.case_id', type: "coalesce(r.label, 'Other')", dueOn: 'a.due_on', completedOn: 'a.completed_on' },
      from: sql`from actions a join scope on scope.id = a.case_id left join reference_items r on r.id = a.action_type_id`,
    },
    compliments: {
      columns: { caseId: 'm.case_id', teamId: 'm.team_id', origin: 'o.label', theme: 't.label' },
      from: sql`from compliments m left join reference_items o on o.id = m.origin_id left join reference_items t on t.id = m.theme_id join scope on scope.id = m.case_id`,
    },
    clockEvents: {
      // The reason is not needed for figures (only for a case's own explanation): left out to keep the document small.
      columns: { caseId: 'e.case_id', clock: 'e.clock', kind: 'e.kind', on: 'e.occurred_on', days: 'e.extension_days', to: 'e.extended_to', reason: "''", complainantAgreed: 'e.complainant_agreed', agreedOn: 'e.agreed_on' },
      from: sql`from clock_events e join scope on scope.id = e.case_id`,
    },
    teams: {
      columns: { id: 'u.id', parentId: 'u.parent_id', successorId: 'u.successor_id', names: "coalesce((select json_agg(json_build_object('name', n.name, 'validFrom', n.valid_from, 'validTo', n.valid_to) order by n.valid_from) from org_unit_names n where n.org_unit_id = u.id), '[]'::json)" },
      from: sql`from org_units u`,
    },
    context: { columns: { financialYearStart: 'x.financial_year_start', measure: 'x.measure', value: 'x.value::float8' }, from: sql`from context_figures x where x.org_unit_id is null` },
  };
}
