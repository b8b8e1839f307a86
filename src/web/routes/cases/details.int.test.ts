import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../../db/database.ts';
import { auditEvents, caseParties, caseThemes, feedbackCases, people } from '../../../db/schema/index.ts';
import type { Actor } from '../../../services/actor.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/**
 * What the annual report counts of a case (category, themes, the child's
 * ethnicity, group and care status, the complainant's relationship) is
 * recorded on Record feedback and at triage, and changed on the case page:
 * each change audited, in labels.
 */
describe('recording and changing what the report counts', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let b: Browser;
  let actor: Actor;
  let teamId: string;
  const item = async (kind: Parameters<Services['referenceData']['list']>[0], n = 0) =>
    (await svc.referenceData.list(kind))[n]!;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    const { user } = await makeUser(svc, 'complaints_officer', { email: 'officer@example.gov.uk' });
    actor = { userId: user.id, role: user.role, label: 'officer' };
    teamId = (await makeTeam(svc, actor, 'Assessment Team')).id;
    b = new Browser(app);
    await b.signIn(user.email, TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  /** The error summary's messages, for an assertion's message. */
  const problems = (body: string) =>
    [
      /<title>([^<]*)/.exec(body)?.[1],
      ...[...body.matchAll(/<a href="#([^"]+)">\s*([^<]+?)\s*<\/a>/g)].map((m) => `${m[1]}: ${m[2]}`),
      /govuk-body">([^<]*)/.exec(body)?.[1],
    ].join('; ');
  const caseRow = async (reference: string) =>
    (await handle.db.select().from(feedbackCases).where(eq(feedbackCases.reference, reference)))[0]!;
  const themesOf = async (caseId: string) =>
    (await handle.db.select().from(caseThemes).where(eq(caseThemes.caseId, caseId))).map((t) => t.themeId).sort();

  it('records category, themes and the child’s details on Record feedback, keeping a child with no name', async () => {
    const [channel, category, theme1, theme2, ethnicity, group] = await Promise.all([
      item('channel'),
      item('category', 1),
      item('theme', 0),
      item('theme', 2),
      item('ethnicity', 3),
      item('service_user_group', 0),
    ]);
    await b.get('/cases/new');
    const res = await b.post('/cases/new', {
      type: 'complaint',
      channelId: channel.id,
      'receivedOn-day': '2',
      'receivedOn-month': '5',
      'receivedOn-year': '2024',
      subject: 'No reply from the team',
      givenName: 'Pat',
      familyName: 'Parent',
      personDecision: 'new',
      mainCategoryId: category.id,
      themeIds: [theme1.id, theme2.id],
      childEthnicityId: ethnicity.id,
      serviceUserGroupId: group.id,
      lookedAfter: 'yes',
    });
    assert.equal(res.statusCode, 302, problems(res.body));
    const reference = /\/cases\/([^?]+)/.exec(res.headers.location as string)![1]!;
    const row = await caseRow(reference);
    assert.equal(row.mainCategoryId, category.id);
    assert.deepEqual(await themesOf(row.id), [theme1.id, theme2.id].sort());
    const [child] = await handle.db
      .select({ party: caseParties, person: people })
      .from(caseParties)
      .innerJoin(people, eq(people.id, caseParties.personId))
      .where(eq(caseParties.caseId, row.id))
      .then((r) => r.filter((p) => p.party.role === 'child'));
    assert.ok(child, 'a child with details but no name is still recorded');
    assert.equal(child.person.ethnicityId, ethnicity.id);
    assert.equal(child.party.serviceUserGroupId, group.id);
    assert.equal(child.party.lookedAfter, true);
  });

  it('refuses a bad email and a child born in the future on Record feedback, naming each', async () => {
    await b.get('/cases/new');
    const res = await b.post('/cases/new', {
      type: 'complaint',
      channelId: (await item('channel')).id,
      'receivedOn-day': '2',
      'receivedOn-month': '5',
      'receivedOn-year': '2024',
      subject: 'x',
      givenName: 'Pat',
      email: 'pat at example',
      personDecision: 'new',
      'childDob-day': '1',
      'childDob-month': '1',
      'childDob-year': '2090',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#email"[^>]*>Enter an email address like name@example.com/);
    // The form's own checks first, then the service's against today.
    const again = await b.post('/cases/new', {
      type: 'complaint',
      channelId: (await item('channel')).id,
      'receivedOn-day': '2',
      'receivedOn-month': '5',
      'receivedOn-year': '2024',
      subject: 'x',
      givenName: 'Pat',
      personDecision: 'new',
      'childDob-day': '1',
      'childDob-month': '1',
      'childDob-year': '2090',
    });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /href="#childDob-day"[^>]*>The date of birth must be in the past/);
  });

  it('sets category and themes at triage, audited in labels', async () => {
    const made = await makeCase(svc, actor);
    const [category, theme] = await Promise.all([item('category', 2), item('theme', 1)]);
    await b.get(`/cases/${made.reference}/triage`);
    const res = await b.post(`/cases/${made.reference}/triage`, {
      version: String((await caseRow(made.reference)).version),
      type: 'complaint',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care',
      decision: 'stage1',
      teamId,
      investigatingManagerId: actor.userId!,
      mainCategoryId: category.id,
      themeIds: theme.id,
    });
    assert.equal(res.statusCode, 302, problems(res.body));
    const row = await caseRow(made.reference);
    assert.equal(row.mainCategoryId, category.id);
    assert.deepEqual(await themesOf(row.id), [theme.id]);
    const audit = await handle.db.select().from(auditEvents).where(eq(auditEvents.caseId, row.id));
    const details = audit.find((a) => a.action === 'case.update_details');
    assert.deepEqual(details?.after, { mainCategory: category.label, themes: [theme.label] });
  });

  it('changes the subject, category and themes from the case page, and takes a theme away', async () => {
    const made = await makeCase(svc, actor);
    const [theme1, theme2, category] = await Promise.all([item('theme', 0), item('theme', 1), item('category', 0)]);
    const page = await b.get(`/cases/${made.reference}`);
    assert.match(page.body, new RegExp(`href="/cases/${made.reference}/details"[^>]*>\\s*Change`));
    await b.get(`/cases/${made.reference}/details`);
    let res = await b.post(`/cases/${made.reference}/details`, {
      subject: 'Delay in the assessment',
      mainCategoryId: category.id,
      themeIds: [theme1.id, theme2.id],
    });
    assert.equal(res.statusCode, 302, problems(res.body));
    await b.get(`/cases/${made.reference}/details`);
    res = await b.post(`/cases/${made.reference}/details`, {
      subject: 'Delay in the assessment',
      mainCategoryId: category.id,
      themeIds: theme2.id,
    });
    assert.equal(res.statusCode, 302);
    const row = await caseRow(made.reference);
    assert.equal(row.subject, 'Delay in the assessment');
    assert.deepEqual(await themesOf(row.id), [theme2.id]);
    const trail = (await handle.db.select().from(auditEvents).where(eq(auditEvents.caseId, row.id))).filter(
      (a) => a.action === 'case.update_details',
    );
    assert.equal(trail.length, 2);
    assert.deepEqual(trail[1]!.before, { themes: [theme1.label, theme2.label].sort() });
    assert.deepEqual(trail[1]!.after, { themes: [theme2.label] });
  });

  it('refuses an empty subject and an item from another list, keeping the case as it was', async () => {
    const made = await makeCase(svc, actor);
    const channel = await item('channel');
    await b.get(`/cases/${made.reference}/details`);
    let res = await b.post(`/cases/${made.reference}/details`, { subject: '  ' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#subject"[^>]*>Enter a short subject/);
    res = await b.post(`/cases/${made.reference}/details`, { subject: 'Fine', themeIds: channel.id });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Choose a theme from the list/);
    res = await b.post(`/cases/${made.reference}/details`, { subject: 'Fine', themeIds: 'not-a-uuid' });
    assert.equal(res.statusCode, 400);
    assert.equal((await caseRow(made.reference)).subject, 'Social worker has not called back');
  });

  it('adds a child to a case that had none, then changes their details and the complainant’s', async () => {
    const made = await makeCase(svc, actor, {
      complainant: { givenName: 'Pat', familyName: 'Parent', email: 'pat@example.com' },
    });
    const page = await b.get(`/cases/${made.reference}`);
    assert.match(page.body, /Add the child or young person/);
    const [ethnicity, group, relationship] = await Promise.all([
      item('ethnicity', 1),
      item('service_user_group', 1),
      item('complainant_relationship', 0),
    ]);
    assert.match(
      (await b.get(`/cases/${made.reference}/people/new?role=advocate`)).body,
      /<h1[^>]*>\s*Add an advocate/,
    );
    assert.match((await b.get(`/cases/${made.reference}/people/new?role=child`)).body, /<h1[^>]*>\s*Add a child/);
    let res = await b.post(`/cases/${made.reference}/people/new?role=child`, {
      givenName: 'Sam',
      'dateOfBirth-day': '4',
      'dateOfBirth-month': '6',
      'dateOfBirth-year': '2012',
      ethnicityId: ethnicity.id,
      serviceUserGroupId: group.id,
      lookedAfter: 'no',
    });
    assert.equal(res.statusCode, 302, problems(res.body));
    const record = await svc.cases.record(actor, made.id);
    const child = record.parties.find((p) => p.role === 'child')!;
    assert.deepEqual(
      [child.givenName, child.dateOfBirth, child.ethnicity, child.serviceUserGroup, child.lookedAfter],
      ['Sam', '2012-06-04', ethnicity.label, group.label, false],
    );
    const complainant = record.parties.find((p) => p.role === 'complainant')!;
    await b.get(`/cases/${made.reference}/people/${complainant.id}`);
    res = await b.post(`/cases/${made.reference}/people/${complainant.id}`, {
      givenName: 'Pat',
      familyName: 'Parent-Jones',
      email: 'not an email',
      relationshipId: relationship.id,
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Enter an email address like name@example.com/);
    res = await b.post(`/cases/${made.reference}/people/${complainant.id}`, {
      givenName: 'Pat',
      familyName: 'Parent-Jones',
      email: 'pat.jones@example.com',
      relationshipId: relationship.id,
    });
    assert.equal(res.statusCode, 302);
    const after = await svc.cases.record(actor, made.id);
    const changed = after.parties.find((p) => p.role === 'complainant')!;
    assert.deepEqual(
      [changed.name, changed.email, changed.relationship],
      ['Pat Parent-Jones', 'pat.jones@example.com', relationship.label],
    );
    const entry = after.audit.filter((a) => a.action === 'person.update').at(-1)!;
    assert.deepEqual(entry.before, { email: 'pat@example.com', familyName: 'Parent', relationship: null });
    // Who it is about is kept beside the changes, so the history names them.
    assert.deepEqual(entry.after, {
      partyRole: 'complainant',
      personName: 'Pat Parent-Jones',
      email: 'pat.jones@example.com',
      familyName: 'Parent-Jones',
      relationship: relationship.label,
    });
    assert.equal(entry.summary, 'Changed the details of the complainant, Pat Parent-Jones');
  });

  it('answers a person who is not on this case with page not found', async () => {
    const one = await makeCase(svc, actor, { complainant: { givenName: 'A', familyName: 'One' } });
    const two = await makeCase(svc, actor, { complainant: { givenName: 'B', familyName: 'Two' } });
    const other = (await svc.cases.record(actor, two.id)).parties[0]!;
    const res = await b.get(`/cases/${one.reference}/people/${other.id}`);
    assert.equal(res.statusCode, 404);
    await b.get(`/cases/${one.reference}`);
    await assert.rejects(
      svc.casework.updatePerson(actor, one.id, other.id, { givenName: 'X' }),
      /That person on this case/,
    );
  });
});

describe('the printable view of a case', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('shows the facts, clocks, letters and the history as sentences, with no form and no navigation', async () => {
    const { user } = await makeUser(svc, 'complaints_officer', { email: 'printer@example.gov.uk' });
    const actor: Actor = { userId: user.id, role: user.role, label: user.displayName };
    const teamId = (await makeTeam(svc, actor, 'Assessment Team')).id;
    const made = await makeCase(svc, actor, { complainant: { givenName: 'Pat', familyName: 'Parent' } });
    await svc.triage.apply(actor, made.id, {
      type: 'complaint',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care',
      decision: 'stage1',
      teamId,
      investigatingManagerId: user.id,
      acknowledgedOn: '2024-05-02',
    });
    await svc.letters.issue(actor, made.id, {
      templateKey: 'acknowledgement',
      subject: 'Your complaint',
      body: 'We have your complaint.',
      delivery: 'word',
    });
    const b = new Browser(app);
    await b.signIn(user.email, TEST_PASSWORD);
    const res = await b.get(`/cases/${made.reference}/print`);
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /<form|<input|<textarea|<select|govuk-service-navigation/);
    assert.match(res.body, /Pat Parent/);
    assert.match(res.body, /Your complaint/);
    assert.match(res.body, /Triaged: accepted at the first stage/);
    assert.match(res.body, /Acknowledged: 2 May 2024|Acknowledged[\s\S]{0,200}2 May 2024/);
    assert.match(res.body, /Stage 1 response[\s\S]{0,80}(On time|Due|due)/i);
    assert.doesNotMatch(res.body, /\{&quot;|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    const page = await b.get(`/cases/${made.reference}`);
    assert.match(page.body, new RegExp(`href="/cases/${made.reference}/print"`));
  });
});

describe('a person on several cases', () => {
  let handle: DatabaseHandle;
  let svc: Services;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
  });
  after(async () => handle.close());

  it('is changed only by someone who may change every case they are on, and each case’s history says so', async () => {
    const { actor: officer } = await makeUser(svc, 'complaints_officer');
    const { user: mgr, actor: manager } = await makeUser(svc, 'investigating_manager');
    const team = await makeTeam(svc, officer, 'Assessment Team');
    const mine = await makeCase(svc, officer, {
      complainant: { givenName: 'Sarah', familyName: 'Harris', email: 'sarah@example.com' },
    });
    const personId = (await svc.cases.record(officer, mine.id)).parties[0]!.personId;
    const theirs = await makeCase(svc, officer, { complainant: { existingPersonId: personId } });
    await svc.triage.apply(officer, mine.id, {
      type: 'complaint',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care',
      decision: 'stage1',
      teamId: team.id,
      investigatingManagerId: mgr.id,
      acknowledgedOn: null,
    });
    const party = (await svc.cases.record(officer, mine.id)).parties[0]!;
    await assert.rejects(
      svc.casework.updatePerson(manager, mine.id, party.id, {
        givenName: 'Sarah',
        familyName: 'Harris',
        email: 'attacker@evil.example',
      }),
      (e: Error & { code?: string }) => e.code === 'PERSON.ON_OTHER_CASES' && e.message.includes(theirs.reference),
    );
    assert.equal((await svc.cases.record(officer, theirs.id)).parties[0]!.email, 'sarah@example.com');
    // What belongs to this case alone (the relationship) the manager may still change.
    const [relationship] = await svc.referenceData.list('complainant_relationship');
    await svc.casework.updatePerson(manager, mine.id, party.id, {
      givenName: 'Sarah',
      familyName: 'Harris',
      email: 'sarah@example.com',
      relationshipId: relationship!.id,
    });
    // An officer may change her everywhere; the other case's history says where it was done.
    await svc.casework.updatePerson(officer, mine.id, party.id, {
      givenName: 'Sarah',
      familyName: 'Harris',
      email: 'sarah.h@example.com',
      relationshipId: relationship!.id,
    });
    const other = await svc.cases.record(officer, theirs.id);
    assert.equal(other.parties[0]!.email, 'sarah.h@example.com');
    const entry = other.audit.find((a) => a.action === 'person.update_elsewhere')!;
    assert.equal(entry.summary, 'Changed the details of Sarah Harris, from another case');
    assert.deepEqual(entry.changes, [
      `Changed on case: ${mine.reference}`,
      'Email: sarah@example.com → sarah.h@example.com',
    ]);
    await assert.rejects(
      svc.casework.addPerson(officer, mine.id, 'complainant', { givenName: 'Second' }),
      (e: Error & { code?: string }) => e.code === 'PERSON.ONE_COMPLAINANT',
    );
  });
});
