import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../domain/clock.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import type { Services } from '../../services/index.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { makeTeam, makeUser, TEST_PASSWORD, testServices } from '../../../test/support/factories.ts';
import { Browser, testApp } from '../../../test/support/web.ts';
import { storedFiles, testFileStore } from '../../../test/support/files.ts';

describe('recording, triage and documents through the web', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let b: Browser;
  let teamId: string;
  let managerId: string;
  const store = testFileStore();

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-03-27T10:00:00Z'), { files: store });
    app = await testApp(svc);
    const { actor } = await makeUser(svc, 'complaints_officer', { email: 'officer@example.gov.uk' });
    teamId = (await makeTeam(svc, actor, 'SEND Team')).id;
    managerId = (await makeUser(svc, 'investigating_manager', { displayName: 'Mary Manager' })).user.id;
    await svc.intake.submitPublic(randomUUID(), {
      route: 'adult',
      type: 'complaint',
      relationship: 'FATHER',
      givenName: 'Paul',
      familyName: 'Evans',
      contactBy: 'phone',
      phone: '07700 900123',
      whatHappened: 'EHC plan late',
      child: { givenName: 'Ava', familyName: 'Evans' },
      consent: 'too_young',
    });
    b = new Browser(app);
    await b.signIn('officer@example.gov.uk', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('recording feedback asks whether the person is someone we know, then links the case to them', async () => {
    await b.get('/cases/new');
    const form = {
      type: 'complaint',
      channelId: (await svc.referenceData.byCode('channel')).get('TELEPHONE')!.id,
      'receivedOn-day': '27',
      'receivedOn-month': '3',
      'receivedOn-year': '2024',
      subject: 'Still no EHC plan',
      description: 'Phoned again',
      givenName: 'Paul',
      familyName: 'Evans',
      phone: '+44 7700 900123',
    };
    const first = await b.post('/cases/new', form);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /Is this someone we already know\?/);
    assert.match(
      first.body,
      /Matches on same phone number, same name\. Earlier cases: CS-2024-\d{5} \(Complaint, 27 March 2024\)/,
    );
    const personId = /name="personDecision" type="radio" value="([0-9a-f-]{36})"/.exec(first.body)![1]!;
    const done = await b.post('/cases/new', { ...form, personDecision: personId });
    assert.equal(done.statusCode, 302);
    const reference = /\/cases\/(CS-[\d-]+)\?recorded=1/.exec(String(done.headers.location))![1]!;
    const page = await b.get(`/cases/${reference}?recorded=1`);
    assert.match(page.body, /It is in the triage queue/);
    assert.equal((await svc.people.findMatches({ phone: '07700900123' }))[0]!.cases.length, 2);
  });

  it('a bad recording form keeps what was typed', async () => {
    await b.get('/cases/new');
    const bad = await b.post('/cases/new', {
      type: 'complaint',
      'receivedOn-day': '30',
      'receivedOn-month': '2',
      'receivedOn-year': '2024',
      subject: 'Keep me',
      givenName: '',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#channelId">Choose how the feedback came in/);
    assert.match(bad.body, /href="#receivedOn-day">The date must be a real date/);
    assert.match(bad.body, /href="#givenName">Enter the name/);
    assert.match(bad.body, /value="Keep me"/);
  });

  it('the triage queue lists new cases oldest first; triage shows its errors, then accepts at Stage 1', async () => {
    const queue = await b.get('/triage');
    const refs = [...queue.body.matchAll(/href="\/cases\/(CS-[\d-]+)\/triage"/g)].map((m) => m[1]!);
    assert.equal(refs.length, 2);
    const ref = refs[0]!;
    await b.get(`/cases/${ref}/triage`);
    const bad = await b.post(`/cases/${ref}/triage`, {
      type: 'complaint',
      decision: 'stage1',
      procedure: 'corporate',
      procedureReason: 'SEND is not social care',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#teamId">Choose the team that will investigate/);
    assert.match(bad.body, /href="#investigatingManagerId">Choose the investigating manager/);
    const good = await b.post(`/cases/${ref}/triage`, {
      type: 'complaint',
      decision: 'stage1',
      procedure: 'corporate',
      procedureReason: 'SEND is not social care',
      consentNote: 'The child is two',
      teamId,
      investigatingManagerId: managerId,
      version: /name="version" value="(\d+)"/.exec(bad.body)![1]!,
    });
    assert.equal(good.statusCode, 302);
    const page = await b.get(`/cases/${ref}`);
    assert.match(page.body, /Mary Manager/);
    assert.match(page.body, /data-testid="stage-stage1"/);
    assert.equal((await b.get('/triage')).body.match(/href="\/cases\/CS-[\d-]+\/triage"/g)!.length, 1);
  });

  it('documents: added by content type, downloaded only as attachments', async () => {
    const ref = (await b.get('/triage')).body.match(/href="\/cases\/(CS-[\d-]+)\/triage"/)![1]!;
    await b.get(`/cases/${ref}`);
    const bad = await b.postMultipart(`/cases/${ref}/attachments`, {}, [
      { field: 'file', fileName: 'report.pdf', content: 'not a pdf at all', contentType: 'application/pdf' },
    ]);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /report\.pdf is a text file, but its name ends \.pdf/);
    // One good file and one bad in the same upload: neither is kept.
    await b.get(`/cases/${ref}`);
    const mixed = await b.postMultipart(`/cases/${ref}/attachments`, {}, [
      { field: 'file', fileName: 'fine.txt', content: 'Fine.', contentType: 'text/plain' },
      { field: 'file', fileName: 'run.exe', content: 'MZ', contentType: 'application/octet-stream' },
    ]);
    assert.equal(mixed.statusCode, 400);
    assert.match(mixed.body, /href="#file">run\.exe must be a PDF, Word/);
    assert.deepEqual(storedFiles(store), [], 'nothing refused is left on the disk');
    const good = await b.postMultipart(`/cases/${ref}/attachments`, {}, [
      { field: 'file', fileName: 'call note.txt', content: 'Called back on 27 March.', contentType: 'text/plain' },
    ]);
    assert.equal(good.statusCode, 302);
    const page = await b.get(`/cases/${ref}`);
    const href = /href="(\/cases\/[^"]+\/attachments\/[0-9a-f-]{36})"/.exec(page.body)![1]!;
    const file = await b.get(href);
    assert.equal(file.statusCode, 200);
    assert.equal(file.body, 'Called back on 27 March.');
    assert.equal(file.headers['content-length'], '24');
    assert.equal(storedFiles(store).length, 1, 'the bytes are in the file store');
    assert.match(String(file.headers['content-disposition']), /^attachment; filename="call note\.txt"$/);
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
  });

  it('the public form sent twice (back button, double click) makes one case and shows the same reference', async () => {
    const pub = new Browser(app);
    await pub.get('/feedback/adult/start');
    const steps: [string, Record<string, string>][] = [
      ['type', { type: 'compliment' }],
      ['relationship', { relationship: 'MOTHER' }],
      ['team', { teamId }],
      ['what-happened', { whatHappened: 'Thank you to the SEND team' }],
      ['your-name', { givenName: 'Ann', familyName: 'Lee' }],
      ['contact-by', { contactBy: 'post' }],
      ['contact-details', { addressLine1: '1 High Street', postcode: 'sy2 6nd' }],
    ];
    for (const [step, form] of steps) {
      await pub.get(`/feedback/adult/${step}`);
      const res = await pub.post(`/feedback/adult/${step}`, form);
      assert.equal(res.statusCode, 302, `${step}: ${res.body.slice(0, 200)}`);
    }
    await pub.get('/feedback/adult/check');
    const token = pub.csrf();
    const before = (
      await svc.cases.countsByType({ userId: null, role: 'administrator', label: 'x' }, '2024-01-01', '2024-12-31')
    ).compliment;
    const first = await pub.post('/feedback/adult/check', {}, { csrf: token });
    const second = await pub.post('/feedback/adult/check', {}, { csrf: token });
    assert.equal(first.headers.location, '/feedback/confirmation');
    assert.equal(second.headers.location, '/feedback/confirmation');
    const after = (
      await svc.cases.countsByType({ userId: null, role: 'administrator', label: 'x' }, '2024-01-01', '2024-12-31')
    ).compliment;
    assert.equal(after, before + 1);
    const confirmation = await pub.get('/feedback/confirmation');
    assert.match(confirmation.body, /We will pass your thanks on/);
  });
});
