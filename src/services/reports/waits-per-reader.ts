import { TooManyAtOnceError } from '../errors.ts';
import type { Actor } from '../actor.ts';

/**
 * How many reports one reader may be waiting for at once. The report page, its downloads and the Code report
 * each wait for their model, and each period or filter not asked for before starts a build: at a million
 * cases tens of seconds each, two at a time per server. Without a limit one reader asking for period after
 * period could queue builds without end and hold back everyone else's reports (the dashboard, which does
 * not wait, has its own limit: BUILDS_UNDER_WAY_AT_MOST).
 */
export const REPORTS_WAITED_FOR_PER_READER = 3;

/** Counts, per reader, the requests waiting for a model, and refuses one that would start another build past the limit. */
export class WaitsPerReader {
  private readonly waiting = new Map<string, number>();

  constructor(private readonly most = REPORTS_WAITED_FOR_PER_READER) {}

  /**
   * Runs `wait` counted against `actor`. `startsBuild` is whether it needs a build not kept or under way
   * already: joining one, or reading one kept, is never refused (three downloads of the report just worked
   * out are one build).
   */
  async run<T>(actor: Actor, startsBuild: boolean, wait: () => Promise<T>): Promise<T> {
    // Heard itself (the command line, a server preparing its dashboard) is not a reader with a limit.
    if (actor.system || actor.userId === null) return wait();
    const who = actor.userId;
    const now = this.waiting.get(who) ?? 0;
    if (startsBuild && now >= this.most)
      throw new TooManyAtOnceError(
        'REPORT.TOO_MANY_AT_ONCE',
        `You are already waiting for ${this.most} reports to be worked out. ` +
          'Wait for them to finish, then ask for this one again.',
      );
    this.waiting.set(who, now + 1);
    try {
      return await wait();
    } finally {
      const left = (this.waiting.get(who) ?? 1) - 1;
      if (left > 0) this.waiting.set(who, left);
      else this.waiting.delete(who);
    }
  }

  /** How many requests `actor` is waiting on now (tests). */
  waitingFor(actor: Actor): number {
    return actor.userId === null ? 0 : (this.waiting.get(actor.userId) ?? 0);
  }
}
