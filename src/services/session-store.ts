import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import type { Database } from '../db/database.ts';
import { sessions } from '../db/schema/index.ts';

/** How long a session lasts: since its last request (idle), and since it began (absolute), however active. */
export interface SessionLifetime {
  idleMinutes: number;
  absoluteHours: number;
}

/** How long the public form keeps a person's answers since their last step (the staff idle limit is shorter). */
export const PUBLIC_FORM_IDLE_HOURS = 8;

/**
 * What the public form keeps in a session (src/web/routes/feedback/): a session holding these and nothing
 * else lasts PUBLIC_FORM_IDLE_HOURS since its last step. Anything else (a sign-in half done, waiting for a
 * code or for single sign-on to answer; the tracking page's access to a case) has the staff idle limit.
 */
export const PUBLIC_FORM_SESSION_KEYS: readonly string[] = ['feedback', 'feedbackDone'];

/** The defaults of SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS (src/config.ts). */
export const DEFAULT_SESSION_LIFETIME: SessionLifetime = { idleMinutes: 30, absoluteHours: 12 };

/**
 * Put on a session read from the store, so that saving it again only updates
 * its row: a session ended meanwhile (password changed, account deactivated)
 * stays ended, instead of being written back by a request that began before.
 */
const STARTED = 'startedAt';

/** On a session that has just run out: 'idle' or 'absolute' (see registerAuth). */
export const ENDED = 'endedBecause';

/** Put on a session read from the store: when its idle limit stood then (ms), so that saving it can tell how far it moves. */
const IDLE_LIMIT_WAS = 'idleLimitWas';

/**
 * A request that changes nothing in a session moves its idle limit on only when that moves it by at least
 * this much: otherwise every page view would write the session's row. The idle limit is therefore counted
 * from the last request to within this much (a session may end up to a minute early, never late).
 */
export const IDLE_REFRESH_MS = 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Callback<T = void> = (err?: unknown, result?: T) => void;

/** Whether a session was changed since it was read; anything that cannot say counts as changed. */
function isModified(session: Record<string, unknown>): boolean {
  const ask = (session as { isModified?: unknown }).isModified;
  return typeof ask === 'function' ? (ask as () => unknown).call(session) !== false : true;
}

/**
 * Hands a database result to @fastify/session's callback outside the promise
 * chain. Called inside `.then`, anything the callback throws (it goes on to
 * send the response) would become an unhandled rejection instead of reaching
 * fastify's error handling.
 */
function settle<T>(work: Promise<T>, done: (err: unknown, value?: T) => void): void {
  work.then(
    (value) => setImmediate(done, undefined, value),
    (err: unknown) => setImmediate(done, err),
  );
}

/**
 * Sessions live in the database (a @fastify/session store), so a restart or a
 * second server does not sign anyone out, and signing out really ends them.
 * A row exists only once something is put in a session (sign-in, the public
 * form's answers). Each row knows its user, so all of a user's sessions can
 * be ended at once, and when it began: past the absolute lifetime it is
 * refused, however recently it was used.
 */
export function sessionStore(db: Database, clock: Clock, lifetime: SessionLifetime = DEFAULT_SESSION_LIFETIME) {
  const idleMs = lifetime.idleMinutes * 60_000;
  const absoluteMs = lifetime.absoluteHours * 3600_000;
  const isLive = (row: { createdAt: Date; expiresAt: Date }, now: Date) =>
    row.expiresAt > now && row.createdAt.getTime() + absoluteMs > now.getTime();

  async function save(sid: string, session: Record<string, unknown>): Promise<void> {
    const now = clock.now();
    const { [STARTED]: started, [IDLE_LIMIT_WAS]: idleLimitWas, [ENDED]: ended, ...rest } = session;
    const keys = Object.keys(rest).filter((key) => key !== 'cookie');
    // The first request after a session ran out (its row is gone, see load): what it puts in the session (the
    // public form's first answer, a sign-in under way) begins a new row; if it put nothing, nothing is written.
    if (ended !== undefined && keys.length === 0) return;
    const staff = typeof rest.userId === 'string' && UUID.test(rest.userId);
    // A member of the public filling in the form may step away for longer than a member of staff signed in to
    // children's records: their answers are kept for PUBLIC_FORM_IDLE_HOURS since their last step.
    const formOnly = !staff && keys.length > 0 && keys.every((key) => PUBLIC_FORM_SESSION_KEYS.includes(key));
    const expiresAt = new Date(now.getTime() + (formOnly ? PUBLIC_FORM_IDLE_HOURS * 3600_000 : idleMs));
    // Unchanged since it was read (@fastify/session's own test, which leaves its cookie out), and its idle
    // limit would move on by less than a minute: nothing to write. Only on: a limit that would come earlier
    // (a shorter SESSION_IDLE_MINUTES since, or a clock set back) is always written, or the longer one would stand.
    const moves = typeof idleLimitWas === 'number' ? expiresAt.getTime() - idleLimitWas : Number.NaN;
    if (started !== undefined && moves >= 0 && moves < IDLE_REFRESH_MS && !isModified(session)) return;
    const data = JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
    const userId = staff ? (data.userId as string) : null;
    if (started !== undefined) {
      // Read from the store earlier in this request: update it if it still exists, never bring it back.
      await db.update(sessions).set({ data, userId, expiresAt }).where(eq(sessions.sid, sid));
      return;
    }
    await db
      .insert(sessions)
      .values({ sid, data, userId, createdAt: now, expiresAt })
      .onConflictDoUpdate({ target: sessions.sid, set: { data, userId, expiresAt } });
  }

  async function load(sid: string): Promise<Record<string, unknown> | null> {
    const [row] = await db.select().from(sessions).where(eq(sessions.sid, sid));
    if (!row) return null;
    const now = clock.now();
    if (!isLive(row, now)) {
      await db.delete(sessions).where(eq(sessions.sid, sid));
      // A signed-in session that ran out says why, for the sign-in page. It is not one read from a row (no
      // STARTED): saving it writes only what the request put in it, as a new session (see save).
      if (!row.userId) return null;
      const absolute = row.createdAt.getTime() + absoluteMs <= now.getTime();
      return { [ENDED]: absolute ? 'absolute' : 'idle' };
    }
    return {
      ...(row.data as Record<string, unknown>),
      [STARTED]: row.createdAt.toISOString(),
      [IDLE_LIMIT_WAS]: row.expiresAt.getTime(),
    };
  }

  return {
    lifetime,
    set(sid: string, session: object, cb: Callback) {
      settle(save(sid, session as Record<string, unknown>), (err) => cb(err));
    },
    get(sid: string, cb: (err: unknown, result?: never | null) => void) {
      settle(load(sid), (err, data) => (err ? cb(err) : cb(undefined, (data ?? null) as never)));
    },
    destroy(sid: string, cb: Callback) {
      settle(db.delete(sessions).where(eq(sessions.sid, sid)), (err) => cb(err));
    },
    async purgeExpired(): Promise<number> {
      const now = clock.now();
      const gone = await db
        .delete(sessions)
        .where(or(lt(sessions.expiresAt, now), lt(sessions.createdAt, new Date(now.getTime() - absoluteMs))))
        .returning({ sid: sessions.sid });
      return gone.length;
    },
    /** How many sessions a user has now (for tests and the audit trail). */
    async countFor(userId: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(sessions)
        .where(and(eq(sessions.userId, userId)));
      return row?.n ?? 0;
    },
  };
}
export type SessionStore = ReturnType<typeof sessionStore>;
