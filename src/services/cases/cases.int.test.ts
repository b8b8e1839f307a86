import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, testServices } from '../../../test/support/factories.ts';
import { SYSTEM_ACTOR, type Actor } from '../actor.ts';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { Services } from '../index.ts';

describe('feedback cases', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let officer: Actor;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    officer = (await makeUser(svc, 'complaints_officer')).actor;
  });
  after(() => handle.close());

  it('records a case with people and themes, numbered from one sequence, and audits it', async () => {
    const themes = await svc.referenceData.list('theme');
    const relationship = (await svc.referenceData.list('complainant_relationship')).find((r) => r.code === 'MOTHER')!;
    const first = await makeCase(svc, officer, {
      themeIds: [themes[0]!.id, themes[1]!.id],
      complainant: {
        givenName: 'Sarah',
        familyName: 'Jones',
        email: 'sarah@example.com',
        relationshipId: relationship.id,
      },
      child: { givenName: 'Leo', familyName: 'Jones', lookedAfter: true },
    });
    const second = await makeCase(svc, officer, { receivedOn: '2023-12-01' });
    assert.match(first.reference, /^CS-2024-\d{5}$/);
    assert.equal(second.reference.slice(0, 8), 'CS-2023-');
    assert.equal(Number(second.reference.slice(-5)), Number(first.reference.slice(-5)) + 1);
    const record = await svc.cases.record(officer, first.id);
    assert.equal(record.case.status, 'new');
    assert.deepEqual(record.case.themes.sort(), [themes[0]!.label, themes[1]!.label].sort());
    assert.deepEqual(
      record.parties.map((p) => [p.role, p.name, p.relationship, p.lookedAfter]),
      [
        ['complainant', 'Sarah Jones', 'Mother', null],
        ['child', 'Leo Jones', null, true],
      ],
    );
    assert.deepEqual(
      record.typeHistory.map((t) => [t.fromType, t.toType]),
      [[null, 'complaint']],
    );
    assert.equal(record.audit.length, 1);
    assert.equal(record.audit[0]!.action, 'case.create');
    assert.match(record.audit[0]!.actorLabel, /complaints officer/);
  });

  it('lets Heard itself see every case (the command line asks whether any exist), and no one without a role', async () => {
    const all = await handle.db.execute(
      sql`select count(*)::int as n from feedback_cases where merged_into_id is null`,
    );
    const n = rowsOf<{ n: number }>(all)[0]!.n;
    assert.ok(n > 0);
    assert.equal((await svc.cases.list(SYSTEM_ACTOR, { status: 'all', pageSize: 1 })).total, n);
    assert.equal(
      (await svc.cases.list({ userId: null, role: null, label: 'public form' }, { status: 'all' })).total,
      0,
    );
  });

  it('refuses bad input with a message per field, saving nothing', async () => {
    const before = (await svc.cases.list(officer, { status: 'all' })).total;
    await assert.rejects(
      svc.cases.create(officer, { type: 'complaint', receivedOn: '2024-02-30', subject: '' }),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.deepEqual(e.fieldErrors.map((f) => f.field).sort(), ['receivedOn', 'subject']);
        return true;
      },
    );
    await assert.rejects(makeCase(svc, officer, { receivedOn: '2024-06-04' }), /today or in the past/);
    assert.equal((await svc.cases.list(officer, { status: 'all' })).total, before);
  });

  it('corrects the type, keeping the history, and reports see the corrected type', async () => {
    const c = await makeCase(svc, officer, { subject: 'Really a question' });
    await svc.cases.correctType(officer, c.id, {
      type: 'question',
      reason: 'Asked for information only',
      expectedVersion: 1,
    });
    const record = await svc.cases.record(officer, c.id);
    assert.equal(record.case.type, 'question');
    assert.deepEqual(
      record.typeHistory.map((t) => [t.fromType, t.toType, t.reason]),
      [
        [null, 'complaint', 'Recorded'],
        ['complaint', 'question', 'Asked for information only'],
      ],
    );
    const audit = record.audit.find((a) => a.action === 'case.correct_type')!;
    assert.deepEqual(audit.before, { type: 'complaint', reason: null });
    assert.deepEqual(audit.after, { type: 'question', reason: 'Asked for information only' });
    const counts = await svc.cases.countsByType(officer, '2024-04-01', '2025-03-31');
    assert.ok(counts.question >= 1);
  });

  it('refuses a change based on an old version, so nobody overwrites unseen edits', async () => {
    const c = await makeCase(svc, officer);
    await svc.cases.setProcedure(officer, c.id, { procedure: 'corporate', reason: 'About school transport' });
    await assert.rejects(
      svc.cases.setProcedure(officer, c.id, {
        procedure: 'childrens_statutory',
        reason: 'Social care',
        expectedVersion: 1,
      }),
      (e: unknown) => e instanceof DomainError && e.code === 'CASE.STALE',
    );
    assert.equal((await svc.cases.record(officer, c.id)).case.procedure, 'corporate');
  });

  it('a closed case cannot be changed', async () => {
    const c = await makeCase(svc, officer);
    await handle.db.execute(
      sql`update feedback_cases set status = 'closed', closed_on = '2024-05-20' where id = ${c.id}`,
    );
    await assert.rejects(
      svc.cases.correctType(officer, c.id, { type: 'comment', reason: 'x' }),
      (e: unknown) => e instanceof DomainError && e.code === 'CASE.ALREADY_CLOSED',
    );
  });

  it('an investigating manager sees only the cases allocated to them; a report viewer sees none', async () => {
    const team = await makeTeam(svc, officer, 'SEND Team');
    const { user: manager, actor: managerActor } = await makeUser(svc, 'investigating_manager');
    const { actor: otherManager } = await makeUser(svc, 'investigating_manager');
    const { actor: viewer } = await makeUser(svc, 'report_viewer');
    const mine = await makeCase(svc, officer, { subject: 'Allocated to the manager' });
    const notMine = await makeCase(svc, officer, { subject: 'Someone else' });
    await svc.cases.allocate(officer, mine.id, { teamId: team.id, investigatingManagerId: manager.id });
    const list = await svc.cases.list(managerActor, { status: 'all' });
    assert.deepEqual(
      list.rows.map((r) => r.subject),
      ['Allocated to the manager'],
    );
    assert.equal(list.rows[0]!.teamName, 'SEND Team');
    assert.equal((await svc.cases.record(managerActor, mine.id)).case.investigatingManager, manager.displayName);
    // A manager is told plainly that a case is not theirs; they see nothing of it.
    await assert.rejects(svc.cases.record(managerActor, notMine.id), /This case is not allocated to you/);
    await assert.rejects(svc.cases.record(otherManager, mine.id), ForbiddenError);
    await assert.rejects(
      svc.cases.correctType(otherManager, mine.id, { type: 'comment', reason: 'x' }),
      ForbiddenError,
    );
    assert.equal((await svc.cases.list(viewer, { status: 'all' })).total, 0);
    await assert.rejects(svc.cases.record(viewer, mine.id), NotFoundError);
  });

  it('names as investigating manager only someone who could work the case: not a senior manager or report viewer', async () => {
    const team = await makeTeam(svc, officer, 'Leaving Care Team');
    const c = await makeCase(svc, officer, { subject: 'Who will investigate' });
    for (const role of ['senior_manager', 'report_viewer'] as const) {
      const { user } = await makeUser(svc, role);
      await assert.rejects(
        svc.cases.allocate(officer, c.id, { teamId: team.id, investigatingManagerId: user.id }),
        (e: unknown) => e instanceof DomainError && e.code === 'CASE.UNKNOWN_MANAGER',
        role,
      );
      await assert.rejects(
        svc.bulkAllocation.allocate(officer, {
          references: [c.reference],
          investigatingManagerId: user.id,
          teamId: null,
        }),
        (e: unknown) => e instanceof DomainError && e.code === 'CASE.UNKNOWN_MANAGER',
        role,
      );
    }
    const { user: officerTwo } = await makeUser(svc, 'complaints_officer');
    await svc.cases.allocate(officer, c.id, { teamId: team.id, investigatingManagerId: officerTwo.id });
    assert.equal((await svc.cases.record(officer, c.id)).case.investigatingManager, officerTwo.displayName);
  });

  it('every change to a case is in the audit trail with who, when, before and after', async () => {
    const c = await makeCase(svc, officer);
    const team = await makeTeam(svc, officer, 'Fostering Team');
    await svc.cases.allocate(officer, c.id, { teamId: team.id, investigatingManagerId: null });
    await svc.cases.setProcedure(officer, c.id, {
      procedure: 'childrens_statutory',
      reason: 'Social care for a child',
    });
    const rows = rowsOf<{ action: string; actor_label: string; before: unknown; after: unknown }>(
      await handle.db.execute(
        sql`select action, actor_label, before, after from audit_events where case_id = ${c.id} order by id`,
      ),
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      ['case.create', 'case.allocate', 'case.set_procedure'],
    );
    assert.deepEqual(rows[1]!.before, { teamId: null });
    assert.deepEqual(rows[1]!.after, { teamId: team.id });
    assert.deepEqual(rows[2]!.before, { procedure: null, reason: null });
  });
});

describe('finding cases', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let officer: Actor;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    officer = (await makeUser(svc, 'complaints_officer')).actor;
  });
  after(() => handle.close());

  it('filters by procedure, team, theme, dates and stage, and searches references, words and names', async () => {
    const team = await makeTeam(svc, officer, 'School Transport');
    const theme = (await svc.referenceData.list('theme'))[0]!;
    const a = await makeCase(svc, officer, {
      receivedOn: '2024-04-10',
      subject: 'Taxi did not arrive',
      procedure: 'corporate',
      procedureReason: 'Transport',
      teamId: team.id,
      themeIds: [theme.id],
      complainant: { givenName: 'Zainab', familyName: 'Okoro' },
    });
    const b = await makeCase(svc, officer, {
      receivedOn: '2024-05-10',
      subject: 'Social worker changed',
      description: 'Third change this year',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care',
    });
    const ids = async (f: Parameters<Services['cases']['list']>[1]) =>
      (await svc.cases.list(officer, { status: 'all', ...f })).rows.map((r) => r.id).sort();
    assert.deepEqual(await ids({ procedure: 'corporate' }), [a.id]);
    assert.deepEqual(await ids({ teamId: team.id }), [a.id]);
    assert.deepEqual(await ids({ themeId: theme.id }), [a.id]);
    assert.deepEqual(await ids({ receivedFrom: '2024-05-01' }), [b.id]);
    assert.deepEqual(await ids({ receivedTo: '2024-04-30' }), [a.id]);
    assert.deepEqual(await ids({ stage: 'none' }), [a.id, b.id].sort());
    assert.deepEqual(await ids({ q: 'okoro' }), [a.id], 'a name');
    assert.deepEqual(await ids({ q: 'third CHANGE' }), [b.id], 'words from the description');
    assert.deepEqual(await ids({ q: a.reference }), [a.id], 'the reference');
    assert.deepEqual(await ids({ q: '100%_' }), [], 'wildcards are taken literally');
  });

  it('finds a case by the names of the people on it as they are now', async () => {
    const c = await makeCase(svc, officer, {
      receivedOn: '2024-04-20',
      subject: 'Missed visit',
      complainant: { givenName: 'Ottoline', familyName: 'Quarrie', email: 'oq@example.org' },
    });
    const ids = async (q: string) => (await svc.cases.list(officer, { status: 'all', q })).rows.map((r) => r.id);
    assert.deepEqual(await ids('quarrie'), [c.id], 'a family name');
    assert.deepEqual(await ids('ottoline missed'), [c.id], 'a name and a word of the subject together');
    assert.deepEqual(await ids('oq@example'), [c.id], 'an email');
    const e = await makeCase(svc, officer, { receivedOn: '2024-04-21', subject: 'Letter about XY-48213' });
    const f = await makeCase(svc, officer, { receivedOn: '2024-04-22', subject: 'Invoice 48213 paid, see XY-482' });
    assert.deepEqual(await ids('xy-48213'), [e.id], 'a word with punctuation, found whole');
    assert.deepEqual(await ids('48213'), [f.id, e.id], 'a part of it');
    await svc.casework.addPerson(officer, c.id, 'child', { givenName: 'Perpetua', familyName: 'Quarrie' });
    assert.deepEqual(await ids('perpetua'), [c.id], 'someone added to the case');
    const complainant = (await svc.cases.record(officer, c.id)).parties.find((p) => p.givenName === 'Ottoline')!;
    await svc.casework.updatePerson(officer, c.id, complainant.id, {
      givenName: 'Ottilie',
      familyName: 'Quarrie',
      email: 'oq@example.org',
    });
    assert.deepEqual(await ids('ottilie'), [c.id], 'the name as it is now');
    assert.deepEqual(await ids('ottoline'), [], 'not as it was');
  });

  it('puts the case whose reference was typed first, then references that start with it, then the rest newest first', async () => {
    const a = await makeCase(svc, officer, { receivedOn: '2019-03-01', subject: 'Letter lost' });
    const b = await makeCase(svc, officer, { receivedOn: '2019-09-01', subject: `About ${a.reference}` });
    const c = await makeCase(svc, officer, {
      receivedOn: '2019-06-01',
      subject: 'Still waiting',
      description: `Following ${a.reference.toLowerCase()}`,
    });
    const d = await makeCase(svc, officer, { receivedOn: '2020-01-15', subject: `See ${a.reference} again` });
    const order = async (f: Parameters<Services['cases']['list']>[1]) =>
      (await svc.cases.list(officer, { status: 'all', ...f })).rows.map((r) => r.id);
    assert.deepEqual(
      await order({ q: a.reference }),
      [a.id, d.id, b.id, c.id],
      'the reference itself, then newest first',
    );
    assert.deepEqual(
      await order({ q: ` ${a.reference.toLowerCase()} ` }),
      [a.id, d.id, b.id, c.id],
      'typed in lower case, with spaces around',
    );
    // CS-2019-: the three received in 2019 start with it (newest first); the fourth only mentions one.
    assert.deepEqual(await order({ q: 'cs-2019-' }), [b.id, c.id, a.id, d.id], 'the start of a reference');
    // A page at a time, across the references that start with the words and the rest, and the download: the same order.
    const onePerPage = [];
    for (let page = 1; page <= 5; page++) onePerPage.push(...(await order({ q: 'cs-2019-', page, pageSize: 1 })));
    assert.deepEqual(onePerPage, [b.id, c.id, a.id, d.id], 'one to a page');
    const download = await svc.cases.listAll(officer, { status: 'all', q: 'cs-2019-' });
    assert.deepEqual(
      download.rows.map((r) => r.id),
      [b.id, c.id, a.id, d.id],
      'the download',
    );
    assert.deepEqual(
      await order({ q: a.reference, sort: 'received', direction: 'asc' }),
      [a.id, c.id, b.id, d.id],
      'a column chosen orders the results instead',
    );
  });

  it('gives the clock that matters next for many cases at once', async () => {
    const c = await makeCase(svc, officer, {
      receivedOn: '2024-05-28',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care',
    });
    const next = await svc.timescales.nextClocks([c.id]);
    assert.equal(next.get(c.id)?.clock, 'acknowledgement');
    assert.equal(next.get(c.id)?.result.dueOn, '2024-05-31');
  });
});
