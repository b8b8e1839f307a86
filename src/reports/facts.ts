import { sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/database.ts';
import { refreshStatistics } from '../db/statistics.ts';
import { rowsOf } from '../db/rows.ts';
import type { ReportRows } from './rows.ts';

/**
 * A case's report rows as one JSON text, prepared ahead and kept in
 * report_case_facts (ADR 0007). The annual report reads one value a case
 * instead of asking PostgreSQL to encode a dozen rows for it, which was most
 * of the report's time on PGlite.
 *
 * A document holds ids, never labels: renaming a reference item or a team
 * changes no document; labels are looked up when the report is read.
 * Bump REPORT_FACTS_FORMAT whenever the shape below changes: documents of
 * another format are rebuilt, never misread.
 */
export const REPORT_FACTS_FORMAT = 2;

/** One list of rows hanging off a case: its columns and where they come from (`$case` is the case id). */
interface CaseList {
  columns: Record<string, string>;
  from: string;
  orderBy?: string;
}

const CASE_COLUMNS = {
  id: 'f.id',
  reference: 'f.reference',
  type: 'f.type',
  procedure: 'f.procedure',
  receivedOn: 'f.received_on',
  acknowledgedOn: 'f.acknowledged_on',
  closedOn: 'f.closed_on',
  migrated: 'f.migrated',
  teamId: 'f.team_id',
  timescalePolicyId: 'f.timescale_policy_id',
  outcome: 'f.outcome',
  channelId: 'f.channel_id',
  categoryId: 'f.main_category_id',
};

const LISTS = {
  parties: {
    columns: {
      role: 'p.role',
      personId: 'p.person_id',
      relationshipId: 'p.relationship_id',
      groupId: 'p.service_user_group_id',
      lookedAfter: 'coalesce(p.looked_after, false)',
      ethnicityId: 'pe.ethnicity_id',
    },
    from: "case_parties p join people pe on pe.id = p.person_id where p.case_id = $case and p.role in ('complainant', 'child')",
    orderBy: 'p.created_at, p.id',
  },
  themes: { columns: { themeId: 'ct.theme_id' }, from: 'case_themes ct where ct.case_id = $case' },
  stages: {
    columns: {
      kind: 'st.kind',
      requestedOn: 'st.requested_on',
      startedOn: 'st.started_on',
      statementAgreedOn: 'st.statement_agreed_on',
      respondedOn: 'st.responded_on',
      panelHeldOn: 'st.panel_held_on',
      chairReportReceivedOn: 'st.chair_report_received_on',
      authorityRespondedOn: 'st.authority_responded_on',
      lgscoEnquiryReceivedOn: 'st.lgsco_enquiry_received_on',
      lgscoEnquiryRespondedOn: 'st.lgsco_enquiry_responded_on',
      lgscoDecision: 'st.lgsco_decision',
      lgscoDecisionOn: 'st.lgsco_decision_on',
      lgscoFaultFound: 'st.lgsco_fault_found',
      lgscoInjusticeFound: 'st.lgsco_injustice_found',
      outcome: 'st.outcome',
      costPence:
        'case when coalesce(st.investigator_cost_pence, st.independent_person_cost_pence, st.panel_cost_pence, st.other_cost_pence) is null then null else coalesce(st.investigator_cost_pence, 0) + coalesce(st.independent_person_cost_pence, 0) + coalesce(st.panel_cost_pence, 0) + coalesce(st.other_cost_pence, 0) end',
    },
    from: 'stages st where st.case_id = $case',
    orderBy: 'st.created_at, st.id',
  },
  investigations: {
    columns: { stage: 'st.kind', teamId: 'i.team_id', outcome: 'i.outcome', respondedOn: 'i.responded_on' },
    from: 'investigations i join stages st on st.id = i.stage_id where st.case_id = $case',
  },
  remedies: {
    columns: {
      stage: 'st.kind',
      typeId: 'm.remedy_type_id',
      amountPence: 'm.amount_pence',
      dueOn: 'm.due_on',
      completedOn: 'm.completed_on',
    },
    from: 'remedies m join stages st on st.id = m.stage_id where st.case_id = $case',
  },
  learning: { columns: { typeId: 'l.learning_type_id' }, from: 'learning_points l where l.case_id = $case' },
  actions: {
    columns: { typeId: 'a.action_type_id', dueOn: 'a.due_on', completedOn: 'a.completed_on' },
    from: 'actions a where a.case_id = $case',
  },
  compliments: {
    columns: { teamId: 'm.team_id', originId: 'm.origin_id', themeId: 'm.theme_id' },
    from: 'compliments m where m.case_id = $case',
  },
  // The reason is not needed for figures (only for a case's own explanation).
  clockEvents: {
    columns: {
      clock: 'e.clock',
      kind: 'e.kind',
      on: 'e.occurred_on',
      days: 'e.extension_days',
      to: 'e.extended_to',
      complainantAgreed: 'e.complainant_agreed',
      agreedOn: 'e.agreed_on',
    },
    from: 'clock_events e where e.case_id = $case',
    orderBy: 'e.occurred_on, e.recorded_at, e.id',
  },
} satisfies Record<string, CaseList>;

/**
 * The document of the case whose id is `caseId` (an SQL expression): the
 * case's columns, then each list as an array of arrays.
 */
export function caseDocumentSql(caseId: string): string {
  const lists = Object.values(LISTS).map((list: CaseList) => {
    const order = list.orderBy ? ` order by ${list.orderBy}` : '';
    return `(select coalesce(json_agg(json_build_array(${Object.values(list.columns).join(', ')})${order}), '[]'::json) from ${list.from.replaceAll('$case', 'f.id')})`;
  });
  return `(select json_build_array(${[...Object.values(CASE_COLUMNS), ...lists].join(', ')})::text from feedback_cases f where f.id = ${caseId})`;
}

/**
 * Builds the documents that are missing or out of date, for the cases `which`
 * selects (an SQL query of case ids) or for any, up to `limit` at a time.
 * A document is stored only if its case's version has not moved since it was
 * read, so a change committed meanwhile is never hidden by an older document.
 * Returns how many were stored.
 */
export async function refreshReportFacts(db: DbOrTx, opts: { which?: SQL; limit?: number } = {}): Promise<number> {
  const only = opts.which ? sql`and rf.case_id in (${opts.which})` : sql``;
  const limit = opts.limit ? sql`limit ${opts.limit}` : sql``;
  const result = await db.execute(sql`
    update report_case_facts t set doc = b.doc, format = ${REPORT_FACTS_FORMAT}
    from (select rf.case_id, rf.version, ${sql.raw(caseDocumentSql('rf.case_id'))} as doc
          from report_case_facts rf where coalesce(rf.format, 0) < ${REPORT_FACTS_FORMAT} ${only} ${limit}) b
    where t.case_id = b.case_id and t.version = b.version
    returning t.case_id`);
  return rowsOf(result).length;
}

/**
 * Builds the missing documents a batch at a time: all of them (after a bulk
 * load), or up to `maxBatches` batches (the background work, so a backlog on
 * a large database clears over a few minutes while each statement stays
 * short). Returns how many were stored.
 */
export async function refreshAllReportFacts(
  db: DbOrTx,
  { batch = 2_000, maxBatches = Infinity }: { batch?: number; maxBatches?: number } = {},
): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await refreshReportFacts(db, { limit: batch });
    total += n;
    if (n < batch) break;
  }
  return total;
}

/** Any fixed number: the lock that lets one server at a time build documents (ADR 0020). */
export const FACTS_LOCK = 727_276;

/**
 * The background work's refresh, one server at a time: each batch is its own
 * transaction holding an advisory lock, and a server that finds the lock
 * taken stops there, since another server is doing the same work. Without
 * it several servers would build the same documents at once (the update
 * keeps the result right, but the work is done once per server, and two
 * updates taking the same rows in different orders can deadlock). Returns
 * how many were stored, or null when another server held the lock.
 */
export async function refreshReportFactsOneServerAtATime(
  db: Database,
  { batch, maxBatches }: { batch: number; maxBatches: number },
): Promise<number | null> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await db.transaction(async (tx) => {
      const [lock] = rowsOf<{ got: boolean }>(
        await tx.execute(sql`select pg_try_advisory_xact_lock(${FACTS_LOCK}) as got`),
      );
      return lock?.got ? refreshReportFacts(tx, { limit: batch }) : null;
    });
    if (n === null) return i === 0 ? null : total;
    total += n;
    if (n < batch) break;
  }
  return total;
}

/**
 * After a bulk load (the demo data, an import): fresh planner statistics
 * first (PGlite runs no autovacuum, and without them the documents below are
 * built with a scan per case), then every document.
 */
export async function prepareAfterBulkLoad(db: Database): Promise<void> {
  await refreshStatistics(db);
  await refreshAllReportFacts(db);
}

/**
 * The SQL that reads the documents of the cases in `scope` (a table with an `id` column), one row
 * each, building any not ready (a case changed since its document was stored). A case with no
 * report_case_facts row at all is left to missingCaseDocumentRowsSql.
 */
export function caseDocumentRowsSql(scope: string): string {
  return `select case when rf.format = ${REPORT_FACTS_FORMAT} then rf.doc else ${caseDocumentSql('rf.case_id')} end
     from report_case_facts rf join ${scope} on ${scope}.id = rf.case_id`;
}

/**
 * The SQL that reads the documents of the cases in `scope` (a relation with an `id` column) as one
 * JSON array text, building any not ready or missing: for PGlite, whose cost is per value returned.
 * In one order, whatever the rows' places on disk: the report lists cases in the order it reads them,
 * and an update that moves a case's row (a trigger keeping its search text) must not reorder last
 * year's report.
 */
export function caseDocumentsTextSql(scope: string): string {
  return `(select '[' || coalesce(string_agg(case when rf.format = ${REPORT_FACTS_FORMAT} then rf.doc else ${caseDocumentSql(`${scope}.id`)} end, ',' order by ${scope}.id), '') || ']'
     from ${scope} left join report_case_facts rf on rf.case_id = ${scope}.id)`;
}

/** The documents, built from their rows, of the cases in `scope` that have no report_case_facts row. */
export function missingCaseDocumentRowsSql(scope: string): string {
  return `select ${caseDocumentSql(`${scope}.id`)} from ${scope}
     where not exists (select 1 from report_case_facts rf where rf.case_id = ${scope}.id)`;
}

export interface ReferenceLabel {
  label: string;
  isChild: boolean;
}

type Lists = typeof LISTS;
type Decoded<L extends keyof Lists> = Record<keyof Lists[L]['columns'], unknown>;

const CASE_NAMES = Object.keys(CASE_COLUMNS) as (keyof typeof CASE_COLUMNS)[];
const LIST_NAMES = Object.keys(LISTS) as (keyof Lists)[];
const LIST_COLUMNS = Object.fromEntries(LIST_NAMES.map((name) => [name, Object.keys(LISTS[name].columns)])) as Record<
  keyof Lists,
  string[]
>;

/** Turns the case documents back into the report's rows, with labels looked up. */
export function rowsFromDocuments(
  docs: unknown[][],
  labels: Map<string, ReferenceLabel>,
): Omit<ReportRows, 'teams' | 'policies' | 'context'> {
  const reader = documentReader(labels);
  for (const doc of docs) reader.add(doc);
  return reader.rows;
}

/**
 * Turns case documents back into the report's rows one at a time, as they
 * are read: a large report never holds all its documents at once.
 */
export function documentReader(labels: Map<string, ReferenceLabel>): {
  add(doc: unknown[]): void;
  rows: Omit<ReportRows, 'teams' | 'policies' | 'context'>;
} {
  const label = (id: unknown) => (typeof id === 'string' ? (labels.get(id)?.label ?? null) : null);
  const out: Omit<ReportRows, 'teams' | 'policies' | 'context'> = {
    cases: [],
    stages: [],
    investigations: [],
    remedies: [],
    learning: [],
    actions: [],
    compliments: [],
    clockEvents: [],
  };
  const add = (doc: unknown[]) => {
    const c = objectOf(CASE_NAMES, doc) as Record<keyof typeof CASE_COLUMNS, never>;
    const caseId = c.id as string;
    const list = <L extends keyof Lists>(name: L, extra: Record<string, unknown> = {}): Decoded<L>[] =>
      (doc[CASE_NAMES.length + LIST_NAMES.indexOf(name)] as unknown[][]).map(
        (values) => objectOf(LIST_COLUMNS[name], values, { caseId, ...extra }) as Decoded<L>,
      );
    // The first complainant and the first child recorded stand for the case.
    const parties = list('parties');
    const complainant = parties.find((p) => p.role === 'complainant');
    const child = parties.find((p) => p.role === 'child');
    out.cases.push({
      id: caseId,
      reference: c.reference,
      type: c.type,
      procedure: c.procedure,
      receivedOn: c.receivedOn,
      acknowledgedOn: c.acknowledgedOn,
      closedOn: c.closedOn,
      migrated: c.migrated,
      teamId: c.teamId,
      timescalePolicyId: c.timescalePolicyId,
      outcome: c.outcome,
      channel: label(c.channelId),
      category: label(c.categoryId),
      themes: list('themes').map((t) => label(t.themeId) ?? 'Not recorded'),
      complainantId: (complainant?.personId as string | undefined) ?? null,
      relationship: label(complainant?.relationshipId),
      childComplainant: labels.get(complainant?.relationshipId as string)?.isChild ?? false,
      childGroup: label(child?.groupId),
      childEthnicity: label(child?.ethnicityId),
      lookedAfter: (child?.lookedAfter as boolean | undefined) ?? false,
    });
    out.stages.push(...(list('stages') as unknown as ReportRows['stages']));
    out.investigations.push(...(list('investigations') as unknown as ReportRows['investigations']));
    for (const r of list('remedies'))
      out.remedies.push({
        caseId,
        stage: r.stage,
        type: label(r.typeId) ?? 'Other',
        amountPence: r.amountPence,
        dueOn: r.dueOn,
        completedOn: r.completedOn,
      } as ReportRows['remedies'][number]);
    for (const l of list('learning')) out.learning.push({ caseId, type: label(l.typeId) ?? 'Other' });
    for (const a of list('actions'))
      out.actions.push({
        caseId,
        type: label(a.typeId) ?? 'Other',
        dueOn: a.dueOn,
        completedOn: a.completedOn,
      } as ReportRows['actions'][number]);
    for (const m of list('compliments'))
      out.compliments.push({
        caseId,
        teamId: m.teamId as string | null,
        origin: label(m.originId),
        theme: label(m.themeId),
      });
    out.clockEvents.push(...(list('clockEvents', { reason: '' }) as unknown as ReportRows['clockEvents']));
  };
  return { add, rows: out };
}

function objectOf(
  names: readonly string[],
  values: unknown[],
  row: Record<string, unknown> = {},
): Record<string, unknown> {
  for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
  return row;
}
