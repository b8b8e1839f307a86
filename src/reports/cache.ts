import type { Clock } from '../domain/clock.ts';

/**
 * A few recent results, each kept while the data it was built from has not
 * changed (its version still matches) and for at most `ttlMs`. The version is
 * the newest audit event's id: every change Heard makes to cases, reference
 * data, teams, rules or context figures writes one. The time limit covers
 * the one gap on a busy PostgreSQL server: a transaction that took a lower
 * id but committed after a higher one leaves the newest id unchanged.
 */
export class VersionedCache<V> {
  private readonly entries = new Map<string, { version: string; at: number; value: V }>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  async get(key: string, version: string, build: () => Promise<V>): Promise<V> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.version === version && now - hit.at < this.ttlMs) return hit.value;
    const value = await build();
    this.entries.delete(key);
    this.entries.set(key, { version, at: now, value });
    // Oldest first in a Map's order: drop from the front.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
