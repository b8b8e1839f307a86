import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeCase, makeUser, testServices } from '../../test/support/factories.ts';
import type { Actor } from './actor.ts';
import { DomainError, ValidationError } from './errors.ts';
import type { Services } from './index.ts';

const code = (c: string) => (e: unknown) => e instanceof DomainError && e.code === c;

describe('extending, pausing and restarting a clock', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let officer: Actor;
  let caseId: string;
  const stage1 = async () =>
    (await svc.timescales.clocksForCase(caseId)).clocks.find((k) => k.clock === 'stage1_response')!.result;
  const eventCount = async () =>
    rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int as n from clock_events where case_id = ${caseId}`),
    )[0]!.n;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-04-05T09:00:00Z'));
    officer = (await makeUser(svc, 'complaints_officer')).actor;
    caseId = (
      await makeCase(svc, officer, {
        receivedOn: '2024-03-27',
        procedure: 'childrens_statutory',
        procedureReason: 'Social care',
      })
    ).id;
  });
  after(() => handle.close());

  it('extends within the cap with the complainant’s agreement, moving the due date, in the audit trail', async () => {
    assert.equal((await stage1()).dueOn, '2024-04-12');
    await svc.timescales.recordClockEvent(officer, caseId, {
      clock: 'stage1_response',
      kind: 'extended',
      on: '2024-04-04',
      days: 6,
      reason: 'Several teams involved',
      complainantAgreed: true,
      agreedOn: '2024-04-04',
    });
    assert.equal((await stage1()).dueOn, '2024-04-22');
    const audit = rowsOf<{ action: string; before: { dueOn: string }; after: { dueOn: string } }>(
      await handle.db.execute(
        sql`select action, before, after from audit_events where case_id = ${caseId} and action like 'clock.%'`,
      ),
    );
    assert.equal(audit[0]!.action, 'clock.extended');
    assert.equal(audit[0]!.before.dueOn, '2024-04-12');
    assert.equal(audit[0]!.after.dueOn, '2024-04-22');
  });

  it('refuses an extension past the cap, or without agreement, saving nothing', async () => {
    const n = await eventCount();
    await assert.rejects(
      svc.timescales.recordClockEvent(officer, caseId, {
        clock: 'stage1_response',
        kind: 'extended',
        on: '2024-04-05',
        days: 5,
        reason: 'More time',
        complainantAgreed: true,
      }),
      (e: unknown) => {
        assert.ok(code('CLOCK.EXTENSION_OVER_CAP')(e));
        assert.match((e as Error).message, /can be extended to 20 working days at most; this would make it 21/);
        return true;
      },
    );
    await assert.rejects(
      svc.timescales.recordClockEvent(officer, caseId, {
        clock: 'stage1_response',
        kind: 'extended',
        on: '2024-04-05',
        days: 1,
        reason: 'More time',
        complainantAgreed: false,
      }),
      code('CLOCK.AGREEMENT_REQUIRED'),
    );
    // The acknowledgement clock is running (not acknowledged yet), but its rule allows no extension at all.
    await assert.rejects(
      svc.timescales.recordClockEvent(officer, caseId, {
        clock: 'acknowledgement',
        kind: 'extended',
        on: '2024-04-05',
        days: 1,
        reason: 'x',
      }),
      code('CLOCK.NOT_EXTENDABLE'),
    );
    // A clock that is not running on this case.
    await assert.rejects(
      svc.timescales.recordClockEvent(officer, caseId, {
        clock: 'stage2_investigation',
        kind: 'paused',
        on: '2024-04-05',
        reason: 'x',
      }),
      code('CLOCK.NOT_RUNNING'),
    );
    assert.equal(await eventCount(), n);
  });

  it('pauses and resumes; a second resume is refused', async () => {
    await svc.timescales.recordClockEvent(officer, caseId, {
      clock: 'stage1_response',
      kind: 'paused',
      on: '2024-04-05',
      reason: "Waiting for the young person's consent",
    });
    assert.equal((await stage1()).status, 'paused');
    await assert.rejects(
      svc.timescales.recordClockEvent(officer, caseId, {
        clock: 'stage1_response',
        kind: 'paused',
        on: '2024-04-05',
        reason: 'again',
      }),
      code('CLOCK.PAUSED_REFUSED'),
    );
    await svc.timescales.recordClockEvent(officer, caseId, {
      clock: 'stage1_response',
      kind: 'resumed',
      on: '2024-04-05',
      reason: 'Consent given',
    });
    await assert.rejects(
      svc.timescales.recordClockEvent(officer, caseId, {
        clock: 'stage1_response',
        kind: 'resumed',
        on: '2024-04-05',
        reason: 'again',
      }),
      code('CLOCK.RESUMED_REFUSED'),
    );
    assert.equal((await stage1()).status, 'on_time');
  });

  it('checks dates: not in the future, not before the clock started', async () => {
    await assert.rejects(
      svc.timescales.recordClockEvent(officer, caseId, {
        clock: 'stage1_response',
        kind: 'paused',
        on: '2024-04-08',
        reason: 'x',
      }),
      code('CLOCK.FUTURE_DATE'),
    );
    await assert.rejects(
      svc.timescales.recordClockEvent(officer, caseId, {
        clock: 'stage1_response',
        kind: 'paused',
        on: '2024-03-26',
        reason: 'x',
      }),
      code('CLOCK.BEFORE_START'),
    );
    await assert.rejects(
      svc.timescales.recordClockEvent(officer, caseId, {
        clock: 'stage1_response',
        kind: 'extended',
        on: '2024-02-30',
        reason: '',
      }),
      (e: unknown) => e instanceof ValidationError && e.fieldErrors.map((f) => f.field).join() === 'on,reason,days',
    );
  });

  it('restarts where the rule allows, not where it does not', async () => {
    await assert.rejects(
      svc.timescales.recordClockEvent(officer, caseId, {
        clock: 'acknowledgement',
        kind: 'restarted',
        on: '2024-04-05',
        reason: 'New concerns',
      }),
      code('CLOCK.RESTARTED_REFUSED'),
    );
    await svc.timescales.recordClockEvent(officer, caseId, {
      clock: 'stage1_response',
      kind: 'restarted',
      on: '2024-04-05',
      reason: 'New concerns about contact',
    });
    const r = await stage1();
    assert.equal(r.restartedOn, '2024-04-05');
    assert.equal(r.dueOn, '2024-04-19');
  });

  it('only someone who may change the case can record it', async () => {
    const { actor: stranger } = await makeUser(svc, 'investigating_manager');
    await assert.rejects(
      svc.timescales.recordClockEvent(stranger, caseId, {
        clock: 'stage1_response',
        kind: 'paused',
        on: '2024-04-05',
        reason: 'x',
      }),
      /This case is not allocated to you/,
    );
  });
});
