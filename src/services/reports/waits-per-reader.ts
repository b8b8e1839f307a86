import { TooManyAtOnceError } from '../errors.ts';
import type { Actor } from '../actor.ts';

/**
 * How many report requests (the report page, its downloads, the Code report) one reader may have under way
 * at once. Each waits for its model, which a period or filter not asked for before must build (at a million
 * cases tens of seconds, two at a time per server), and then renders in the server's thread (a Word document
 * or workbook holds every other request while it is made): without a limit one reader could queue builds
 * without end, or send sixty downloads at once and hold the server for seconds (a review did: 5.3 s).
 */
export const REPORT_REQUESTS_PER_READER = 4;

/**
 * How many dashboard figures one reader may have being worked out at once. The dashboard waits at most 2 s,
 * so its builds go on after it answers; the cache's BUILDS_UNDER_WAY_AT_MOST bounds them for everyone, and
 * this keeps one reader from taking all of them.
 */
export const DASHBOARD_BUILDS_PER_READER = 2;

/** Counts, per reader, what they have under way, and refuses more than `most` at once. */
export class WaitsPerReader {
  private readonly waiting = new Map<string, number>();

  constructor(
    private readonly most: number,
    private readonly refusal: (most: number) => string,
  ) {}

  /** Runs `work` counted against `actor` until it ends (whether it succeeds or fails). */
  async run<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
    // Heard itself (the command line, a server preparing its dashboard) is not a reader with a limit.
    if (actor.system || actor.userId === null) return work();
    const who = actor.userId;
    const now = this.waiting.get(who) ?? 0;
    if (now >= this.most) throw new TooManyAtOnceError('REPORT.TOO_MANY_AT_ONCE', this.refusal(this.most));
    this.waiting.set(who, now + 1);
    try {
      return await work();
    } finally {
      const left = (this.waiting.get(who) ?? 1) - 1;
      if (left > 0) this.waiting.set(who, left);
      else this.waiting.delete(who);
    }
  }

  /** How much `actor` has under way now (tests). */
  waitingFor(actor: Actor): number {
    return actor.userId === null ? 0 : (this.waiting.get(actor.userId) ?? 0);
  }
}

export const reportRequestsPerReader = () =>
  new WaitsPerReader(
    REPORT_REQUESTS_PER_READER,
    (most) =>
      `You already have ${most} reports or downloads being prepared. Wait for them to finish, then ask for this one again.`,
  );

export const dashboardBuildsPerReader = () =>
  new WaitsPerReader(
    DASHBOARD_BUILDS_PER_READER,
    (most) =>
      `The figures for ${most} other periods or filters you asked for are still being worked out. ` +
      'Wait a few minutes for them, then ask for this one again.',
  );
