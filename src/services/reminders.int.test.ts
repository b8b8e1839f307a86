import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, testServices } from '../../test/support/factories.ts';
import { services, type Services } from './index.ts';
import { SYSTEM_ACTOR } from './actor.ts';

describe('reminders, escalations and the weekly summary, on a fixed clock', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  before(async () => {
    handle = await testDatabase();
    // Created on Monday 3 June 2024.
    svc = await testServices(handle, fixedClock('2024-06-03T08:00:00Z'));
  });
  after(() => handle.close());

  it('reminds the manager before the due date, tells their manager when it is missed, and sums up the week: once each', async () => {
    const officer = (
      await makeUser(svc, 'complaints_officer', { email: 'team@example.gov.uk', displayName: 'Complaints Team' })
    ).actor;
    const head = await svc.users.create(SYSTEM_ACTOR, {
      email: 'head@example.gov.uk',
      displayName: 'Head of Service',
      role: 'senior_manager',
      password: 'correct horse battery staple',
    });
    const manager = await svc.users.create(SYSTEM_ACTOR, {
      email: 'priya@example.gov.uk',
      displayName: 'Priya Shah',
      role: 'investigating_manager',
      password: 'correct horse battery staple',
      managerId: head.id,
    });
    await handle.db.execute(`update users set manager_id = '${head.id}' where id = '${manager.id}'`);
    const team = await makeTeam(svc, officer, 'Assessment Team 1');
    const accept = async (receivedOn: string, subject: string, ack = true) => {
      const c = await makeCase(svc, officer, {
        receivedOn,
        subject,
        procedure: 'childrens_statutory',
        procedureReason: 'Social care',
      });
      await svc.triage.apply(officer, c.id, {
        type: 'complaint',
        procedure: 'childrens_statutory',
        procedureReason: 'Social care',
        decision: 'stage1',
        teamId: team.id,
        investigatingManagerId: manager.id,
        acknowledgedOn: ack ? receivedOn : null,
      });
      return c;
    };
    const soon = await accept('2024-05-21', 'Due soon'); // Stage 1 due Wednesday 5 June (10 working days; 27 May is a bank holiday): 2 left on 3 June
    // Due 28 May: overdue.
    const late = await accept('2024-05-13', 'Overdue');
    await makeCase(svc, officer, { receivedOn: '2024-06-03', subject: 'Not allocated yet' });

    const first = await svc.reminders.run();
    assert.deepEqual(first, { reminders: 1, escalations: 1, summaries: 2 });
    const again = await svc.reminders.run();
    assert.deepEqual(again, { reminders: 0, escalations: 0, summaries: 0 }, 'nothing twice');
    // A restart: a fresh set of services on the same database sends nothing new either.
    const restarted = services(handle.db, fixedClock('2024-06-03T15:00:00Z'), { referencePrefix: 'CS' });
    assert.deepEqual(await restarted.reminders.run(), { reminders: 0, escalations: 0, summaries: 0 });

    const outbox = await svc.notifications.list();
    const to = (addr: string) =>
      outbox
        .filter((n) => n.toAddress === addr)
        .map((n) => n.subject)
        .sort();
    assert.deepEqual(
      to('priya@example.gov.uk'),
      [`Complaints this week (from 3 June 2024): 1 overdue, 1 due`, `Due 5 June 2024: ${soon.reference}`].sort(),
    );
    assert.deepEqual(to('head@example.gov.uk'), [`Overdue: ${late.reference}`]);
    const team_ = outbox.find((n) => n.toAddress === 'team@example.gov.uk')!;
    assert.equal(
      team_.subject,
      'Complaints this week (from 3 June 2024): 1 overdue, 2 due',
      'the new case’s acknowledgement is due this week too',
    );
    assert.match(
      team_.body,
      new RegExp(`Overdue \\(1\\):\\n- ${late.reference}: Overdue \\(stage 1 response due 28 May 2024\\)`),
    );
    assert.match(team_.body, /Not allocated to an investigating manager \(1\):\n- CS-2024-\d{5}: Not allocated yet/);

    // Next week, a new summary; the missed case is not escalated again for the same due date.
    const nextWeek = services(handle.db, fixedClock('2024-06-10T08:00:00Z'), { referencePrefix: 'CS' });
    const week2 = await nextWeek.reminders.run();
    assert.equal(week2.summaries, 2);
    assert.equal(week2.escalations, 1, 'the due-soon case is now overdue: its escalation is new');
  });
});
