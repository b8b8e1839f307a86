import { performance } from 'node:perf_hooks';
import { londonDate, type IsoDate } from '../../domain/calendar/iso-date.ts';
import { and, asc, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Clock } from '../../domain/clock.ts';
import { rowsOf } from '../../db/rows.ts';
import { VersionedCache, type Cached, type NotReady } from '../../reports/cache.ts';
import type { ReportRows } from '../../reports/rows.ts';
import { CLOCK_LABELS } from '../../domain/timescales/clock-names.ts';
import { CLOCK_COLUMNS, type TimescalesService } from '../timescales.ts';
import type { Database } from '../../db/database.ts';
import * as s from '../../db/schema/index.ts';
import type { CaseStatus, FeedbackType, Procedure } from '../../domain/cases/vocabulary.ts';
import type { CalendarService } from '../calendar.ts';
import type { FigureOptions } from '../../reports/figures.ts';
import { refreshReportFactsOneServerAtATime } from '../../reports/facts.ts';
import { loadReportRows } from '../../reports/load.ts';
import type { ReportModel } from '../../reports/model.ts';
import { assertKnownUnit, modelFromRows, modelRowsFrom } from './build-model.ts';
import type { ModelThread } from './model-thread.ts';
import { dashboardBuildsPerReader, reportRequestsPerReader } from './waits-per-reader.ts';
import type { Actor } from '../actor.ts';
import { visibleCasesCondition } from '../case-access.ts';
import { shapeModel, traceability, visibleReferences, type Reader } from '../../reports/traceability.ts';
import { readsPublished } from '../../reports/publication-reader.ts';
import type { PublicationSettingsService } from '../publication-settings.ts';
import type { ReportTextsService } from '../report-texts.ts';
import type { OmbudsmanLettersService } from '../ombudsman-letters.ts';

/** An open case whose next clock is past its due date, for the dashboard. */
export interface OverdueCase {
  reference: string;
  clock: string;
  dueOn: IsoDate;
  daysOverdue: number;
}

/** Open cases now: how many are due soon and overdue, and the overdue ones the reader may trace. */
export interface DueNow {
  open: number;
  dueSoon: number;
  overdue: number;
  listed: OverdueCase[];
  builtAt: Date;
  current: boolean;
}

const DEFAULT_OPTIONS: FigureOptions = { teamNames: 'as_was', excludeMigratedFromTimescales: false };

/**
 * How many models (or due counts) may be under way at once for the pages that do not wait for them (the
 * dashboard): each period or filter asked for starts one that nobody waits for, and at a million cases each
 * takes tens of seconds and two threads build at a time. Beyond it the dashboard says it is busy.
 */
export const BUILDS_UNDER_WAY_AT_MOST = 4;

/** A result asked for without a wait, which is therefore ready. */
function ready<T>(result: T | NotReady): T {
  if (typeof result === 'string') throw new Error(`A result asked for without a wait was ${result}`);
  return result;
}

/** Builds the report model for any period, with the two before it. */
export function reportsService(
  db: Database,
  deps: {
    clock: Clock;
    calendar: CalendarService;
    timescales: Pick<TimescalesService, 'nextClocks' | 'nextClocksOfRows'>;
    publication: Pick<PublicationSettingsService, 'current'>;
    reportTexts: Pick<ReportTextsService, 'forPeriod'>;
    ombudsmanLetters: Pick<OmbudsmanLettersService, 'forPeriod'>;
    /** Builds kept models in a thread of their own (PostgreSQL only: PGlite is one connection, in this thread). */
    modelThread?: ModelThread;
  },
) {
  // The dashboard, the report page and each download ask for the same model in turn: each model is kept until
  // the data changes, and so are the rows of a period (whatever the filters) when models are built in this
  // thread; a model's own thread (PostgreSQL) reads the rows it needs itself.
  const rowsCache = new VersionedCache<ReportRows>(deps.clock, 2, 5 * 60_000);
  const modelCache = new VersionedCache<ReportModel>(deps.clock, 12, 5 * 60_000);
  const dueCache = new VersionedCache<{ open: number; dueSoon: number; overdue: OverdueCase[] }>(
    deps.clock,
    8,
    5 * 60_000,
  );
  // What each reader has under way: report requests (page, downloads) and dashboard figures being worked out.
  const requests = reportRequestsPerReader();
  const dashboardBuilds = dashboardBuildsPerReader();
  const dataVersion = async () =>
    String(
      rowsOf<{ v: string | number | null }>(await db.execute(sql`select max(id) as v from audit_events`))[0]?.v ?? 0,
    );

  /**
   * Every open case's next clock, counted: the dashboard's "due now". Read for
   * every actor alike (what each may trace is filtered after), so it is kept
   * until the data or the day changes.
   */
  async function dueCounts(filter: {
    unitIds: Set<string> | null;
    procedure: Procedure | null;
  }): Promise<{ open: number; dueSoon: number; overdue: OverdueCase[] }> {
    const fc = s.feedbackCases;
    const open = (
      await db
        .select({ ...CLOCK_COLUMNS, reference: fc.reference, teamId: fc.teamId })
        .from(fc)
        .where(and(ne(fc.status, 'closed'), isNull(fc.mergedIntoId)))
    ).filter(
      (c) =>
        (!filter.unitIds || (c.teamId && filter.unitIds.has(c.teamId))) &&
        (!filter.procedure || c.procedure === filter.procedure),
    );
    const next = await deps.timescales.nextClocksOfRows(open);
    const overdue: OverdueCase[] = [];
    let dueSoon = 0;
    for (const c of open) {
      const n = next.get(c.id);
      if (n?.result.status === 'overdue' && n.result.dueOn)
        overdue.push({
          reference: c.reference,
          clock: CLOCK_LABELS[n.clock],
          dueOn: n.result.dueOn,
          daysOverdue: -(n.result.daysRemaining ?? 0),
        });
      else if (n?.result.status === 'due_soon') dueSoon++;
    }
    return { open: open.length, dueSoon, overdue };
  }

  // An investigating manager's own references, kept until the data changes: the dashboard asks twice a view
  // (its figures and its overdue list), and a manager with a long history has a great many (160,000 for one
  // manager in the million-case bench, a second and a half to read).
  const ownCache = new VersionedCache<Set<string>>(deps.clock, 8, 5 * 60_000);

  /** Who is reading, and, for an investigating manager, the references of the cases allocated to them. */
  async function reader(actor: Actor): Promise<Reader>;
  async function reader(actor: Actor, waitMs: number | undefined): Promise<Reader | NotReady>;
  async function reader(actor: Actor, waitMs?: number): Promise<Reader | NotReady> {
    const level = traceability(actor);
    if (level !== 'own cases') return { traceability: level };
    const visible = visibleCasesCondition(actor);
    if (visible === 'none') return { traceability: level, own: new Set() };
    const fc = s.feedbackCases;
    const read = async () =>
      new Set(
        (
          await db
            .select({ reference: fc.reference })
            .from(fc)
            .where(visible ?? undefined)
        ).map((r) => r.reference),
      );
    // Keyed by the person and their role: the same person with another role sees other cases.
    const key = `${actor.userId}/${actor.role}`;
    const version = await dataVersion();
    if (waitMs === undefined) return { traceability: level, own: await ownCache.get(key, version, read) };
    // A page that waits at most `waitMs` (the dashboard) does not wait longer for a manager's own cases.
    const own = await ownCache.getOrPending(key, version, read, 0, waitMs, BUILDS_UNDER_WAY_AT_MOST);
    return typeof own === 'string' ? own : { traceability: level, own: own.value };
  }

  /**
   * The model for a period with the two before it, built from the rows of the three years it covers
   * (kept by `version`, or read afresh when `version` is null).
   */
  async function buildModel(
    from: IsoDate,
    to: IsoDate,
    options: FigureOptions,
    version: string | null,
  ): Promise<ReportModel> {
    const earliest = modelRowsFrom(from, to);
    // On PostgreSQL a model kept for the dashboard is built in a thread of its own (model-thread.ts): at a
    // million cases its figures are seconds of work that would hold up every other request meanwhile.
    if (deps.modelThread && version !== null) {
      await assertKnownUnit(db, options.orgUnitId);
      return deps.modelThread.build({ from, to, options, now: deps.clock.now().toISOString() });
    }
    const read = () => loadReportRows(db, earliest, to);
    const rows = version === null ? await read() : await rowsCache.get(`${earliest}/${to}`, version, read);
    return modelFromRows(db, rows, from, to, options, await deps.calendar.calendar());
  }

  /**
   * The model kept until the data changes; with `staleForMs`, one built from older data at most that
   * long ago is answered while the current one is built (the dashboard says so and when it was built).
   * With `waitMs` (the dashboard), `pending` when it is not ready in that time (the build goes on, counted
   * against `actor`'s dashboard builds until it ends) or `busy` when as many builds as may be are under way.
   */
  async function cachedModel(
    from: IsoDate,
    to: IsoDate,
    options: FigureOptions,
    staleForMs: number,
    { actor, waitMs, firstView = false }: { actor?: Actor; waitMs?: number; firstView?: boolean } = {},
  ): Promise<Cached<ReportModel> | NotReady> {
    const version = await dataVersion();
    const key = JSON.stringify([from, to, options]);
    const build = () => buildModel(from, to, options, version);
    if (waitMs === undefined) return modelCache.getOrStale(key, version, build, staleForMs);
    // The view everyone lands on (this year so far, the whole service) is neither limited nor counted: it is one
    // build, shared by all, and must not be "busy" because of other periods asked for.
    const counted = actor && !firstView ? () => dashboardBuilds.run(actor, build) : build;
    const most = firstView ? Infinity : BUILDS_UNDER_WAY_AT_MOST;
    return modelCache.getOrPending(key, version, counted, staleForMs, waitMs, most);
  }

  /**
   * The open, due and overdue counts kept until the data or the day changes. Every open case's clock: at a
   * million cases (8,460 open) about 0.2 s, so the dashboard may take the counts from before a change while
   * they are counted again, as it does its figures.
   */
  async function cachedDue(
    filter: { unitIds: Set<string> | null; procedure: Procedure | null },
    staleForMs: number,
    waitMs?: number,
    firstView = false,
  ) {
    const today = londonDate(deps.clock.now());
    const key = JSON.stringify([filter.unitIds ? [...filter.unitIds].sort() : null, filter.procedure, today]);
    const build = () => dueCounts(filter);
    const version = await dataVersion();
    return waitMs === undefined
      ? dueCache.getOrStale(key, version, build, staleForMs)
      : dueCache.getOrPending(key, version, build, staleForMs, waitMs, firstView ? Infinity : BUILDS_UNDER_WAY_AT_MOST);
  }

  const service = {
    reader,

    /**
     * Builds what a page will ask for, while nobody waits for it: a server starting on PostgreSQL prepares the
     * dashboard's first view (its model is built in a thread of its own). Kept as the page's own request would
     * keep it; a later change is seen by the page as any change is. It waits for figures of the data as it is
     * now, never answering with older ones kept (that would leave the page the build to wait for).
     */
    async prepare(
      from: IsoDate,
      to: IsoDate,
      options: FigureOptions,
      filter: { unitIds: Set<string> | null; procedure: Procedure | null },
    ): Promise<void> {
      await Promise.all([cachedModel(from, to, options, 0), cachedDue(filter, 0)]);
    },

    /**
     * Runs a report request (the page, a download: reading the model and rendering it) counted against
     * `actor`: at most REPORT_REQUESTS_PER_READER at once, or TooManyAtOnceError (429).
     */
    forReader: <T>(actor: Actor, work: () => Promise<T>): Promise<T> => requests.run(actor, work),

    /** How many report requests, and dashboard builds, `actor` has under way now (tests). */
    underWayFor: (actor: Actor) => ({
      requests: requests.waitingFor(actor),
      dashboardBuilds: dashboardBuilds.waitingFor(actor),
    }),

    /** Waits for the models and counts being built in the background (tests, and a server stopping). */
    settled: () => Promise.all([modelCache.settled(), dueCache.settled()]).then(() => undefined),

    /** Ends the threads still building models (a server stopping, after waiting a while for them). */
    close: async () => {
      await deps.modelThread?.close();
    },

    /**
     * The model as `actor` may see it (traceability.ts), as the published edition (small numbers
     * hidden, publication.ts) when `published` is asked for or the actor may not see exact figures
     * (publication-reader.ts). Shaped after the cache, on a copy: the cache only ever holds the full,
     * exact model, so no reader's shape or edition is handed to another, and a new threshold applies
     * to the next request.
     */
    async modelFor(
      actor: Actor,
      from: IsoDate,
      to: IsoDate,
      options: FigureOptions = DEFAULT_OPTIONS,
      {
        published = false,
        words = true,
        staleForMs = 0,
        figuresTo,
      }: { published?: boolean; words?: boolean; staleForMs?: number; figuresTo?: IsoDate } = {},
    ): Promise<{ model: ReportModel; reader: Reader; builtAt: Date; current: boolean }> {
      return ready(await service.modelIfReady(actor, from, to, options, { published, words, staleForMs, figuresTo }));
    },

    /**
     * As modelFor, but null when the model is not ready within `waitMs` and nothing older may be answered
     * (the dashboard after a server starts or a new period is chosen, at a large council): the build goes on,
     * and the next request finds it. Without `waitMs`, waits for it, as modelFor does.
     */
    async modelIfReady(
      actor: Actor,
      from: IsoDate,
      to: IsoDate,
      options: FigureOptions = DEFAULT_OPTIONS,
      {
        published = false,
        words = true,
        staleForMs = 0,
        waitMs,
        figuresTo = to,
        firstView,
      }: {
        published?: boolean;
        words?: boolean;
        staleForMs?: number;
        waitMs?: number;
        figuresTo?: IsoDate;
        /** The dashboard's first view: never "busy" (cachedModel). */
        firstView?: boolean;
      } = {},
    ): Promise<{ model: ReportModel; reader: Reader; builtAt: Date; current: boolean } | NotReady> {
      // The model first: when it is not ready, nothing else is read (an investigating manager's own cases
      // take a second and a half to read at a million cases, which a page that waits 2 s cannot spare).
      // `figuresTo` ends the figures earlier than the period (this year so far); the council's text and the
      // Ombudsman's letter are the whole period's.
      const cached = await cachedModel(from, figuresTo, options, staleForMs, { actor, waitMs, firstView });
      if (typeof cached === 'string') return cached;
      // `words: false` for a page that shows only figures (the dashboard): the council's text and the
      // Ombudsman's letter are then not read on every request.
      const [who, setting, texts, ombudsmanLetter] = await Promise.all([
        reader(actor),
        deps.publication.current(),
        words ? deps.reportTexts.forPeriod(from, to) : null,
        // The letter is about the whole service: a report narrowed to a team or procedure is not compared with it.
        !words || options?.orgUnitId || options?.procedures?.length ? null : deps.ombudsmanLetters.forPeriod(from, to),
      ]);
      const { value: model, builtAt, current } = cached;
      const publication = readsPublished(actor, published) ? setting : null;
      return {
        model: { ...shapeModel(model, who), publication, texts, ombudsmanLetter },
        reader: who,
        builtAt,
        current,
      };
    },

    /**
     * The model for a period with the two before it, with every case reference: for the operator
     * (the command line, benchmarks). Pages and downloads use modelFor. `cached: false` builds it afresh.
     */
    async model(
      from: IsoDate,
      to: IsoDate,
      options: FigureOptions = DEFAULT_OPTIONS,
      { cached = true }: { cached?: boolean } = {},
    ): Promise<ReportModel> {
      if (!cached) return buildModel(from, to, options, null);
      return ready(await cachedModel(from, to, options, 0)).value;
    },
    /**
     * Stores the report documents of cases changed since theirs were built (background work: at most
     * 20,000 a call); returns how many. Small batches, because PGlite runs one statement at a time:
     * a page asked for meanwhile waits for one batch (~75 ms on the bench data), not for the whole backlog.
     * One server at a time: null when another server was doing it.
     */
    refreshFacts(): Promise<number | null> {
      return refreshReportFactsOneServerAtATime(db, { batch: 500, maxBatches: 40 });
    },

    /**
     * Open cases now and where their next clock stands, for the dashboard:
     * how many are overdue, and those of them the actor may trace listed,
     * most overdue first. Filtered like the report (part of the organisation
     * by lead team, procedure).
     */
    async dueNow(
      actor: Actor,
      filter: { unitIds: Set<string> | null; procedure: Procedure | null },
      { staleForMs = 0 }: { staleForMs?: number } = {},
    ): Promise<DueNow> {
      return ready(await service.dueNowIfReady(actor, filter, { staleForMs }));
    },

    /** As dueNow, but `pending` or `busy` when the counts are not ready within `waitMs` (as modelIfReady). */
    async dueNowIfReady(
      actor: Actor,
      filter: { unitIds: Set<string> | null; procedure: Procedure | null },
      { staleForMs = 0, waitMs, firstView = false }: { staleForMs?: number; waitMs?: number; firstView?: boolean } = {},
    ): Promise<DueNow | NotReady> {
      const started = performance.now();
      const cached = await cachedDue(filter, staleForMs, waitMs, firstView);
      if (typeof cached === 'string') return cached;
      const { value, builtAt, current } = cached;
      const { open, dueSoon, overdue } = value;
      // What is left of the wait, for an investigating manager's own cases (which of the overdue to list).
      const who = await reader(
        actor,
        waitMs === undefined ? undefined : Math.max(0, waitMs - (performance.now() - started)),
      );
      if (typeof who === 'string') return who;
      const listed = new Set(
        visibleReferences(
          who,
          overdue.map((o) => o.reference),
        ),
      );
      return {
        open,
        dueSoon,
        overdue: overdue.length,
        listed: overdue
          .filter((o) => listed.has(o.reference))
          .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.reference.localeCompare(b.reference)),
        builtAt,
        current,
      };
    },

    /**
     * The cases behind a figure, by reference, oldest first: no names or descriptions, only what
     * identifies the case. Only cases the actor may open, whatever references are asked for.
     */
    async casesBehind(
      actor: Actor,
      references: string[],
    ): Promise<
      {
        reference: string;
        type: FeedbackType;
        procedure: Procedure | null;
        receivedOn: IsoDate;
        status: CaseStatus;
        migrated: boolean;
      }[]
    > {
      const visible = visibleCasesCondition(actor);
      if (!references.length || visible === 'none') return [];
      const fc = s.feedbackCases;
      return db
        .select({
          reference: fc.reference,
          type: fc.type,
          procedure: fc.procedure,
          receivedOn: fc.receivedOn,
          status: fc.status,
          migrated: fc.migrated,
        })
        .from(fc)
        .where(and(inArray(fc.reference, references), visible ?? undefined))
        .orderBy(asc(fc.receivedOn), asc(fc.reference));
    },
  };
  return service;
}
export type ReportsService = ReturnType<typeof reportsService>;
