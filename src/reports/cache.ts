import type { Clock } from '../domain/clock.ts';

/** A cached result and when it was built; `current` is false when it was served while a newer one is built. */
export interface Cached<V> {
  value: V;
  builtAt: Date;
  current: boolean;
}

/** A build under way, and how many requests wait for it now (its failure is then theirs to report). */
interface Build<V> {
  version: string;
  startedAt: number;
  promise: Promise<V>;
  waiters: number;
  /** Started by a page that does not wait for it to end (getOrPending): what `maxBuilding` bounds. */
  background: boolean;
}

/**
 * Why getOrPending has no result to give: `pending`, its build goes on and the next request may find it;
 * `busy`, no build was started because as many as may be are already under way.
 */
export type NotReady = 'pending' | 'busy';

/** A kept result as answered: current when built from the data as it is now (`version`). */
function kept<V>(entry: { version: string; at: number; value: V }, version: string): Cached<V> {
  return { value: entry.value, builtAt: new Date(entry.at), current: entry.version === version };
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * A few recent results, each kept while the data it was built from has not
 * changed (its version still matches) and for at most `ttlMs`. The version is
 * the newest audit event's id: every change Heard makes to cases, reference
 * data, teams, rules or context figures writes one. The time limit covers
 * the one gap on a busy PostgreSQL server: a transaction that took a lower
 * id but committed after a higher one leaves the newest id unchanged.
 *
 * Requests for the same key while it is being built wait for that one build
 * (at a million cases a report model takes tens of seconds: two at once would
 * take twice the time each).
 */
export class VersionedCache<V> {
  private readonly entries = new Map<string, { version: string; at: number; value: V }>();
  private readonly building = new Map<string, Build<V>>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  async get(key: string, version: string, build: () => Promise<V>): Promise<V> {
    return (await this.read(key, version, build, 0)).value;
  }

  /**
   * As `get`, but a result built from older data, at most `staleForMs` ago, is
   * answered at once while the current one is built in the background (for a
   * page that says how old its figures are: the dashboard). A failed
   * background build is reported as a warning and tried again at the next
   * request; the older result stays until then.
   */
  async getOrStale(key: string, version: string, build: () => Promise<V>, staleForMs: number): Promise<Cached<V>> {
    return this.read(key, version, build, staleForMs);
  }

  /**
   * As `getOrStale`, but when there is nothing older to answer with, waits at most `waitMs` for the build
   * and then answers `pending` while the build goes on: a page can say its figures are being worked out
   * instead of holding its reader for the tens of seconds a large council's model takes after a start.
   * Nobody waits for such a build to end, so nothing else bounds how many a reader can start (one per
   * period asked for): with `maxBuilding` builds under way already (started within `staleForMs`), a new one
   * is not started: any result kept for the key is answered, however old, or else `busy`.
   */
  async getOrPending(
    key: string,
    version: string,
    build: () => Promise<V>,
    staleForMs: number,
    waitMs: number,
    maxBuilding: number,
  ): Promise<Cached<V> | NotReady> {
    return (await this.read(key, version, build, staleForMs, waitMs, maxBuilding)) ?? 'pending';
  }

  /** Waits for every build in progress (for tests, and for a clean shutdown). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.building.values()].map((b) => b.promise));
  }

  private async read(key: string, version: string, build: () => Promise<V>, staleForMs: number): Promise<Cached<V>>;
  private async read(
    key: string,
    version: string,
    build: () => Promise<V>,
    staleForMs: number,
    waitMs: number,
    maxBuilding: number,
  ): Promise<Cached<V> | 'busy' | null>;
  private async read(
    key: string,
    version: string,
    build: () => Promise<V>,
    staleForMs: number,
    waitMs?: number,
    maxBuilding = Infinity,
  ): Promise<Cached<V> | 'busy' | null> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.version === version && now - hit.at < this.ttlMs) {
      // Used last, dropped last: figures asked for often (the dashboard's own year) outlive periods asked once.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return kept(hit, version);
    }
    // Older figures may be answered: within staleForMs, and "current" when built from this very version (kept
    // past the time limit only).
    const usable = hit && now - hit.at < staleForMs ? hit : null;
    const running = this.building.get(key);
    // A build from slightly older data is under way: while the data keeps changing, one build at a time. One
    // that has run longer than older figures may be kept is taken to be stuck (a connection lost without a
    // word), and no longer waited on.
    if (staleForMs > 0 && running && running.version !== version && now - running.startedAt < staleForMs) {
      if (usable) return kept(usable, version);
      return this.waitFor(running, false, waitMs);
    }
    if (!running && this.buildingSince(now - staleForMs) >= maxBuilding) return hit ? kept(hit, version) : 'busy';
    const fresh = this.start(key, version, build, now, waitMs !== undefined);
    if (usable) return kept(usable, version);
    return this.waitFor(fresh, true, waitMs);
  }

  /** The build's result when it ends, or null if `waitMs` passes first (the build goes on, its failure a warning). */
  private async waitFor(b: Build<V>, current: boolean, waitMs: number | undefined): Promise<Cached<V> | null> {
    const answer = (value: V) => ({ value, builtAt: new Date(b.startedAt), current });
    b.waiters++;
    if (waitMs === undefined) return answer(await b.promise); // waits to the end: a failure is its to report
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<null>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, waitMs), null);
    });
    // Waited on only until the time is up: a failure after that is nobody's to report but the cache's warning.
    const ended = b.promise.then(answer, (err: unknown) => {
      if (timer === undefined) return null; // not ours any more (see below)
      throw err;
    });
    try {
      const first = await Promise.race([ended, gaveUp]);
      if (first === null) b.waiters--;
      return first;
    } finally {
      clearTimeout(timer);
      timer = undefined;
    }
  }

  /** The build of `key` at `version`: the one already running for it, or a new one. */
  private start(key: string, version: string, build: () => Promise<V>, now: number, background: boolean): Build<V> {
    const running = this.building.get(key);
    if (running && running.version === version) return running;
    const promise = build().then((value) => {
      // A build started earlier that ends later must not replace a newer result.
      if ((this.entries.get(key)?.at ?? -Infinity) > now) return value;
      this.entries.delete(key);
      this.entries.set(key, { version, at: now, value });
      // Oldest first in a Map's order: drop from the front.
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      return value;
    });
    const entry: Build<V> = { version, startedAt: now, promise, waiters: 0, background };
    this.building.set(key, entry);
    // A failure nobody waited for (older figures were answered meanwhile) is said once, not lost; one that
    // somebody waited for is theirs to report.
    promise.then(
      () => this.forget(key, entry),
      (err: unknown) => {
        this.forget(key, entry);
        // A refusal (a reader with as much under way as they may have) is expected, not a failure to report.
        if (entry.waiters === 0 && !(err as { expected?: boolean }).expected)
          process.emitWarning(
            `A result kept for the dashboard could not be brought up to date: ${errorMessage(err)}`,
            'HeardCacheWarning',
          );
      },
    );
    return entry;
  }

  /**
   * Builds nobody need wait for (started by getOrPending) under way that started after `since`: one running
   * longer than older figures may be kept is taken to be stuck (as above), and must not keep the page busy
   * until the server restarts. Builds that pages wait for are bounded per reader by whoever waits.
   */
  private buildingSince(since: number): number {
    let n = 0;
    for (const b of this.building.values()) if (b.background && b.startedAt > since) n++;
    return n;
  }

  private forget(key: string, entry: Build<V>): void {
    if (this.building.get(key) === entry) this.building.delete(key);
  }
}
