import { eq, lt } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import type { Database } from '../db/database.ts';
import { sessions } from '../db/schema/index.ts';

const DEFAULT_TTL_MS = 8 * 60 * 60 * 1000; // a working day

type Callback<T = void> = (err?: unknown, result?: T) => void;

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
interface StoredSession {
  cookie?: { expires?: string | Date | null };
}

/**
 * Sessions live in the database (a @fastify/session store), so a restart or a
 * second server does not sign anyone out, and signing out really ends them.
 */
export function sessionStore(db: Database, clock: Clock) {
  const expiry = (session: StoredSession) => {
    const e = session.cookie?.expires;
    return e ? new Date(e) : new Date(clock.now().getTime() + DEFAULT_TTL_MS);
  };
  return {
    set(sid: string, session: object, cb: Callback) {
      const expiresAt = expiry(session as StoredSession);
      const data = JSON.parse(JSON.stringify(session)) as object;
      settle(db.insert(sessions).values({ sid, data, expiresAt }).onConflictDoUpdate({ target: sessions.sid, set: { data, expiresAt } }), (err) => cb(err));
    },
    get(sid: string, cb: (err: unknown, result?: never | null) => void) {
      settle(db.select().from(sessions).where(eq(sessions.sid, sid)), (err, rows) => {
        if (err) return cb(err);
        const row = rows?.[0];
        cb(undefined, !row || row.expiresAt <= clock.now() ? null : (row.data as never));
      });
    },
    destroy(sid: string, cb: Callback) {
      settle(db.delete(sessions).where(eq(sessions.sid, sid)), (err) => cb(err));
    },
    async purgeExpired(): Promise<number> {
      const gone = await db.delete(sessions).where(lt(sessions.expiresAt, clock.now())).returning({ sid: sessions.sid });
      return gone.length;
    },
  };
}
