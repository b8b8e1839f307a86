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

describe('an acknowledgement email sent by a server that stopped before marking the case', () => {
  it('is recorded by the background catch-up, on the day it was sent, once', async () => {
    const svc = await testServices(handle, fixedClock('2026-12-02T09:00:00Z'));
    const officer = (await makeUser(svc, 'complaints_officer')).actor;
    const made = await makeCase(svc, officer, { receivedOn: '2026-11-30' });
    const other = await makeCase(svc, officer, { receivedOn: '2026-11-30' });
    const ack = (caseId: string) => ({
      caseId,
      dedupeKey: `ack:${caseId}`,
      template: ACKNOWLEDGEMENT_TEMPLATE,
      to: 'someone@example.com',
      subject: 'We have your complaint',
      body: 'Thank you.',
    });
    await svc.notifications.enqueue(handle.db, ack(made.id));
    await svc.notifications.enqueue(handle.db, ack(other.id));
    // As a server leaves it that sent the email at 23:30 on 1 December (London), claimed five minutes before,
    // and stopped before it could mark the case acknowledged. The other email is still waiting to go.
    await handle.db
      .update(notifications)
      .set({
        status: 'sent',
        attempts: 1,
        sentAt: new Date('2026-12-01T23:30:00Z'),
        nextAttemptAt: new Date('2026-12-01T23:30:00Z'),
      })
      .where(eq(notifications.dedupeKey, `ack:${made.id}`));

    assert.equal(await svc.recordSentAcknowledgements(), 1);
    const record = await svc.cases.record(officer, made.id);
    assert.equal(record.case.acknowledgedOn, '2026-12-01');
    const otherRecord = await svc.cases.record(officer, other.id);
    assert.equal(otherRecord.case.acknowledgedOn, null, 'an email not yet sent acknowledges nothing');
    const trail = await handle.db
      .select({ actorLabel: auditEvents.actorLabel, after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, made.id), eq(auditEvents.action, 'case.acknowledge')));
    assert.deepEqual(trail, [
      {
        actorLabel: 'Heard (acknowledgement email)',
        after: { acknowledgedOn: '2026-12-01', how: 'acknowledgement email sent' },
      },
    ]);
    assert.equal(await svc.recordSentAcknowledgements(), 0, 'once');
  });
});
