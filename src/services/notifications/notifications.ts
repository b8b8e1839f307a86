import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import type { Clock } from '../../domain/clock.ts';
import type { Database, DbOrTx } from '../../db/database.ts';
import { notifications } from '../../db/schema/index.ts';
import { rowsOf } from '../../db/rows.ts';
import { idArray } from '../../db/id-array.ts';
import type { EmailSender, OutgoingText } from './senders.ts';

export interface NewNotification {
  caseId: string | null;
  /** The same key twice makes one message: "ack:<case id>". */
  dedupeKey: string;
  template: string;
  /** An email unless said: 'sms' only where the sender can send text messages (canText). */
  channel?: 'email' | 'sms';
  to: string;
  subject: string;
  body: string;
}

/** A password reset email: its link lets whoever has it set the password, so staff pages never show its body. */
export const PASSWORD_RESET_TEMPLATE = 'password_reset';

function withoutSecrets<T extends { template: string; body: string }>(row: T): T {
  return row.template === PASSWORD_RESET_TEMPLATE
    ? { ...row, body: 'Not shown: the link in it lets whoever has it set a new password for the account.' }
    : row;
}

/** The acknowledgement email: once sent, the case is acknowledged that day. */
export const ACKNOWLEDGEMENT_TEMPLATE = 'acknowledgement';

/** Minutes to wait before each retry; after the last, the message is marked failed for staff to see. */
const RETRY_MINUTES = [1, 5, 15, 60, 240, 720];
/** How long a claimed message is held before another sender may try it. */
export const LEASE_MINUTES = 5;
/**
 * A send still going is renewed its lease every minute (so a slow mail server never has its message taken
 * over and sent twice by another server), for at most this long: a send that never ends (a server that
 * trickles its answer) then lets the message go to another try rather than hold it for ever.
 */
const RENEW_LEASE_MS = 60_000;
const RENEW_LEASE_FOR_MINUTES = 30;

export interface SentNotification {
  id: string;
  caseId: string | null;
  template: string;
}

/** onSent runs after a message is sent, e.g. to record that the complainant was acknowledged. */
export function notificationsService(
  db: Database,
  clock: Clock,
  sender: EmailSender,
  hooks: {
    onSent?: (n: SentNotification) => Promise<void>;
    /** How often a send still going renews its lease (tests make it shorter). */
    renewLeaseEveryMs?: number;
  } = {},
) {
  const renewEvery = hooks.renewLeaseEveryMs ?? RENEW_LEASE_MS;
  /**
   * Runs a send, renewing its lease (only while the claim is still this sender's) until it ends, for at most
   * RENEW_LEASE_FOR_MINUTES; each renewal is written before the send's own outcome is.
   */
  async function whileLeased<T>(claim: ReturnType<typeof and>, send: () => Promise<T>): Promise<T> {
    // Counted in renewals, not read off a clock: the timer is real time, whatever clock the service is given.
    let renewalsLeft = Math.ceil((RENEW_LEASE_FOR_MINUTES * 60_000) / renewEvery);
    let renewing: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      if (renewalsLeft-- <= 0) return clearInterval(timer);
      renewing = renewing
        .then(() =>
          db
            .update(notifications)
            .set({ nextAttemptAt: new Date(clock.now().getTime() + LEASE_MINUTES * 60_000) })
            .where(claim),
        )
        // A renewal that fails leaves the lease as it was: the send goes on, and may be taken over late.
        .catch(() => undefined);
    }, renewEvery);
    // The send itself keeps the process running while it lasts; its renewals never do on their own.
    timer.unref();
    try {
      return await send();
    } finally {
      clearInterval(timer);
      await renewing;
    }
  }
  const sendText = (t: OutgoingText) => {
    if (!sender.sendText) throw new Error(`Text messages cannot be sent by ${sender.name}`);
    return sender.sendText(t);
  };
  return {
    sender,
    /** Whether text messages can be sent this way (the outbox, or Notify with a text template). */
    canText: typeof sender.sendText === 'function',

    /** Queues a message in the caller's transaction: if the change is saved, so is the message. */
    /** Returns false when a message with the same key exists already (nothing is queued twice). */
    async enqueue(tx: DbOrTx, n: NewNotification): Promise<boolean> {
      const made = await tx
        .insert(notifications)
        .values({
          caseId: n.caseId,
          dedupeKey: n.dedupeKey,
          template: n.template,
          channel: n.channel ?? 'email',
          toAddress: n.to,
          subject: n.subject,
          body: n.body,
          nextAttemptAt: clock.now(),
          createdAt: clock.now(),
        })
        .onConflictDoNothing()
        .returning({ id: notifications.id });
      return made.length > 0;
    },

    /**
     * Sends what is due. Each message is first claimed in a short transaction
     * (FOR UPDATE SKIP LOCKED, then a lease of a few minutes), so two servers
     * never take the same one and no transaction stays open while the mail
     * goes out. A failure is retried later; a process that dies mid-send
     * leaves the lease to expire, and the message is tried again. A
     * failure is written only while the sender's claim holds (the attempt
     * number it claimed is still the row's): a sender whose lease ran out and
     * was taken over never marks the message failed, or due again, over the
     * outcome of the server that took it (ADR 0020).
     */
    async sendDue(limit = 20): Promise<{ sent: number; failed: number; retrying: number }> {
      const outcome = { sent: 0, failed: 0, retrying: 0 };
      for (let i = 0; i < limit; i++) {
        const n = await db.transaction(async (tx) => {
          const [due] = await tx
            .select()
            .from(notifications)
            .where(and(eq(notifications.status, 'pending'), lte(notifications.nextAttemptAt, clock.now())))
            .orderBy(asc(notifications.nextAttemptAt))
            .limit(1)
            .for('update', { skipLocked: true });
          if (!due) return null;
          const attempts = due.attempts + 1;
          await tx
            .update(notifications)
            .set({ attempts, nextAttemptAt: new Date(clock.now().getTime() + LEASE_MINUTES * 60_000) })
            .where(eq(notifications.id, due.id));
          return { ...due, attempts };
        });
        if (!n) break;
        // Delivered is delivered, whoever holds the claim now; a failure counts only while the claim is ours.
        const notDone = and(eq(notifications.id, n.id), eq(notifications.status, 'pending'));
        const stillOurs = and(notDone, eq(notifications.attempts, n.attempts));
        try {
          const { providerRef } = await whileLeased(stillOurs, () =>
            n.channel === 'sms'
              ? sendText({ id: n.id, to: n.toAddress, body: n.body })
              : sender.send({ id: n.id, to: n.toAddress, subject: n.subject, body: n.body }),
          );
          await db
            .update(notifications)
            .set({ status: 'sent', sentAt: clock.now(), sentVia: sender.name, providerRef, lastError: null })
            .where(notDone);
          outcome.sent++;
        } catch (err) {
          const wait = RETRY_MINUTES[n.attempts - 1];
          const message = ((err as Error).message ?? String(err)).slice(0, 500);
          if (wait === undefined) {
            await db.update(notifications).set({ status: 'failed', lastError: message }).where(stillOurs);
            outcome.failed++;
          } else {
            await db
              .update(notifications)
              .set({ lastError: message, nextAttemptAt: new Date(clock.now().getTime() + wait * 60_000) })
              .where(stillOurs);
            outcome.retrying++;
          }
          continue;
        }
        // What follows a send (an acknowledgement recorded) is not the send: if it fails, the message
        // stays sent, and the background work's catch-up (acknowledgementsNotRecorded) records it later.
        try {
          await hooks.onSent?.({ id: n.id, caseId: n.caseId, template: n.template });
        } catch (err) {
          process.emitWarning(
            `Message ${n.id} was sent, but what follows it was not recorded: ${(err as Error).message ?? String(err)}`,
            'HeardNotificationWarning',
          );
        }
      }
      return outcome;
    },

    /**
     * Cases whose acknowledgement email was sent (since `since`) but which are not marked acknowledged:
     * the server stopped between the two, or marking it failed. The day each email went, the first if
     * there were several. Read through the due index: a sent message keeps the time it was claimed.
     */
    async acknowledgementsNotRecorded(
      since: Date,
      leaveOut: readonly string[] = [],
      limit = 100,
    ): Promise<{ caseId: string; sentAt: Date }[]> {
      const rows = rowsOf<{ case_id: string; sent_at: Date | string }>(
        await db.execute(sql`
          select n.case_id, min(n.sent_at) as sent_at
          from notifications n join feedback_cases c on c.id = n.case_id
          where n.status = 'sent' and n.next_attempt_at >= ${since} and n.template = ${ACKNOWLEDGEMENT_TEMPLATE}
            and c.acknowledged_on is null
            and not (n.case_id = any(${idArray(leaveOut)}))
          group by n.case_id
          order by min(n.sent_at)
          limit ${limit}`),
      );
      return rows.map((r) => ({ caseId: r.case_id, sentAt: new Date(r.sent_at) }));
    },

    async list(opts: { caseId?: string; limit?: number } = {}) {
      const q = db.select().from(notifications);
      const rows = opts.caseId
        ? await q
            .where(eq(notifications.caseId, opts.caseId))
            .orderBy(desc(notifications.createdAt))
            .limit(opts.limit ?? 200)
        : await q.orderBy(desc(notifications.createdAt)).limit(opts.limit ?? 200);
      return rows.map(withoutSecrets);
    },

    async get(id: string) {
      const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
      return row ? withoutSecrets(row) : null;
    },

    async counts(): Promise<Record<'pending' | 'sent' | 'failed', number>> {
      const rows = await db
        .select({ status: notifications.status, n: sql<number>`count(*)`.mapWith(Number) })
        .from(notifications)
        .groupBy(notifications.status);
      const out = { pending: 0, sent: 0, failed: 0 };
      for (const r of rows) out[r.status] = r.n;
      return out;
    },
  };
}
export type NotificationsService = ReturnType<typeof notificationsService>;
