import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditEvents, notifications } from '../../db/schema/index.ts';
import { fixedClock } from '../../domain/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { makeCase, makeUser, testServices } from '../../../test/support/factories.ts';
import { ACKNOWLEDGEMENT_TEMPLATE, notificationsService } from './notifications.ts';
import type { EmailSender } from './senders.ts';

/**
 * Two senders (two servers) on one database: a claim whose lease ran out is
 * taken over, and the first sender, when it finally hears back, never writes
 * its outcome over the one that took it.
 */
let handle: DatabaseHandle;
before(async () => {
  handle = await testDatabase();
});
after(() => handle.close());

const T0 = new Date('2026-11-30T10:00:00Z');

describe('a message whose lease ran out', () => {
  it('is sent by the server that took it over, and the slow server’s late failure does not mark it failed', async () => {
    let failFirst!: (err: Error) => void;
    const slow: EmailSender = {
      name: 'smtp',
      send: () => new Promise((_, reject) => (failFirst = reject)),
    };
    const sentByB: string[] = [];
    const fine: EmailSender = {
      name: 'notify',
      send: async (e) => {
        sentByB.push(e.id);
        return { providerRef: 'notify-1' };
      },
    };
    const a = notificationsService(handle.db, { now: () => T0 }, slow);
    // Six minutes later: past the five-minute lease.
    const b = notificationsService(handle.db, { now: () => new Date(T0.getTime() + 6 * 60_000) }, fine);
    assert.equal(
      await a.enqueue(handle.db, {
        caseId: null,
        dedupeKey: 'claims-test:1',
        template: 'reminder',
        to: 'manager@example.gov.uk',
        subject: 'Due soon',
        body: 'A response is due.',
      }),
      true,
    );
    // Its last try: a failure now would mark it failed for good, the outcome most worth not getting wrong.
    await handle.db.update(notifications).set({ attempts: 6 }).where(eq(notifications.dedupeKey, 'claims-test:1'));

    const aSending = a.sendDue(1);
    // A has claimed it and is waiting on its mail server.
    while (!failFirst) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(await a.sendDue(1), { sent: 0, failed: 0, retrying: 0 }, 'held by A’s lease, not sent twice');
    assert.deepEqual(await b.sendDue(5), { sent: 1, failed: 0, retrying: 0 });
    failFirst(new Error('timed out'));
    assert.deepEqual(await aSending, { sent: 0, failed: 1, retrying: 0 });

    const [row] = await handle.db.select().from(notifications).where(eq(notifications.dedupeKey, 'claims-test:1'));
    assert.equal(row!.status, 'sent');
    assert.equal(row!.sentVia, 'notify');
    assert.equal(row!.lastError, null);
    assert.equal(row!.attempts, 8);
    assert.equal(sentByB.length, 1);
  });
});

describe('a send slower than the lease, on a server still running', () => {
  it('keeps its claim while it lasts: another server does not send it too', async () => {
    let now = T0;
    let answer!: (r: { providerRef: string | null }) => void;
    const sentBy: string[] = [];
    const slow: EmailSender = {
      name: 'smtp',
      send: (e) => {
        sentBy.push(`A ${e.id}`);
        return new Promise((resolve) => (answer = resolve));
      },
    };
    const other: EmailSender = {
      name: 'notify',
      send: async (e) => {
        sentBy.push(`B ${e.id}`);
        return { providerRef: 'notify-3' };
      },
    };
    // Both servers read the same (moving) time; A renews its lease every 20 ms of real time while it sends.
    const a = notificationsService(handle.db, { now: () => now }, slow, { renewLeaseEveryMs: 20 });
    const b = notificationsService(handle.db, { now: () => now }, other);
    // Whatever earlier tests left due goes first, through B.
    await b.sendDue(20);
    sentBy.length = 0;
    await a.enqueue(handle.db, {
      caseId: null,
      dedupeKey: 'slow-send:1',
      template: 'reminder',
      to: 'manager@example.gov.uk',
      subject: 'Due soon',
      body: 'A response is due.',
    });
    const row = async () =>
      (await handle.db.select().from(notifications).where(eq(notifications.dedupeKey, 'slow-send:1')))[0]!;
    const aSending = a.sendDue(1);
    while (!answer) await new Promise((resolve) => setTimeout(resolve, 5));
    // Six minutes pass on the clock while A's mail server is still answering: past the lease A first took.
    now = new Date(T0.getTime() + 6 * 60_000);
    const renewedBy = now.getTime() + 5 * 60_000;
    for (let i = 0; i < 200 && (await row()).nextAttemptAt.getTime() < renewedBy; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal((await row()).nextAttemptAt.getTime(), renewedBy, 'the lease was renewed from the time it now is');
    assert.deepEqual(await b.sendDue(5), { sent: 0, failed: 0, retrying: 0 }, 'still A’s: B leaves it');
    answer({ providerRef: 'smtp-1' });
    assert.deepEqual(await aSending, { sent: 1, failed: 0, retrying: 0 });
    const done = await row();
    assert.deepEqual([done.status, done.sentVia, done.attempts], ['sent', 'smtp', 1]);
    assert.deepEqual(sentBy, [`A ${done.id}`], 'sent once, by A');
  });
});

describe('an acknowledgement email sent by a server that stopped before marking the case', () => {
  it('is recorded by the background catch-up, on the London day it was sent, once; a case that refuses it is said', async () => {
    const svc = await testServices(handle, fixedClock('2026-11-02T09:00:00Z'));
    const officer = (await makeUser(svc, 'complaints_officer')).actor;
    const winter = await makeCase(svc, officer, { receivedOn: '2026-10-30' });
    const summer = await makeCase(svc, officer, { receivedOn: '2026-10-20' });
    const waiting = await makeCase(svc, officer, { receivedOn: '2026-10-30' });
    const movedOn = await makeCase(svc, officer, { receivedOn: '2026-11-01' });
    const ack = (caseId: string) => ({
      caseId,
      dedupeKey: `ack:${caseId}`,
      template: ACKNOWLEDGEMENT_TEMPLATE,
      to: 'someone@example.com',
      subject: 'We have your complaint',
      body: 'Thank you.',
    });
    for (const c of [winter, summer, waiting, movedOn]) await svc.notifications.enqueue(handle.db, ack(c.id));
    // As a server leaves it that sent the email and stopped before it could mark the case acknowledged.
    // 23:30 UTC on 1 November is 1 November in London (GMT); 23:30 UTC on 24 October is 00:30 on 25 October
    // there (BST, which ended at 01:00 UTC that day). A sent message keeps the time it was claimed.
    const sentBy = async (caseId: string, at: string) =>
      handle.db
        .update(notifications)
        .set({ status: 'sent', attempts: 1, sentAt: new Date(at), nextAttemptAt: new Date(at) })
        .where(eq(notifications.dedupeKey, `ack:${caseId}`));
    await sentBy(winter.id, '2026-11-01T23:30:00Z');
    await sentBy(summer.id, '2026-10-24T23:30:00Z');
    // The case's received date was corrected to after the day its email went: it cannot be acknowledged then.
    await sentBy(movedOn.id, '2026-10-31T10:00:00Z');

    const first = await svc.recordSentAcknowledgements();
    assert.equal(first.recorded, 2);
    assert.deepEqual(
      first.refused.map((r) => [r.caseId, r.reason]),
      [[movedOn.id, 'The acknowledgement cannot be before the case was received']],
    );
    const acknowledgedOn = async (id: string) => (await svc.cases.record(officer, id)).case.acknowledgedOn;
    assert.equal(await acknowledgedOn(winter.id), '2026-11-01');
    assert.equal(await acknowledgedOn(summer.id), '2026-10-25');
    assert.equal(await acknowledgedOn(waiting.id), null, 'an email not yet sent acknowledges nothing');
    assert.equal(await acknowledgedOn(movedOn.id), null);
    const trail = await handle.db
      .select({ actorLabel: auditEvents.actorLabel, after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, winter.id), eq(auditEvents.action, 'case.acknowledge')));
    assert.deepEqual(trail, [
      {
        actorLabel: 'Heard (acknowledgement email)',
        after: { acknowledgedOn: '2026-11-01', how: 'acknowledgement email sent' },
      },
    ]);
    assert.deepEqual(await svc.recordSentAcknowledgements(), { recorded: 0, refused: [] }, 'once, and said once');
  });

  it('a failure after the send (marking the case) leaves the message sent, not failed or due again', async () => {
    const sender: EmailSender = { name: 'notify', send: async () => ({ providerRef: 'notify-2' }) };
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const svc = notificationsService(handle.db, { now: () => T0 }, sender, {
        onSent: async () => Promise.reject(new Error('the case row is locked')),
      });
      await svc.enqueue(handle.db, {
        caseId: null,
        dedupeKey: 'after-send:1',
        template: 'reminder',
        to: 'manager@example.gov.uk',
        subject: 'Due soon',
        body: 'A response is due.',
      });
      // (Anything else already due in this database goes too, and meets the same failing hook.)
      const outcome = await svc.sendDue(5);
      assert.deepEqual([outcome.failed, outcome.retrying], [0, 0]);
      const [row] = await handle.db.select().from(notifications).where(eq(notifications.dedupeKey, 'after-send:1'));
      assert.equal(row!.status, 'sent');
      assert.equal(row!.lastError, null);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(
        warnings.filter((w) => w.includes(row!.id)),
        [`Message ${row!.id} was sent, but what follows it was not recorded: the case row is locked`],
      );
    } finally {
      process.off('warning', onWarning);
    }
  });
});
