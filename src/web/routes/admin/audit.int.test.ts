import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../../domain/clock.ts';
import type { DatabaseHandle } from '../../../db/database.ts';
import { rowsOf } from '../../../db/rows.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeCase, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

interface AccessRow {
  action: string;
  actor_label: string;
  client_address: string | null;
  detail: Record<string, unknown> | null;
  case_id: string | null;
  case_ids: string[] | null;
}

describe('who saw what: reads in the access log, and the administrators’ search and download', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let officer: Browser;
  let admin: Browser;
  let reference: string;
  let caseId: string;

  /** The results, without the filters' own choices (which name every kind and every member of staff). */
  const results = (body: string) => body.slice(body.indexOf('data-testid="audit-export"'));

  const accessRows = async (action: string) =>
    rowsOf<AccessRow>(
      await handle.db.execute(
        sql`select action, actor_label, client_address, detail, case_id, case_ids from access_events where action = ${action} order by id`,
      ),
    );

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-06-03T09:00:00Z'));
    app = await testApp(svc);
    // A name a spreadsheet would run as a formula, to show the download defuses it.
    const { actor } = await makeUser(svc, 'complaints_officer', {
      email: 'officer@example.gov.uk',
      displayName: '=HYPERLINK("x") Jo',
    });
    await makeUser(svc, 'administrator', { email: 'admin@example.gov.uk', displayName: 'Ada Admin' });
    const made = await makeCase(svc, actor, {
      subject: 'Contact arrangements',
      // In the last financial year, the report's default period.
      receivedOn: '2024-03-01',
      child: { givenName: 'Tilly', familyName: 'Marchbank' },
    });
    await makeCase(svc, actor, { subject: 'Another family entirely' });
    reference = made.reference;
    caseId = made.id;
    officer = new Browser(app, { remoteAddress: '198.51.100.20' });
    admin = new Browser(app, { remoteAddress: '203.0.113.9' });
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('records a failed sign-in with the email tried and the address, never the password; then the sign-in', async () => {
    const failed = await officer.signIn('officer@example.gov.uk', 'not the password at all');
    assert.equal(failed.statusCode, 400);
    const [attempt] = await accessRows('sign_in.failed');
    assert.equal(attempt!.actor_label, 'Someone not signed in');
    assert.equal(attempt!.client_address, '198.51.100.20');
    assert.deepEqual(attempt!.detail, {
      email: 'officer@example.gov.uk',
      reason: 'email address or password not right',
    });
    const stored = JSON.stringify(await accessRows('sign_in.failed'));
    assert.doesNotMatch(stored, /not the password/);
    assert.equal((await officer.signIn('officer@example.gov.uk', TEST_PASSWORD)).statusCode, 302);
    const [signedIn] = await accessRows('sign_in.succeeded');
    assert.equal(signedIn!.actor_label, '=HYPERLINK("x") Jo (complaints officer)');
  });

  it('records the case page, its printable record, a document, the letters and a case-list download, each with the address', async () => {
    assert.equal((await officer.get(`/cases/${reference}`)).statusCode, 200);
    const upload = await officer.postMultipart(`/cases/${reference}/attachments`, {}, [
      { field: 'file', fileName: 'note.txt', content: 'A note', contentType: 'text/plain' },
    ]);
    assert.equal(upload.statusCode, 302);
    const page = await officer.get(`/cases/${reference}`);
    const href = /href="(\/cases\/[^"]+\/attachments\/[0-9a-f-]{36})"/.exec(page.body)![1]!;
    const file = await officer.get(href);
    assert.equal(file.body, 'A note');
    assert.equal((await officer.get(`/cases/${reference}/print`)).statusCode, 200);
    assert.equal((await officer.get(`/cases/${reference}/triage`)).statusCode, 200);
    assert.equal((await officer.get(`/cases/${reference}/letters`)).statusCode, 200);
    assert.equal((await officer.get('/cases/export.csv?status=all')).statusCode, 200);

    const viewed = await accessRows('case.viewed');
    assert.equal(viewed.length, 3, 'both openings of the case page (the one after the upload too) and the triage page');
    assert.deepEqual(viewed[2]!.detail, { page: 'triage' });
    assert.equal(viewed[0]!.case_id, caseId);
    assert.equal(viewed[0]!.client_address, '198.51.100.20');
    const [download] = await accessRows('attachment.downloaded');
    assert.deepEqual(download!.detail, { fileName: 'note.txt' });
    assert.equal((await accessRows('case.printed')).length, 1);
    assert.equal((await accessRows('letters.viewed')).length, 1);
    const [exported] = await accessRows('cases.exported');
    assert.equal(exported!.case_ids!.length, 2, 'the download names every case it held');
    assert.ok(exported!.case_ids!.includes(caseId));
    assert.equal(exported!.detail!.rows, 2);
  });

  it('records the report’s JSON and the cases behind a figure, which name cases, with every case they named', async () => {
    assert.equal((await officer.get('/reports/annual.json')).statusCode, 200);
    const [json] = await accessRows('report.exported');
    assert.ok(json!.case_ids!.includes(caseId), 'the exact model names the case');
    const report = await officer.get('/reports/annual');
    const href = /href="(\/reports\/annual\/cases\?[^"]+)"/.exec(report.body)![1]!.replace(/&amp;/g, '&');
    assert.equal((await officer.get(href)).statusCode, 200);
    const [behind] = await accessRows('report.cases_viewed');
    assert.ok(behind!.case_ids!.length >= 1);
    assert.equal(behind!.client_address, '198.51.100.20');
  });

  it('keeps reads out of the case page’s history of changes, and offers administrators who has seen the case', async () => {
    const page = await officer.get(`/cases/${reference}`);
    const history = page.body.slice(page.body.indexOf('data-testid="audit-trail"'));
    assert.match(history, /Added a document/);
    assert.doesNotMatch(history, /Opened the case|Downloaded a document/);
    assert.doesNotMatch(page.body, /data-testid="who-saw"/, 'not for a complaints officer');
    await admin.signIn('admin@example.gov.uk', TEST_PASSWORD);
    const asAdmin = await admin.get(`/cases/${reference}`);
    assert.match(asAdmin.body, new RegExp(`href="/admin/audit\\?case=${reference}&amp;kind=reads"`));
  });

  it('lets an administrator search by case and kind, in sentences, newest first', async () => {
    const res = await admin.get(`/admin/audit?case=${reference}&kind=reads`);
    assert.equal(res.statusCode, 200);
    const table = res.body.slice(res.body.indexOf('data-testid="audit-events"'));
    const order = ['Opened the case', 'Downloaded the case list', 'Opened the list of the case’s letters'];
    const at = order.map((s) => table.indexOf(s));
    assert.ok(
      at.every((i) => i > 0),
      `all found: ${at.join(',')}`,
    );
    // The administrator's own opening of the case is newest, then the officer's download, then the letters.
    assert.ok(at[1]! < at[2]!, 'newest first');
    assert.match(table, /Ada Admin \(administrator\)/);
    assert.match(table, /198\.51\.100\.20/);
    assert.match(table, /File: note\.txt/);
    assert.doesNotMatch(table, /Recorded the case/, 'reads only');

    const changes = await admin.get(`/admin/audit?case=${reference}&kind=changes`);
    assert.match(results(changes.body), /Recorded the case/);
    assert.doesNotMatch(results(changes.body), /Opened the case/);

    const signIns = await admin.get('/admin/audit?kind=sign_in.failed');
    assert.match(results(signIns.body), /Email tried: officer@example\.gov\.uk/);
    assert.doesNotMatch(results(signIns.body), /Opened the case/);
  });

  it('finds a case’s events by a person’s name, and by who did them and when', async () => {
    const users = await svc.users.list();
    const officerId = users.find((u) => u.email === 'officer@example.gov.uk')!.id;
    const byUser = await admin.get(`/admin/audit?user=${officerId}&kind=reads`);
    assert.doesNotMatch(results(byUser.body), /Ada Admin/);
    assert.match(results(byUser.body), /Opened the case/);
    const none = await admin.get('/admin/audit?from=2024-06-04');
    assert.match(none.body, /No events match these filters/);
    const bad = await admin.get('/admin/audit?from-day=31&from-month=2&from-year=2024');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    const byChild = results((await admin.get('/admin/audit?person=marchb&kind=changes')).body);
    assert.match(byChild, new RegExp(reference));
    assert.match(byChild, /Recorded the case/);
    assert.doesNotMatch(byChild, /Another family entirely|CS-2024-00002/, 'only the cases the person is on');
    const nobody = await admin.get('/admin/audit?person=Nobody%20Atall');
    assert.match(nobody.body, /No events match these filters/);
  });

  it('downloads the filtered trail as CSV with formula cells defused, and records the download', async () => {
    const res = await admin.get(`/admin/audit/export.csv?case=${reference}`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/csv/);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines[0], 'When (UTC),Who,Kind,Action,What,Details,Case,Client address');
    assert.ok(
      lines.some((l) => l.includes('"\'=HYPERLINK(""x"") Jo (complaints officer)"')),
      'the name is quoted, not run',
    );
    assert.ok(lines.some((l) => l.includes('case.create') && l.includes(reference)));
    assert.ok(lines.some((l) => l.includes('attachment.downloaded') && l.includes('198.51.100.20')));
    const [recorded] = await accessRows('audit.exported');
    assert.equal(recorded!.actor_label, 'Ada Admin (administrator)');
    assert.equal(recorded!.detail!.filters, `case=${reference}`);
  });

  it('is for administrators only, and the access log cannot be rewritten', async () => {
    assert.equal((await officer.get('/admin/audit')).statusCode, 403);
    const refused = (e: unknown) => /append-only/.test(String((e as { cause?: unknown }).cause ?? e));
    await assert.rejects(handle.db.execute(sql`update access_events set actor_label = 'someone else'`), refused);
    await assert.rejects(handle.db.execute(sql`delete from access_events`), refused);
    await assert.rejects(handle.db.execute(sql`truncate access_events`), refused);
  });

  it('records signing out', async () => {
    await officer.get('/');
    assert.equal((await officer.post('/sign-out', {})).statusCode, 302);
    const [out] = await accessRows('sign_out');
    assert.equal(out!.actor_label, '=HYPERLINK("x") Jo (complaints officer)');
    assert.equal(out!.client_address, '198.51.100.20');
  });
});
