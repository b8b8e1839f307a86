import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { formatLongDate } from '../../../domain/calendar/iso-date.ts';
import { fixedClock } from '../../../domain/clock.ts';
import type { DatabaseHandle } from '../../../db/database.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeCase, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, multipartFile, testApp } from '../../../../test/support/web.ts';

describe('timescales and working days in the browser interface', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let b: Browser;
  let caseRef: string;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-04-05T09:00:00Z'));
    app = await testApp(svc);
    const { user, actor } = await makeUser(svc, 'administrator', { email: 'admin@example.gov.uk' });
    void user;
    caseRef = (
      await makeCase(svc, actor, {
        receivedOn: '2024-03-27',
        procedure: 'childrens_statutory',
        procedureReason: 'Social care',
      })
    ).reference;
    b = new Browser(app);
    await b.signIn('admin@example.gov.uk', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('the case page shows each clock with its due date, status and explanation', async () => {
    const page = await b.get(`/cases/${caseRef}`);
    assert.equal(page.statusCode, 200);
    const clocks = page.body.slice(page.body.indexOf('data-testid="clocks"'));
    assert.match(clocks, /Stage 1 response/);
    assert.match(clocks, /12 April 2024/);
    assert.match(clocks, /On time/);
    assert.match(page.body, /Skipped: 29 March 2024 Good Friday; 1 April 2024 Easter Monday\./);
    assert.match(page.body, /Rule: Children Act 1989 Representations Procedure \(England\) Regulations 2006/);
  });

  it('lists the rules per procedure with their sources', async () => {
    const list = await b.get('/admin/timescales');
    assert.match(list.body, /Children&#39;s statutory procedure/);
    const id = /href="\/admin\/timescales\/([0-9a-f-]{36})"/.exec(list.body)![1]!;
    const detail = await b.get(`/admin/timescales/${id}`);
    assert.match(detail.body, /10 working days/);
    assert.match(detail.body, /up to 20 working days, with the complainant&#39;s agreement/);
    assert.match(detail.body, /reg\. 19\(4\)/);
  });

  it('new rules start only from a preset that is one (not a name every object has)', async () => {
    for (const preset of ['toString', 'constructor', '__proto__', 'nope']) {
      const res = await b.get(`/admin/timescales/new?preset=${preset}`);
      assert.equal(res.statusCode, 302, preset);
      assert.equal(res.headers.location, '/admin/timescales');
    }
  });

  it('a new version with a bad number is refused with the error by its field; a good one is saved', async () => {
    await b.get('/admin/timescales/new?preset=complaint_handling_code');
    const form = {
      preset: 'complaint_handling_code',
      name: 'Our Code rules',
      procedure: 'corporate',
      'effectiveFrom-day': '1',
      'effectiveFrom-month': '6',
      'effectiveFrom-year': '2024',
      dueSoonDays: '2',
      'acknowledgement-days': '5',
      'stage1_response-days': '10',
      'stage1_response-extendableTo': '5',
      'stage1_response-startsOn': 'acknowledged',
      'stage2_request-days': '20',
      'stage2_investigation-days': '20',
      'stage2_investigation-extendableTo': '30',
      'stage2_investigation-startsOn': 'stage_started',
      'lgsco_enquiry-days': '28',
      'lgsco_enquiry-extendableTo': '56',
    };
    const bad = await b.post('/admin/timescales', form);
    assert.equal(bad.statusCode, 400);
    assert.match(
      bad.body,
      /href="#stage1_response-extendableTo">stage1 response: The extended timescale must be a whole number, at least the base timescale \(10\)/,
    );
    assert.match(bad.body, /value="Our Code rules"/);
    const good = await b.post('/admin/timescales', { ...form, 'stage1_response-extendableTo': '20' });
    assert.equal(good.statusCode, 302);
    const saved = (await svc.timescales.all()).find((p) => p.name === 'Our Code rules')!;
    assert.equal(saved.effectiveFrom, '2024-06-01');
    assert.equal(saved.rules.stage1_response!.startsOn, 'acknowledged');
    assert.match(saved.rules.stage1_response!.source, /Complaint Handling Code/);
  });

  it('adds and removes closure days; a bad date keeps what was typed', async () => {
    await b.get('/admin/calendar');
    const bad = await b.post('/admin/calendar/closure-days', {
      'date-day': '32',
      'date-month': '12',
      'date-year': '2024',
      description: 'Council closed',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#date-day">The date must be a real date/);
    assert.match(bad.body, /value="Council closed"/);
    const ok = await b.post('/admin/calendar/closure-days', {
      'date-day': '27',
      'date-month': '12',
      'date-year': '2024',
      description: 'Council closed',
    });
    assert.equal(ok.statusCode, 302);
    const page = await b.get('/admin/calendar');
    assert.match(page.body, /27 December 2024/);
    const removed = await b.post('/admin/calendar/closure-days/2024-12-27/remove', {});
    assert.equal(removed.statusCode, 302);
    assert.equal((await svc.calendar.closureDays()).length, 0);
  });

  it('lists the open cases whose due dates a closure day moves, dates already told first, and adds it only when confirmed', async () => {
    const id = (await svc.cases.idForReference(caseRef))!;
    const due = (await svc.timescales.clocksForCase(id)).clocks.find((k) => k.clock === 'stage1_response')!.result
      .dueOn!;
    const [admin] = await svc.users.list();
    const actor = { userId: admin!.id, role: admin!.role, label: 'admin' };
    await svc.letters.issue(actor, id, {
      templateKey: 'acknowledgement',
      subject: 'Your complaint',
      body: `We will reply by ${formatLongDate(due)}.`,
      delivery: 'word',
    });
    await b.get('/admin/calendar');
    const asked = await b.post('/admin/calendar/closure-days', {
      'date-day': '8',
      'date-month': '4',
      'date-year': '2024',
      description: 'Office move',
    });
    assert.equal(asked.statusCode, 200);
    assert.match(asked.body, /Add the closure day\?/);
    assert.match(asked.body, new RegExp(`${caseRef}[\\s\\S]*Stage 1 response[\\s\\S]*${formatLongDate(due)} → `));
    assert.match(asked.body, /1 complainant was already told a date that would change/);
    assert.equal((await svc.calendar.closureDays()).length, 0, 'nothing saved before confirming');
    const confirmed = await b.post('/admin/calendar/closure-days', {
      'date-day': '8',
      'date-month': '4',
      'date-year': '2024',
      description: 'Office move',
      confirm: 'yes',
    });
    assert.equal(confirmed.statusCode, 302);
    const moved = (await svc.timescales.clocksForCase(id)).clocks.find((k) => k.clock === 'stage1_response')!.result
      .dueOn!;
    assert.ok(moved > due, `the due date moved on from ${due} to ${moved}`);
    await b.get('/admin/calendar');
    const removal = await b.post('/admin/calendar/closure-days/2024-04-08/remove', {});
    assert.equal(removal.statusCode, 200);
    assert.match(removal.body, /Remove the closure day\?/);
    assert.equal((await svc.calendar.closureDays()).length, 1);
    const removed = await b.post('/admin/calendar/closure-days/2024-04-08/remove', { confirm: 'yes' });
    assert.equal(removed.statusCode, 302);
    assert.equal((await svc.calendar.closureDays()).length, 0);
  });

  it('loads a GOV.UK bank holidays file; a malformed one is refused and changes nothing', async () => {
    await b.get('/admin/calendar');
    const bad = await b.postMultipart('/admin/calendar/bank-holidays', {}, [
      { field: 'file', fileName: 'bank-holidays.json', content: '{"scotland": {}}', contentType: 'application/json' },
    ]);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The file was not loaded: The file has no &quot;england-and-wales&quot; division/);
    assert.equal((await svc.calendar.source()).uploads.length, 0);
    await b.get('/admin/calendar');
    const file = JSON.stringify({
      'england-and-wales': {
        division: 'england-and-wales',
        events: [{ date: '2028-01-03', title: 'New Year’s Day', notes: '', bunting: true }],
      },
    });
    const token = b.csrf();
    const inUrl = await b.upload(
      `/admin/calendar/bank-holidays?_csrf=${encodeURIComponent(token)}`,
      multipartFile('file', 'bank-holidays.json', file),
    );
    assert.equal(inUrl.statusCode, 403, 'a token in the URL is not accepted');
    await b.get('/admin/calendar');
    const good = await b.postMultipart('/admin/calendar/bank-holidays', {}, [
      { field: 'file', fileName: 'bank-holidays.json', content: file, contentType: 'application/json' },
    ]);
    assert.equal(good.statusCode, 302);
    assert.match(decodeURIComponent(String(good.headers.location)), /1 bank holidays, 2028 to 2028/);
    const withoutToken = await b.upload(
      '/admin/calendar/bank-holidays',
      multipartFile('file', 'bank-holidays.json', file),
    );
    assert.equal(withoutToken.statusCode, 403);
  });

  it('only administrators reach these pages', async () => {
    await makeUser(svc, 'complaints_officer', { email: 'officer@example.gov.uk' });
    const officer = new Browser(app);
    await officer.signIn('officer@example.gov.uk', TEST_PASSWORD);
    assert.equal((await officer.get('/admin/timescales')).statusCode, 403);
    assert.equal((await officer.get('/admin/calendar')).statusCode, 403);
  });
});

describe('recording a clock event from the case page', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let b: Browser;
  let ref: string;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-04-05T09:00:00Z'));
    app = await testApp(svc);
    const { actor } = await makeUser(svc, 'complaints_officer', { email: 'officer@example.gov.uk' });
    ref = (
      await makeCase(svc, actor, {
        receivedOn: '2024-03-27',
        procedure: 'childrens_statutory',
        procedureReason: 'Social care',
      })
    ).reference;
    b = new Browser(app);
    await b.signIn('officer@example.gov.uk', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('an extension past the cap is refused with an error summary, keeping what was typed; one within it moves the due date', async () => {
    await b.get(`/cases/${ref}`);
    const form = {
      clock: 'stage1_response',
      kind: 'extended',
      'on-day': '4',
      'on-month': '4',
      'on-year': '2024',
      days: '11',
      complainantAgreed: 'yes',
      reason: 'Complex complaint',
    };
    const bad = await b.post(`/cases/${ref}/clock-events`, form);
    assert.equal(bad.statusCode, 400);
    assert.match(
      bad.body,
      /href="#days">This extension was not recorded: the timescale can be extended to 20 working days at most; this would make it 21/,
    );
    assert.match(bad.body, /value="11"/);
    assert.match(bad.body, /Complex complaint/);
    const good = await b.post(`/cases/${ref}/clock-events`, { ...form, days: '10' });
    assert.equal(good.statusCode, 302);
    const page = await b.get(`/cases/${ref}`);
    assert.match(page.body, /extended to 26 April 2024/);
    assert.match(
      page.body,
      /Extended by 10 working days on 4 April 2024 with the complainant&#39;s agreement \(Complex complaint\)\./,
    );
  });
});

describe('importing from the admin page', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let b: Browser;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-06-01T09:00:00Z'));
    app = await testApp(svc);
    await makeUser(svc, 'administrator', { email: 'admin@example.gov.uk' });
    b = new Browser(app);
    await b.signIn('admin@example.gov.uk', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('checks a file and lists each problem by line; then imports a good file with a mapping', async () => {
    await b.get('/admin/import');
    const bad =
      'legacy_reference,type,received_on,channel\nA1,Complaint,2024-02-30,Email\nA2,Grumble,2024-03-01,Email\n';
    const checked = await b.postMultipart('/admin/import', { legacySystem: 'Old CRM', mode: 'import' }, [
      { field: 'file', fileName: 'cases.csv', content: bad, contentType: 'text/csv' },
    ]);
    assert.equal(checked.statusCode, 400);
    assert.match(checked.body, /Nothing has been imported/);
    assert.match(checked.body, /received_on[\s\S]*?2024-02-30[\s\S]*?is not a date/);
    assert.match(checked.body, /&quot;Grumble&quot; is not a known type/);
    assert.equal(
      (await svc.cases.countsByType({ userId: null, role: 'administrator', label: 'x' }, '2024-01-01', '2024-12-31'))
        .complaint,
      0,
    );
    await b.get('/admin/import');
    const mapping = JSON.stringify({ type: { Grumble: 'complaint' } });
    const good = await b.postMultipart('/admin/import', { legacySystem: 'Old CRM', mode: 'import' }, [
      {
        field: 'file',
        fileName: 'cases.csv',
        content: bad.replace('2024-02-30', '2024-02-28'),
        contentType: 'text/csv',
      },
      { field: 'mapping', fileName: 'mapping.json', content: mapping, contentType: 'application/json' },
    ]);
    assert.equal(good.statusCode, 200);
    assert.match(good.body, /2 cases imported/);
    assert.equal(
      (await svc.cases.countsByType({ userId: null, role: 'administrator', label: 'x' }, '2024-01-01', '2024-12-31'))
        .complaint,
      2,
    );
  });

  it('a missing file or bad mapping is an error by its field', async () => {
    await b.get('/admin/import');
    const res = await b.postMultipart('/admin/import', { legacySystem: 'Old CRM', mode: 'check' }, [
      { field: 'mapping', fileName: 'm.json', content: '{oops', contentType: 'application/json' },
    ]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#mapping">The mapping file is not valid JSON/);
    assert.match(res.body, /href="#file">Choose a .csv or .xlsx file/);
  });
});

describe('context figures', () => {
  it('an administrator enters a yearly figure and the report gives complaints per 1,000', async () => {
    const handle = await testDatabase();
    try {
      const svc = await testServices(handle, fixedClock('2024-06-01T09:00:00Z'));
      const app = await testApp(svc);
      const { actor } = await makeUser(svc, 'administrator', { email: 'admin@example.gov.uk' });
      await makeCase(svc, actor, { receivedOn: '2023-05-01' });
      const b = new Browser(app);
      await b.signIn('admin@example.gov.uk', TEST_PASSWORD);
      await b.get('/admin/context');
      const bad = await b.post('/admin/context', {
        financialYearStart: '2023',
        measure: 'Children worked with',
        value: 'lots',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /href="#value">Enter a number greater than 0/);
      assert.equal(
        (
          await b.post('/admin/context', {
            financialYearStart: '2023',
            measure: 'Children worked with',
            value: '4,000',
          })
        ).statusCode,
        302,
      );
      const model = await svc.reports.model('2023-04-01', '2024-03-31');
      assert.deepEqual(model.periods[2]!.context, [
        { measure: 'children_worked_with', value: 4000, complaintsPerThousand: 0.3 },
      ]);
      await app.close();
    } finally {
      await handle.close();
    }
  });
});
