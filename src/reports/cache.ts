import type { Clock } from '../domain/clock.ts';

/** A cached result and when it was built; `current` is false when it was served while a newer one is built. */
export interface Cached<V> {
  value: V;
  builtAt: Date;
  current: boolean;
}

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
  private readonly building = new Map<string, { version: string; startedAt: number; promise: Promise<V> }>();

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

  /** Waits for every build in progress (for tests, and for a clean shutdown). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.building.values()].map((b) => b.promise));
  }

  private async read(key: string, version: string, build: () => Promise<V>, staleForMs: number): Promise<Cached<V>> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.version === version && now - hit.at < this.ttlMs)
      return { value: hit.value, builtAt: new Date(hit.at), current: true };
    const running = this.building.get(key);
    if (staleForMs > 0 && running && running.version !== version) {
      // A build from slightly older data is under way: while the data keeps changing, one build at a time.
      if (hit && now - hit.at < staleForMs) return { value: hit.value, builtAt: new Date(hit.at), current: false };
      return { value: await running.promise, builtAt: new Date(running.startedAt), current: false };
    }
    const fresh = this.start(key, version, build, now);
    const startedAt = this.building.get(key)!.startedAt;
    if (hit && now - hit.at < staleForMs) {
      // Nobody waits for this build: its failure must not be an unhandled rejection (which ends the process).
      fresh.catch((err: unknown) =>
        process.emitWarning(
          `A result kept for the dashboard could not be brought up to date: ${err instanceof Error ? err.message : String(err)}`,
          'HeardCacheWarning',
        ),
      );
      return { value: hit.value, builtAt: new Date(hit.at), current: false };
    }
    const value = await fresh;
    return { value, builtAt: new Date(startedAt), current: true };
  }

  /** The build of `key` at `version`: the one already running for it, or a new one. */
  private start(key: string, version: string, build: () => Promise<V>, now: number): Promise<V> {
    const running = this.building.get(key);
    if (running && running.version === version) return running.promise;
    const promise = build().then((value) => {
      // A build started earlier that ends later must not replace a newer result.
      if ((this.entries.get(key)?.at ?? -Infinity) > now) return value;
      this.entries.delete(key);
      this.entries.set(key, { version, at: now, value });
      // Oldest first in a Map's order: drop from the front.
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      return value;
    });
    const entry = { version, startedAt: now, promise };
    this.building.set(key, entry);
    const done = () => {
      if (this.building.get(key) === entry) this.building.delete(key);
    };
    promise.then(done, done);
    return promise;
  }
}
