import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeTeam, makeUser, testServices } from '../../test/support/factories.ts';
import { storedFiles, testFileStore } from '../../test/support/files.ts';
import { services, type Services } from './index.ts';
import { DomainError } from './errors.ts';
import type { PublicAnswers } from './intake.ts';
import type { Actor } from './actor.ts';
import type { EmailSender } from './notifications/senders.ts';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 32), Buffer.from('\n%%EOF\n')]);
const answers: PublicAnswers = {
  route: 'adult',
  type: 'complaint',
  relationship: 'MOTHER',
  givenName: 'Sarah',
  familyName: 'Jones',
  contactBy: 'email',
  email: 'sarah.jones@example.com',
  child: { givenName: 'Leo', familyName: 'Jones' },
  consent: 'agrees',
  whatHappened: 'Nobody has called me back about my son’s assessment.',
  eventsOn: '2024-03-01',
};

const FROM = { address: '192.0.2.1' };
const fileOf = (fileName: string, content: Buffer) => ({ fileName, stream: Readable.from([content]) });

describe('the public form, on the database', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  const store = testFileStore();
  const count = async (q: ReturnType<typeof sql>) => rowsOf<{ n: number }>(await handle.db.execute(q))[0]!.n;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-03-27T10:00:00Z'), { files: store });
  });
  after(() => handle.close());

  it('makes one case per submission, however many times it is sent', async () => {
    const id = randomUUID();
    const first = await svc.intake.submitPublic(id, answers);
    const again = await svc.intake.submitPublic(id, answers);
    assert.equal(first.created, true);
    assert.deepEqual(again, { ...first, created: false });
    assert.equal(await count(sql`select count(*)::int as n from feedback_cases`), 1);
    const record = await svc.cases.record(
      { userId: (await makeUser(svc, 'complaints_officer')).user.id, role: 'complaints_officer', label: 'x' },
      first.caseId,
    );
    assert.equal(record.case.status, 'new');
    assert.equal(record.case.channel, 'Web form');
    assert.equal(record.case.eventsOn, '2024-03-01');
    assert.deepEqual(
      record.parties.map((p) => [p.role, p.name, p.relationship]),
      [
        ['complainant', 'Sarah Jones', 'Mother'],
        ['child', 'Leo Jones', null],
      ],
    );
    assert.equal(record.audit[0]!.actorLabel, 'Public form');
    assert.match(record.case.consentNote!, /knows about the complaint and agrees/);
  });

  it('checks files by what they are, holds them in the file store, and moves them to the case when sent', async () => {
    const id = randomUUID();
    await svc.intake.stageUpload(id, FROM, fileOf('letter.pdf', PDF));
    await svc.intake.stageUpload(id, FROM, fileOf('notes.txt', Buffer.from('Phoned on 1 March.\nNo reply.')));
    const refuse = async (fileName: string, content: Buffer, code: string) =>
      assert.rejects(
        svc.intake.stageUpload(id, FROM, fileOf(fileName, content)),
        (e: unknown) => e instanceof DomainError && e.code === code,
      );
    await refuse('letter.docx', PDF, 'ATTACHMENT.MISMATCH');
    await refuse('virus.exe', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'ATTACHMENT.TYPE');
    await refuse('script.txt', Buffer.from([0x41, 0x00, 0x42]), 'ATTACHMENT.TYPE');
    await refuse('empty.txt', Buffer.alloc(0), 'ATTACHMENT.EMPTY');
    await refuse('huge.txt', Buffer.alloc(10 * 1024 * 1024 + 1, 65), 'ATTACHMENT.TOO_BIG');
    assert.deepEqual(
      (await svc.intake.stagedUploads(id)).map((u) => [u.fileName, u.contentType]),
      [
        ['letter.pdf', 'application/pdf'],
        ['notes.txt', 'text/plain'],
      ],
    );
    assert.equal(storedFiles(store).length, 2, 'refused files leave nothing on the disk');
    const made = await svc.intake.submitPublic(id, answers);
    assert.equal(await count(sql`select count(*)::int as n from attachments where case_id = ${made.caseId}`), 2);
    assert.equal(await count(sql`select count(*)::int as n from pending_uploads where submission_id = ${id}`), 0);
    assert.equal(storedFiles(store).length, 2, 'the same bytes, now the case’s: nothing copied');
    const { actor } = await makeUser(svc, 'complaints_officer');
    const [row] = rowsOf<{ id: string }>(
      await handle.db.execute(
        sql`select id from attachments where case_id = ${made.caseId} and file_name = 'letter.pdf'`,
      ),
    );
    const file = await svc.attachments.download(actor, made.caseId, row!.id, { address: '192.0.2.7' });
    assert.ok((await buffer(file.content)).equals(PDF), 'the same bytes come back');
    assert.equal(file.sizeBytes, PDF.length);
    // A read: in the access log with where it came from, not in the case's history of changes (ADR 0017).
    assert.equal(
      await count(
        sql`select count(*)::int as n from access_events where action = 'attachment.downloaded' and client_address = '192.0.2.7'`,
      ),
      1,
    );
    const { actor: stranger } = await makeUser(svc, 'investigating_manager');
    await assert.rejects(svc.attachments.download(stranger, made.caseId, row!.id), /not allocated to you/);
  });

  it('queues the acknowledgement with the case; sending it stops the acknowledgement clock', async () => {
    const made = await svc.intake.submitPublic(randomUUID(), answers);
    const [mail] = rowsOf<{ subject: string; body: string; status: string }>(
      await handle.db.execute(sql`select subject, body, status from notifications where case_id = ${made.caseId}`),
    );
    assert.equal(mail!.status, 'pending');
    assert.equal(mail!.subject, `We have received your complaint: ${made.reference}`);
    assert.match(mail!.body, /We will contact you by 3 April 2024/);
    assert.deepEqual(await svc.notifications.sendDue(), { sent: 3, failed: 0, retrying: 0 });
    const [c] = rowsOf<{ acknowledged_on: string }>(
      await handle.db.execute(sql`select acknowledged_on::text from feedback_cases where id = ${made.caseId}`),
    );
    assert.equal(c!.acknowledged_on, '2024-03-27');
    assert.equal(
      await count(
        sql`select count(*)::int as n from audit_events where case_id = ${made.caseId} and action = 'case.acknowledge' and actor_label = 'Heard (acknowledgement email)'`,
      ),
      1,
    );
    assert.deepEqual(await svc.notifications.sendDue(), { sent: 0, failed: 0, retrying: 0 }, 'nothing is sent twice');
  });
});

describe('the acknowledgement email', () => {
  it('says the reference, what happens next with dates and how to reach us, and nothing the sender typed', async () => {
    const handle = await testDatabase();
    try {
      const svc = await testServices(handle, fixedClock('2024-03-27T10:00:00Z'), {
        councilName: 'Test Council',
        complaintsContact: { email: 'complaints@test.gov.uk', phone: '01632 960 000' },
      });
      const typed = {
        givenName: 'You have WON: claim at https://evil.example/prize',
        familyName: 'Call 09098 790 000 now',
        whatHappened: 'Your account is locked. Sign in at https://evil.example',
        outcomeWanted: 'Pay the fee today',
        consentDetails: 'Reply with your bank details',
      };
      const made = await svc.intake.submitPublic(randomUUID(), {
        ...answers,
        ...typed,
        email: 'someone.else@example.com',
      });
      const [mail] = rowsOf<{ to_address: string; subject: string; body: string }>(
        await handle.db.execute(
          sql`select to_address, subject, body from notifications where case_id = ${made.caseId}`,
        ),
      );
      assert.equal(mail!.to_address, 'someone.else@example.com');
      assert.equal(mail!.subject, `We have received your complaint: ${made.reference}`);
      for (const text of [...Object.values(typed), 'evil.example', 'WON', '09098'])
        assert.ok(!mail!.body.includes(text) && !mail!.subject.includes(text), `the email must not carry "${text}"`);
      assert.match(mail!.body, new RegExp(`Your reference is ${made.reference}\\.`));
      assert.match(mail!.body, /What happens next\n- We will contact you by 3 April 2024/);
      assert.match(
        mail!.body,
        new RegExp(
          `To contact us about it, email complaints@test\\.gov\\.uk or phone 01632 960 000, and quote your reference ${made.reference}\\.`,
        ),
      );
      assert.match(mail!.body, /If you did not contact us, you do not need to do anything/);
    } finally {
      await handle.close();
    }
  });
});

describe('sending email when the sender fails', () => {
  it('never loses the case, retries later, and gives up visibly', async () => {
    const handle = await testDatabase();
    try {
      let now = new Date('2024-03-27T10:00:00Z');
      const clock = { now: () => new Date(now.getTime()) };
      let failures = 0;
      const flaky: EmailSender = {
        name: 'smtp',
        send: async () => {
          failures++;
          throw new Error('connection refused');
        },
      };
      const svc = services(handle.db, clock, { referencePrefix: 'CS', sender: flaky });
      await svc.referenceData.ensureDefaults();
      await svc.timescales.ensureDefaults();
      const made = await svc.intake.submitPublic(randomUUID(), answers);
      assert.deepEqual(await svc.notifications.sendDue(), { sent: 0, failed: 0, retrying: 1 });
      assert.deepEqual(
        await svc.notifications.sendDue(),
        { sent: 0, failed: 0, retrying: 0 },
        'not again until its retry time',
      );
      for (let i = 0; i < 10; i++) {
        now = new Date(now.getTime() + 13 * 3600_000);
        await svc.notifications.sendDue();
      }
      const [n] = await svc.notifications.list({ caseId: made.caseId });
      assert.equal(n!.status, 'failed');
      assert.equal(n!.attempts, 7);
      assert.equal(failures, 7);
      assert.equal(n!.lastError, 'connection refused');
      assert.equal((await svc.notifications.counts()).failed, 1);
      const rows = rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from feedback_cases`));
      assert.equal(rows[0]!.n, 1, 'the case is safe');
    } finally {
      await handle.close();
    }
  });
});

describe('staff recording and triage', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let officer: Actor;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-03-27T10:00:00Z'));
    officer = (await makeUser(svc, 'complaints_officer')).actor;
  });
  after(() => handle.close());

  it('suggests people we already know, with their earlier cases', async () => {
    await svc.intake.submitPublic(randomUUID(), answers);
    const matches = await svc.people.findMatches({
      givenName: 'S',
      familyName: 'Smith',
      email: 'SARAH.JONES@example.com',
    });
    assert.equal(matches.length, 1);
    assert.equal(matches[0]!.name, 'Sarah Jones');
    assert.deepEqual(matches[0]!.reasons, ['same email address']);
    assert.equal(matches[0]!.cases.length, 1);
    const linked = await svc.cases.create(officer, {
      type: 'complaint',
      receivedOn: '2024-03-27',
      subject: 'Phoned about the same again',
      complainant: { existingPersonId: matches[0]!.id, givenName: '', familyName: '' },
    });
    assert.equal(
      (await svc.people.findMatches({ email: 'sarah.jones@example.com' }))[0]!.cases.length,
      2,
      'the repeat complainant shows both cases',
    );
    void linked;
  });

  it('accepts a complaint at Stage 1, allocating the team and manager, with the history and audit', async () => {
    const team = await makeTeam(svc, officer, 'Assessment Team 1');
    const { user: manager } = await makeUser(svc, 'investigating_manager');
    const made = await svc.intake.submitPublic(randomUUID(), { ...answers, email: 'new.person@example.com' });
    const { view } = await svc.triage.facts(made.caseId);
    assert.equal(view.onBehalfOfChild, true);
    await assert.rejects(
      svc.triage.apply(officer, made.caseId, {
        type: 'complaint',
        decision: 'stage1',
        teamId: team.id,
        investigatingManagerId: manager.id,
      }),
      (e: unknown) => {
        assert.deepEqual(
          (e as { fieldErrors: { field: string }[] }).fieldErrors.map((f) => f.field),
          ['procedure', 'consentObtainedOn'],
        );
        return true;
      },
    );
    await svc.triage.apply(officer, made.caseId, {
      type: 'complaint',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care assessment',
      consentObtainedOn: '2024-03-27',
      decision: 'stage1',
      teamId: team.id,
      investigatingManagerId: manager.id,
      acknowledgedOn: '2024-03-27',
    });
    const record = await svc.cases.record(officer, made.caseId);
    assert.equal(record.case.status, 'open');
    assert.equal(record.case.teamName, 'Assessment Team 1');
    assert.equal(record.case.investigatingManager, manager.displayName);
    assert.deepEqual(
      record.stages.map((s) => [s.kind, s.startedOn, s.people[0]?.role]),
      [['stage1', '2024-03-27', 'investigating_manager']],
    );
    assert.ok(record.audit.some((a) => a.action === 'case.triage.stage1'));
    await assert.rejects(
      svc.triage.apply(officer, made.caseId, { type: 'complaint', decision: 'concern' }),
      (e: unknown) => e instanceof DomainError && e.code === 'CASE.ALREADY_TRIAGED',
    );
    const clocks = (await svc.timescales.clocksForCase(made.caseId)).clocks;
    assert.deepEqual(
      clocks.map((k) => [k.clock, k.result.status]),
      [
        ['acknowledgement', 'met_within_base'],
        ['stage1_response', 'on_time'],
      ],
    );
  });

  it('resolves a complaint informally as a concern, and records a compliment for its team', async () => {
    const c1 = await svc.intake.submitPublic(randomUUID(), { ...answers, email: 'c1@example.com' });
    await svc.triage.apply(officer, c1.caseId, { type: 'complaint', decision: 'concern' });
    const r1 = await svc.cases.record(officer, c1.caseId);
    assert.equal(r1.case.type, 'concern');
    assert.deepEqual(
      r1.typeHistory.map((t) => t.toType),
      ['complaint', 'concern'],
    );
    assert.deepEqual(
      (await svc.timescales.clocksForCase(c1.caseId)).clocks.map((k) => [k.clock, k.result.dueOn]),
      [['concern_resolution', '2024-04-02']],
    ); // 2 working days across Easter
    const team = await makeTeam(svc, officer, 'Fostering Team');
    const c2 = await svc.intake.submitPublic(randomUUID(), {
      ...answers,
      type: 'compliment',
      email: 'c2@example.com',
      child: undefined,
      consent: null,
    });
    await svc.triage.apply(officer, c2.caseId, { type: 'compliment', decision: 'record', teamId: team.id });
    const r2 = await svc.cases.record(officer, c2.caseId);
    assert.equal(r2.case.status, 'closed');
    assert.equal(r2.compliment?.teamName, 'Fostering Team');
  });
});
