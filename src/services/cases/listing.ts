import { performance } from 'node:perf_hooks';
import pLimit, { type LimitFunction } from 'p-limit';
import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { canWriteCase } from '../../domain/access/roles.ts';
import { isIsoDate } from '../../domain/calendar/iso-date.ts';
import { FEEDBACK_TYPES, type FeedbackType, type Procedure, type StageKind } from '../../domain/cases/vocabulary.ts';
import { alias } from 'drizzle-orm/pg-core';
import type { Database, DbOrTx } from '../../db/database.ts';
import {
  caseSearchText,
  caseThemes,
  feedbackCases,
  orgUnitNames,
  referenceItems,
  users,
} from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { assertCaseAccess, caseAccessFacts, visibleCasesCondition } from '../case-access.ts';
import { rowsOf } from '../../db/rows.ts';
import { caseRecord } from '../case-record.ts';
import { DomainError } from '../errors.ts';

/** Finding and reading cases: the queues, search, one case's record, and counts. */

export interface CaseListFilters {
  status?: 'open' | 'closed' | 'all';
  procedure?: Procedure | null;
  /** The furthest stage reached. */
  stage?: StageKind | 'none' | null;
  teamId?: string | null;
  themeId?: string | null;
  receivedFrom?: string | null;
  receivedTo?: string | null;
  /** Words to find in the reference, subject, description or people's names. */
  q?: string | null;
  /** Only cases allocated to this user (the "my cases" queue). */
  allocatedTo?: string | null;
  /** A column to order by (one of CASE_LIST_SORTS); none keeps the queue's own order, oldest first. */
  sort?: CaseListSort | null;
  direction?: 'asc' | 'desc' | null;
  page?: number;
  pageSize?: number;
}

/** The columns the list may be ordered by: a whitelist, so a query string never reaches the SQL. */
export const CASE_LIST_SORTS = ['reference', 'type', 'subject', 'team', 'manager', 'received', 'stage'] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];

/**
 * Most cases a list counts: beyond it the page says "more than 10,000". Counting a large council's million
 * cases takes longer than showing a page of them, and nobody reads on to page 201: they narrow the list.
 */
export const CASE_LIST_COUNT_LIMIT = 10_000;
/** A search counts fewer: each case counted is a match of its words, where a list's count reads an index alone. */
export const CASE_SEARCH_COUNT_LIMIT = 1_000;

/** Most cases a download holds: a whole council's history is a few tens of thousands. */
export const CASE_EXPORT_LIMIT = 100_000;

/**
 * Longest a search may run on PostgreSQL before it is stopped and the person asked to narrow it (ADR 0022).
 * A search answers in under 0.2 s at a million cases, except for words whose every trigram is common though
 * the word is rare ("complaint" beside "complainant"): those read nearly every case (6 s at a million) and
 * would hold a connection each time they are asked. A download reads every match, so it is given longer.
 */
export const CASE_SEARCH_TIME_LIMITS = { pageMs: 2_000, exportMs: 15_000 } as const;
export type SearchTimeLimits = { pageMs: number; exportMs: number };

/**
 * At most this many searches run at once in a server, pages and downloads each in turns of their own: each holds
 * a connection of the pool's ten for up to its time limit, so without a limit a few people downloading slow
 * searches would leave every other page, sign-in included, waiting for a connection; and with one queue for
 * both, four slow downloads (15 s each) would leave every search page to run out of time in the queue. The rest
 * wait their turn, within their own time limit.
 */
export const SEARCHES_AT_ONCE = { pages: 4, downloads: 2 } as const;

/** A search stopped at its time limit: the page asks for another word or a filter (code CASE_SEARCH.TOO_SLOW). */
export class CaseSearchTooSlowError extends DomainError {
  constructor() {
    super(
      'CASE_SEARCH.TOO_SLOW',
      'The search took too long, so it was stopped. Try again, or narrow it: add another word, a case ' +
        'reference or the name of someone on the case, or choose a team or dates.',
      'q',
    );
  }
}

/**
 * Runs a search's statements in one transaction, in its turn (SEARCHES_AT_ONCE), under one time limit for the
 * whole of it: the wait for a turn, then each statement with what is left (`nextStatement` sets it). PostgreSQL
 * cancels a statement at the limit (SQLSTATE 57014), which becomes CaseSearchTooSlowError. PGlite cannot stop
 * a statement once started (it runs in the server's own thread), so there the limit is checked between
 * statements only: a council small enough for PGlite searches in well under a second.
 */
async function withSearchTimeLimit<T>(
  db: Database,
  turns: LimitFunction,
  ms: number,
  fn: (tx: DbOrTx, nextStatement: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const deadline = performance.now() + ms;
  const nextStatement = async (tx: DbOrTx) => {
    const left = Math.trunc(deadline - performance.now());
    if (left <= 0) throw new CaseSearchTooSlowError();
    await tx.execute(sql.raw(`set local statement_timeout = ${left}`));
  };
  const search = turns(() => {
    // Its time ran out while it waited: it ends without taking a connection.
    if (performance.now() >= deadline) return Promise.reject(new CaseSearchTooSlowError());
    return db.transaction(async (tx) => {
      await nextStatement(tx); // the time left, for the first statement
      return fn(tx, () => nextStatement(tx));
    });
  });
  // A search still waiting for its turn at the limit is answered then; when its turn comes, it ends at once.
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CaseSearchTooSlowError()), ms);
  });
  search.catch(() => undefined); // answered by the race below, or too late for anyone to hear
  try {
    return await Promise.race([search, outOfTime]);
  } catch (err) {
    if (errorChainHasCode(err, '57014')) throw new CaseSearchTooSlowError();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The share of cases from which a search's count reads cases in turn rather than the trigram index: reading
 * in turn stops at the 1,001st match, so it reads about 1,001 / share cases.
 */
const READ_IN_TURN_FROM_SHARE = 0.05;

/**
 * The planner's estimate of the share of all cases these conditions match (0 when the table has never been
 * analysed): the estimate for a word in the search text comes from the statistics of the index's expression,
 * and was close at a million cases (110,429 estimated for 105,468 holding "assessment").
 */
async function estimatedShare(tx: DbOrTx, where: SQL): Promise<number> {
  const [plan] = rowsOf<{ 'QUERY PLAN': unknown }>(
    await tx.execute(sql`explain (format json) select 1 from ${feedbackCases} where ${where}`),
  );
  const json = plan?.['QUERY PLAN'];
  const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as [{ Plan: { 'Plan Rows': number } }];
  const [table] = rowsOf<{ n: number }>(
    await tx.execute(sql`select reltuples::float8 as n from pg_class where oid = 'feedback_cases'::regclass`),
  );
  const all = Number(table?.n ?? 0);
  return all > 0 ? parsed[0].Plan['Plan Rows'] / all : 0;
}

/** Whether the error, or one it was caused by (drizzle wraps the driver's), has this SQLSTATE. */
function errorChainHasCode(err: unknown, code: string): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
    if ((e as { code?: unknown }).code === code) return true;
  return false;
}

export interface CaseListRow {
  id: string;
  reference: string;
  type: FeedbackType;
  status: string;
  procedure: Procedure | null;
  receivedOn: string;
  subject: string;
  teamName: string | null;
  /** The investigating manager's name, when one is allocated. */
  managerName: string | null;
  stage: string | null;
}

// The row's computed columns, written once for the select list and for ordering by them.
// Qualified by hand: drizzle leaves select-list columns unqualified, and inside a subquery "id" would mean the subquery's own.
/** The team's name as it was when the case arrived. */
const TEAM_NAME = sql<
  string | null
>`(select n.name from ${orgUnitNames} n where n.org_unit_id = feedback_cases.team_id and n.valid_from <= feedback_cases.received_on order by n.valid_from desc limit 1)`;
/**
 * The investigating manager, joined rather than looked up row by row: ordering
 * every case by a looked-up name cost a subquery per case (200 ms at 10,000).
 */
const manager = alias(users, 'manager');
const withManager = eq(manager.id, feedbackCases.investigatingManagerId);
const STAGE_REACHED = sql<string | null>`(select max(s.kind)::text from stages s where s.case_id = feedback_cases.id)`;

const SORT_COLUMNS: Record<CaseListSort, SQL> = {
  reference: sql`${feedbackCases.reference}`,
  type: sql`${feedbackCases.type}::text`,
  subject: sql`lower(${feedbackCases.subject})`,
  team: sql`lower(${TEAM_NAME})`,
  manager: sql`lower(${manager.displayName})`,
  received: sql`${feedbackCases.receivedOn}`,
  // Stages sort in the procedure's order (the enum's), not alphabetically.
  stage: sql`(select max(s.kind) from stages s where s.case_id = feedback_cases.id)`,
};

/**
 * The order: the chosen column (blanks last either way), then the reference
 * and the id, so that equal values keep one order from page to page. With no
 * column chosen, a search puts the case whose reference is the words typed
 * first, then those whose reference starts with them, then the rest newest
 * first; without a search, the queue's own: oldest first (closed cases newest
 * first).
 */
function orderOf(filters: CaseListFilters): SQL[] {
  const status = filters.status ?? 'open';
  const sort = filters.sort && (CASE_LIST_SORTS as readonly string[]).includes(filters.sort) ? filters.sort : null;
  const dir = filters.direction === 'desc' ? sql`desc` : sql`asc`;
  const q = filters.q?.trim().toLowerCase();
  const first = sort
    ? [sql`${SORT_COLUMNS[sort]} ${dir} nulls last`]
    : q
      ? [
          sql`lower(${feedbackCases.reference}) = ${q} desc`,
          sql`starts_with(lower(${feedbackCases.reference}), ${q}) desc`, // as searchPage does, a page at a time
          sql`${feedbackCases.receivedOn} desc`,
        ]
      : status === 'closed'
        ? [sql`${feedbackCases.receivedOn} desc`]
        : [sql`${feedbackCases.receivedOn} asc`];
  return [...first, sql`${feedbackCases.reference} asc`, sql`${feedbackCases.id} asc`];
}

/** What the list shows of each case. */
const LIST_COLUMNS = {
  id: feedbackCases.id,
  reference: feedbackCases.reference,
  type: feedbackCases.type,
  status: feedbackCases.status,
  procedure: feedbackCases.procedure,
  receivedOn: feedbackCases.receivedOn,
  subject: feedbackCases.subject,
  teamName: TEAM_NAME,
  managerName: manager.displayName,
  stage: STAGE_REACHED,
};

/** The list's WHERE clause: what the actor may see, narrowed by the filters. 'none' when they may see nothing. */
function listConditions(actor: Actor, filters: CaseListFilters): SQL | 'none' {
  const status = filters.status ?? 'open';
  const visible = visibleCasesCondition(actor);
  if (visible === 'none') return 'none';
  const conditions: SQL[] = [];
  if (visible) conditions.push(visible);
  if (status === 'open') conditions.push(ne(feedbackCases.status, 'closed'));
  if (status === 'closed') conditions.push(eq(feedbackCases.status, 'closed'));
  conditions.push(sql`${feedbackCases.mergedIntoId} is null`);
  if (filters.procedure) conditions.push(eq(feedbackCases.procedure, filters.procedure));
  if (filters.teamId) conditions.push(eq(feedbackCases.teamId, filters.teamId));
  if (filters.receivedFrom && isIsoDate(filters.receivedFrom))
    conditions.push(sql`${feedbackCases.receivedOn} >= ${filters.receivedFrom}`);
  if (filters.receivedTo && isIsoDate(filters.receivedTo))
    conditions.push(sql`${feedbackCases.receivedOn} <= ${filters.receivedTo}`);
  if (filters.themeId)
    conditions.push(
      sql`exists (select 1 from case_themes t where t.case_id = feedback_cases.id and t.theme_id = ${filters.themeId})`,
    );
  if (filters.stage === 'none')
    conditions.push(sql`not exists (select 1 from stages s where s.case_id = feedback_cases.id)`);
  else if (filters.stage)
    conditions.push(sql`(select max(s.kind) from stages s where s.case_id = feedback_cases.id) = ${filters.stage}`);
  if (filters.allocatedTo) conditions.push(eq(feedbackCases.investigatingManagerId, filters.allocatedTo));
  const q = filters.q?.trim();
  if (q) {
    // Words, each found somewhere in the reference, subject, description or the names or email of someone on the
    // case: all in one text with one trigram index (ADR 0022), which finds the cases holding every word at once.
    for (const word of q.split(/\s+/).slice(0, 5)) conditions.push(wordFound(word));
  }
  return and(...conditions)!;
}

/** `%word%` for ILIKE, its own wildcards taken literally. */
function containing(word: string): string {
  return `%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/**
 * A case holding the word. The index is asked for the word's last run of letters or digits, and the whole
 * word is then checked on those cases alone: the index splits "CS-2025-17583" at its punctuation, and "cs"
 * and "2025" are in nearly every case, so asking it for the whole word reads a million entries (150 ms at
 * 1,000,000 cases) to find the few that "17583" finds alone (2 ms). `|| ''` keeps the second test off
 * the index.
 */
function wordFound(word: string): SQL {
  const text = caseSearchText(feedbackCases);
  const runs = word.match(/[\p{L}\p{N}]{3,}/gu) ?? [];
  const key = runs[runs.length - 1];
  if (!key || key === word) return sql`${text} ilike ${containing(word)}`;
  return sql`(${text} ilike ${containing(key)} and (${text} || '') ilike ${containing(word)})`;
}

/** The words searched for, in lower case, when a search is in its own order (no column chosen); else null. */
function searchOrderFor(filters: CaseListFilters): string | null {
  const q = filters.q?.trim().toLowerCase();
  const sort = filters.sort && (CASE_LIST_SORTS as readonly string[]).includes(filters.sort);
  return q && !sort ? q : null;
}

/**
 * One page of a search in orderOf's order, in two parts that each have an
 * index: the cases whose reference starts with the words (the one that is
 * them first), by the reference's own index; then the rest newest first,
 * which PostgreSQL can read from the newest case back and stop at a page. A
 * single query ordered by "is it the reference" would sort every match first.
 */
async function searchPage(
  db: DbOrTx,
  where: SQL,
  q: string,
  offset: number,
  pageSize: number,
  nextStatement: () => Promise<void> = async () => {},
): Promise<CaseListRow[]> {
  const startsWithQ = sql`lower(${feedbackCases.reference}) like ${containing(q).slice(1)}`; // 'q%'
  const references = await db
    .select(LIST_COLUMNS)
    .from(feedbackCases)
    .leftJoin(manager, withManager)
    .where(and(where, startsWithQ))
    .orderBy(
      sql`lower(${feedbackCases.reference}) = ${q} desc`,
      desc(feedbackCases.receivedOn),
      asc(feedbackCases.reference),
      asc(feedbackCases.id),
    )
    .limit(offset + pageSize);
  const page = references.slice(offset);
  if (page.length === pageSize) return page;
  await nextStatement();
  const rest = await db
    .select(LIST_COLUMNS)
    .from(feedbackCases)
    .leftJoin(manager, withManager)
    .where(and(where, sql`not (${startsWithQ})`))
    .orderBy(desc(feedbackCases.receivedOn), asc(feedbackCases.reference), asc(feedbackCases.id))
    .limit(pageSize - page.length)
    .offset(Math.max(0, offset - references.length));
  return [...page, ...rest];
}

/** A case as a bulk allocation sees it: what the list shows, and who has it now. */
export interface CaseAllocation extends CaseListRow {
  teamId: string | null;
  investigatingManagerId: string | null;
  /** The case's version now: a bulk allocation confirmed on it refuses the case if it has changed since. */
  version: number;
}

export function caseListing(db: Database, timeLimits: SearchTimeLimits = CASE_SEARCH_TIME_LIMITS) {
  const pageTurns = pLimit(SEARCHES_AT_ONCE.pages);
  const downloadTurns = pLimit(SEARCHES_AT_ONCE.downloads);
  return {
    /**
     * Open cases (or closed, or all) that the actor may see, oldest first: the oldest are the most urgent.
     * `total` is exact up to CASE_LIST_COUNT_LIMIT (a search: CASE_SEARCH_COUNT_LIMIT); `moreThanTotal` says
     * there are more than that.
     */
    async list(
      actor: Actor,
      filters: CaseListFilters = {},
    ): Promise<{ rows: CaseListRow[]; total: number; moreThanTotal: boolean; page: number; pageSize: number }> {
      const pageSize = Math.min(Math.max(filters.pageSize ?? 50, 1), 200);
      const page = Math.max(filters.page ?? 1, 1);
      const where = listConditions(actor, filters);
      if (where === 'none') return { rows: [], total: 0, moreThanTotal: false, page, pageSize };
      const limit = filters.q?.trim() ? CASE_SEARCH_COUNT_LIMIT : CASE_LIST_COUNT_LIMIT;
      const counted = db
        .select({ one: sql`1`.as('one') })
        .from(feedbackCases)
        .where(where)
        .limit(limit + 1)
        .as('counted');
      const countOn = (conn: DbOrTx) => conn.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(counted);
      const offset = (page - 1) * pageSize;
      const q = searchOrderFor(filters);
      const pageOn = (conn: DbOrTx, nextStatement?: () => Promise<void>) =>
        q
          ? searchPage(conn, where, q, offset, pageSize, nextStatement)
          : conn
              .select(LIST_COLUMNS)
              .from(feedbackCases)
              .leftJoin(manager, withManager)
              .where(where)
              .orderBy(...orderOf(filters))
              .limit(pageSize)
              .offset(offset);
      // A search is counted from the trigram index unless its words are in many cases (ADR 0022). PostgreSQL
      // takes matching a case's text to be cheap, so it would rather read every case in turn until 1,001
      // match: for a surname on 1 case in 40 at 1,000,000 cases that reads 40,000 cases (130 ms) where the
      // index takes 30 ms; for a word in 1 case in 10 it reads 10,000 (about 45 ms) where the index, whose
      // lists for common trigrams are long, takes 100–130 ms.
      const [[count], rows] = filters.q?.trim()
        ? await withSearchTimeLimit(db, pageTurns, timeLimits.pageMs, async (tx, nextStatement) => {
            const forceIndex = (await estimatedShare(tx, where)) < READ_IN_TURN_FROM_SHARE;
            if (forceIndex) await tx.execute(sql`set local enable_seqscan = off`);
            await nextStatement();
            const counts = await countOn(tx);
            if (forceIndex) await tx.execute(sql`set local enable_seqscan to default`);
            await nextStatement();
            return [counts, await pageOn(tx, nextStatement)] as const;
          })
        : [await countOn(db), await pageOn(db)];
      const n = count?.n ?? 0;
      return {
        rows,
        total: Math.min(n, limit),
        moreThanTotal: n > limit,
        page,
        pageSize,
      };
    },

    /**
     * Every case the list shows with these filters, in its order, not one page
     * of them: what a download holds. Only cases the actor may see, as on the
     * page; at most CASE_EXPORT_LIMIT (`truncated` says when there were more).
     */
    async listAll(
      actor: Actor,
      filters: CaseListFilters = {},
      limit = CASE_EXPORT_LIMIT,
    ): Promise<{ rows: CaseListRow[]; truncated: boolean }> {
      const where = listConditions(actor, filters);
      if (where === 'none') return { rows: [], truncated: false };
      const read = (conn: DbOrTx) =>
        conn
          .select(LIST_COLUMNS)
          .from(feedbackCases)
          .leftJoin(manager, withManager)
          .where(where)
          .orderBy(...orderOf(filters))
          .limit(limit + 1);
      const rows = filters.q?.trim()
        ? await withSearchTimeLimit(db, downloadTurns, timeLimits.exportMs, read)
        : await read(db);
      return { rows: rows.slice(0, limit), truncated: rows.length > limit };
    },

    /**
     * The cases with these references that the actor may see, with their
     * allocation now (for choosing and confirming a bulk allocation). A
     * reference the actor may not see is left out, as if it did not exist.
     */
    async allocationsOf(actor: Actor, references: readonly string[]): Promise<CaseAllocation[]> {
      const visible = visibleCasesCondition(actor);
      if (visible === 'none' || references.length === 0) return [];
      const rows = await db
        .select({
          ...LIST_COLUMNS,
          teamId: feedbackCases.teamId,
          investigatingManagerId: feedbackCases.investigatingManagerId,
          version: feedbackCases.version,
        })
        .from(feedbackCases)
        .leftJoin(manager, withManager)
        .where(
          and(
            inArray(feedbackCases.reference, [...references]),
            sql`${feedbackCases.mergedIntoId} is null`,
            ...(visible ? [visible] : []),
          ),
        )
        .orderBy(asc(feedbackCases.reference));
      return rows;
    },

    async idForReference(reference: string): Promise<string | null> {
      // Without regard to case (an imported legacy reference may be in lower case, and people type either);
      // should two differ only in case, the exact one wins.
      const rows = await db
        .select({ id: feedbackCases.id, reference: feedbackCases.reference })
        .from(feedbackCases)
        .where(sql`lower(${feedbackCases.reference}) = lower(${reference})`)
        .limit(5);
      return (rows.find((r) => r.reference === reference) ?? rows[0])?.id ?? null;
    },

    /** Whether the actor may change the case (pages show forms only to those who may use them). */
    async canWrite(actor: Actor, caseId: string): Promise<boolean> {
      if (!actor.role || !actor.userId) return false;
      const facts = await caseAccessFacts(db, caseId);
      return facts.exists && canWriteCase(actor.role, actor.userId, facts);
    },

    async record(actor: Actor, caseId: string) {
      await assertCaseAccess(db, actor, caseId, 'read');
      return caseRecord(db, caseId);
    },

    /** Headline counts by corrected type for a period: what a report viewer sees first. */
    async countsByType(actor: Actor, from: string, to: string): Promise<Record<FeedbackType, number>> {
      const out = Object.fromEntries(FEEDBACK_TYPES.map((t) => [t, 0])) as Record<FeedbackType, number>;
      if (!actor.role) return out;
      const rows = await db
        .select({ type: feedbackCases.type, n: sql<number>`count(*)`.mapWith(Number) })
        .from(feedbackCases)
        .where(
          and(sql`${feedbackCases.receivedOn} between ${from} and ${to}`, sql`${feedbackCases.mergedIntoId} is null`),
        )
        .groupBy(feedbackCases.type);
      for (const r of rows) out[r.type] = r.n;
      return out;
    },

    async themeLabels(caseIds: string[]): Promise<Map<string, string[]>> {
      if (caseIds.length === 0) return new Map();
      const rows = await db
        .select({ caseId: caseThemes.caseId, label: referenceItems.label })
        .from(caseThemes)
        .innerJoin(referenceItems, eq(referenceItems.id, caseThemes.themeId))
        .where(inArray(caseThemes.caseId, caseIds));
      const out = new Map<string, string[]>();
      for (const r of rows) out.set(r.caseId, [...(out.get(r.caseId) ?? []), r.label]);
      return out;
    },
  };
}
