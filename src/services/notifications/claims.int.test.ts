import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/database.ts';
import { notifications } from '../../db/schema/index.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { notificationsService } from './notifications.ts';
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
