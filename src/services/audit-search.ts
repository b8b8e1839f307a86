import { sql, type SQL } from 'drizzle-orm';
import { auditSentence, type AuditNames } from '../domain/audit/sentences.ts';
import { accessSentence } from '../domain/audit/access.ts';
import type { IsoDate } from '../domain/calendar/iso-date.ts';
import type { Database } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

/**
 * Which events: every one, the changes (audit_events), the reads (access
 * log, less sign-ins), the sign-ins and sign-outs, or one action by its code.
 */
export type AuditKind = 'all' | 'changes' | 'reads' | 'sign-ins' | { action: string };

export interface AuditFilters {
  /** Part of a person's name: events on the cases they are on, and changes to their details. */
  person?: string;
  caseReference?: string;
  userId?: string;
  from?: IsoDate;
  to?: IsoDate;
  kind: AuditKind;
}

/** One event, change or read, as the administrators' search shows it. */
export interface AuditSearchRow {
  source: 'change' | 'access';
  id: number;
  occurredAt: Date;
  actorLabel: string;
  action: string;
  caseReference: string | null;
  clientAddress: string | null;
  summary: string;
  details: string[];
}

/** How many people's cases a name may bring in: beyond this the name is too short to search by. */
const PERSON_CASE_LIMIT = 5000;
/** Rows fetched at a time while streaming an export. */
const EXPORT_BATCH = 1000;

interface RawRow {
  source: 'change' | 'access';
  id: string | number;
  occurred_at: Date | string;
  at_text: string;
  actor_label: string;
  action: string;
  case_reference: string | null;
  client_address: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
  case_count: number | null;
}

interface Cursor {
  /** The time as the database wrote it, to the microsecond: a JavaScript Date would round it and skip rows. */
  occurredAt: string;
  source: string;
  id: number;
}

export function auditSearchService(db: Database) {
  /** The cases and people a name matches, or null when no name was given. */
  async function personMatches(person: string | undefined) {
    const name = person?.trim();
    if (!name) return null;
    const pattern = `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = rowsOf<{ person_id: string; case_id: string | null }>(
      await db.execute(sql`
        select p.id as person_id, cp.case_id
        from people p left join case_parties cp on cp.person_id = p.id
        where (p.given_name || ' ' || p.family_name) ilike ${pattern}
        limit ${PERSON_CASE_LIMIT + 1}`),
    );
    // Past the limit the answer would be a part of it, chosen by chance: nothing, and the page asks for more of the name.
    if (rows.length > PERSON_CASE_LIMIT) return { personIds: [], caseIds: [], tooCommon: true };
    return {
      tooCommon: false,
      personIds: [...new Set(rows.map((r) => r.person_id))],
      caseIds: [...new Set(rows.map((r) => r.case_id).filter((c): c is string => !!c))],
    };
  }

  async function caseIdFor(reference: string | undefined): Promise<string | null | undefined> {
    const ref = reference?.trim();
    if (!ref) return undefined;
    const rows = rowsOf<{ id: string }>(
      await db.execute(sql`select id from feedback_cases where upper(reference) = upper(${ref})`),
    );
    return rows[0]?.id ?? null;
  }

  /** Whether a name matches so many people and cases that a search by it would be cut short. */
  async function personTooCommon(person: string | undefined): Promise<boolean> {
    return (await personMatches(person))?.tooCommon ?? false;
  }

  /** The union of both logs with the filters applied, as one query newest first. */
  async function query(filters: AuditFilters, page: { limit: number; offset?: number; after?: Cursor }) {
    const people = await personMatches(filters.person);
    const caseId = await caseIdFor(filters.caseReference);
    // A case or person that does not exist matches nothing: say so without asking the database.
    if (caseId === null || (people && !people.personIds.length)) return [];
    const uuidArray = (ids: string[]) =>
      sql`array[${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )}]::uuid[]`;
    const common = (alias: SQL): SQL[] => {
      const c: SQL[] = [];
      if (filters.userId) c.push(sql`${alias}.actor_id = ${filters.userId}`);
      if (filters.from)
        c.push(sql`${alias}.occurred_at >= (${filters.from}::date)::timestamp at time zone 'Europe/London'`);
      if (filters.to)
        c.push(sql`${alias}.occurred_at < (${filters.to}::date + 1)::timestamp at time zone 'Europe/London'`);
      return c;
    };
    const changes = common(sql`a`);
    const reads = common(sql`e`);
    if (caseId) {
      changes.push(sql`a.case_id = ${caseId}`);
      reads.push(sql`(e.case_id = ${caseId} or e.case_ids @> ${uuidArray([caseId])})`);
    }
    if (people) {
      const personClause = sql`(a.entity = 'person' and a.entity_id in (${sql.join(
        people.personIds.map((p) => sql`${p}`),
        sql`, `,
      )}))`;
      if (people.caseIds.length) {
        changes.push(sql`(a.case_id = any(${uuidArray(people.caseIds)}) or ${personClause})`);
        reads.push(sql`(e.case_id = any(${uuidArray(people.caseIds)}) or e.case_ids && ${uuidArray(people.caseIds)})`);
      } else {
        changes.push(personClause);
        reads.push(sql`false`);
      }
    }
    const kind = filters.kind;
    let withChanges = kind === 'all' || kind === 'changes';
    let withReads = kind !== 'changes';
    if (kind === 'reads') reads.push(sql`e.action not like 'sign\\_%'`);
    if (kind === 'sign-ins') reads.push(sql`e.action like 'sign\\_%'`);
    if (typeof kind === 'object') {
      withChanges = true;
      withReads = true;
      changes.push(sql`a.action = ${kind.action}`);
      reads.push(sql`e.action = ${kind.action}`);
    }
    // The cursor, for each table: at the cursor's time, changes come before reads (source, descending).
    const cursor = page.after;
    const afterCursor = (alias: SQL, source: 'change' | 'access'): SQL | null => {
      if (!cursor) return null;
      const at = sql`${cursor.occurredAt}::timestamptz`;
      if (source === cursor.source) return sql`(${alias}.occurred_at, ${alias}.id) < (${at}, ${cursor.id})`;
      return source > cursor.source ? sql`${alias}.occurred_at < ${at}` : sql`${alias}.occurred_at <= ${at}`;
    };
    const where = (c: (SQL | null)[]) => {
      const all = c.filter((x): x is SQL => x !== null);
      return all.length ? sql`where ${sql.join(all, sql` and `)}` : sql``;
    };
    // Each table gives at most the rows the page could need, newest first, from its (occurred_at, id) index:
    // the union then sorts a page's worth, never a whole year of a council's trail.
    const enough = page.limit + (page.offset ?? 0);
    const parts: SQL[] = [];
    if (withChanges)
      parts.push(sql`(select 'change' as source, a.id, a.occurred_at, a.actor_label, a.action, a.case_id,
        a.before, a.after, null::jsonb as detail, null::text as client_address, null::int as case_count
        from audit_events a ${where([...changes, afterCursor(sql`a`, 'change')])}
        order by a.occurred_at desc, a.id desc limit ${enough})`);
    if (withReads)
      parts.push(sql`(select 'access' as source, e.id, e.occurred_at, e.actor_label, e.action, e.case_id,
        null::jsonb as before, null::jsonb as after, e.detail, e.client_address, cardinality(e.case_ids) as case_count
        from access_events e ${where([...reads, afterCursor(sql`e`, 'access')])}
        order by e.occurred_at desc, e.id desc limit ${enough})`);
    return rowsOf<RawRow>(
      await db.execute(sql`
        select u.source, u.id, u.occurred_at, u.occurred_at::text as at_text, u.actor_label, u.action, c.reference as case_reference,
          u.client_address, u.before, u.after, u.detail, u.case_count
        from (${sql.join(parts, sql` union all `)}) u
        left join feedback_cases c on c.id = u.case_id
        order by u.occurred_at desc, u.source desc, u.id desc
        limit ${page.limit} offset ${page.offset ?? 0}`),
    );
  }

  /** Names for the ids changes hold: staff, teams (their latest name) and reference items. */
  async function names(): Promise<AuditNames> {
    const pairs = async (q: SQL) =>
      new Map(rowsOf<{ id: string; name: string }>(await db.execute(q)).map((r) => [r.id, r.name]));
    const [usersById, units, items] = await Promise.all([
      pairs(sql`select id, display_name as name from users`),
      pairs(
        sql`select distinct on (org_unit_id) org_unit_id as id, name from org_unit_names order by org_unit_id, valid_from desc`,
      ),
      pairs(sql`select id, label as name from reference_items`),
    ]);
    return {
      user: (id) => usersById.get(id) ?? null,
      unit: (id) => units.get(id) ?? null,
      item: (id) => items.get(id) ?? null,
    };
  }

  function readable(r: RawRow, n: AuditNames): AuditSearchRow {
    const words =
      r.source === 'change'
        ? auditSentence({ action: r.action, before: r.before, after: r.after }, n)
        : accessSentence({ action: r.action, detail: r.detail, caseCount: r.case_count ?? undefined });
    return {
      source: r.source,
      id: Number(r.id),
      occurredAt: new Date(r.occurred_at),
      actorLabel: r.actor_label,
      action: r.action,
      caseReference: r.case_reference,
      clientAddress: r.client_address,
      summary: words.summary,
      details: words.changes,
    };
  }

  return {
    personTooCommon,

    /** One page, newest first; `more` says whether another page follows. */
    async search(filters: AuditFilters, page: { number: number; size: number }) {
      const raw = await query(filters, { limit: page.size + 1, offset: (page.number - 1) * page.size });
      const n = await names();
      return { rows: raw.slice(0, page.size).map((r) => readable(r, n)), more: raw.length > page.size };
    },

    /** Every matching event, newest first, a batch at a time: an export never holds the whole trail in memory. */
    async *all(
      filters: AuditFilters,
      { batch = EXPORT_BATCH }: { batch?: number } = {},
    ): AsyncGenerator<AuditSearchRow> {
      const n = await names();
      let after: Cursor | undefined;
      for (;;) {
        const raw = await query(filters, { limit: batch, after });
        for (const r of raw) yield readable(r, n);
        if (raw.length < batch) return;
        const last = raw.at(-1)!;
        after = { occurredAt: last.at_text, source: last.source, id: Number(last.id) };
      }
    },
  };
}
export type AuditSearchService = ReturnType<typeof auditSearchService>;
