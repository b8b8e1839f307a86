import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../../db/database.ts';
import { auditEvents } from '../../../db/schema/index.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeCase, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/**
 * The Complaint Handling Code's annual report: Heard's evidence for each
 * requirement from the year's figures, and the council's own answers,
 * saved for the financial year, audited, and shown in the report.
 */
describe('the Complaint Handling Code’s annual report', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let officer: Browser;
  let viewer: Browser;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    const { user, actor } = await makeUser(svc, 'complaints_officer', {
      email: 'code.officer@example.gov.uk',
      displayName: 'Priya Officer',
    });
    officer = new Browser(app);
    await officer.signIn(user.email, TEST_PASSWORD);
    const { user: v } = await makeUser(svc, 'report_viewer', { email: 'code.viewer@example.gov.uk' });
    viewer = new Browser(app);
    await viewer.signIn(v.email, TEST_PASSWORD);
    // Three complaints in 2023/24: two acknowledged within 5 working days, one after 10.
    for (const [receivedOn, on] of [
      ['2023-05-02', '2023-05-04'],
      ['2023-06-01', '2023-06-08'],
      ['2023-07-03', '2023-07-17'],
    ] as const) {
      const c = await makeCase(svc, actor, { receivedOn });
      await svc.cases.acknowledge(actor, c.id, { on, how: 'letter' });
    }
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  const answers = {
    'complies-6-2': 'partly',
    'commentary-6-2': 'Two in three acknowledged on time; a duty rota starts in May.',
    'evidence-6-2': 'Complaints policy v4, section 3',
    'complies-8-1': 'yes',
  };

  it('pre-fills Heard’s evidence from the year’s figures for everyone who may read reports', async () => {
    for (const b of [officer, viewer]) {
      const page = await b.get('/reports/code?year=2023');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /2 of 3 complaints received \(67%\) acknowledged within 5 working days\./);
      assert.match(page.body, /No Stage 1 responses in the year\./);
      assert.match(page.body, /Not answered/);
    }
    const annual = await viewer.get('/reports/annual?from=2023-04-01&to=2024-03-31');
    assert.match(annual.body, /href="\/reports\/code\?year=2023" data-testid="code-report"/);
    const viewerPage = await viewer.get('/reports/code?year=2023');
    assert.doesNotMatch(viewerPage.body, /Answer the self-assessment/, 'a viewer is not offered the form');
    assert.match((await officer.get('/reports/code?year=2023')).body, /Answer the self-assessment for 2023\/24/);
    assert.doesNotMatch(viewerPage.body, /data-testid="so-far"/, 'a year that is over is the whole year');
    // Today is 3 June 2024: the year still running is reported to today, as the annual report is.
    const running = await officer.get('/reports/code?year=2024');
    assert.match(
      running.body,
      /data-testid="so-far">This year is not over yet, so the figures are to today, 3 June 2024,/,
    );
  });

  it('refuses a Partly without commentary and too long evidence, keeping what was typed and saving nothing', async () => {
    const form = await officer.get('/reports/code/self-assessment?year=2023');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Heard’s evidence: 2 of 3 complaints received \(67%\) acknowledged within 5 working days/);
    const res = await officer.post('/reports/code/self-assessment?year=2023', {
      ...answers,
      'commentary-6-2': '',
      'evidence-6-3': 'x'.repeat(501),
      'complies-6-4': 'perhaps',
    });
    assert.equal(res.statusCode, 400);
    assert.match(
      res.body,
      /href="#commentary-6-2"[^>]*>\s*Say in the commentary for 6\.2 why the council does not fully comply/,
    );
    assert.match(res.body, /The evidence for 6\.3 must be 500 characters or fewer/);
    assert.match(res.body, /Choose yes, partly or no for 6\.4/);
    assert.match(res.body, /value="Complaints policy v4, section 3"/, 'what was typed is shown again');
    assert.deepEqual((await svc.codeSelfAssessments.forYear(2023)).answers, {});
  });

  it('saves the answers, audited with who changed them, and the report shows them', async () => {
    await officer.get('/reports/code/self-assessment?year=2023');
    const res = await officer.post('/reports/code/self-assessment?year=2023', answers);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/reports/code/self-assessment?year=2023&done=1');
    const audit = await handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'report.code_self_assessment'));
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.entityId, '2023');
    assert.deepEqual(Object.keys(audit[0]!.after as object).sort(), ['6.2', '8.1']);

    const saved = await svc.codeSelfAssessments.forYear(2023);
    assert.equal(saved.answers['6.2']?.complies, 'partly');
    assert.equal(saved.lastEdit?.by, 'Priya Officer');

    const page = await viewer.get('/reports/code?year=2023');
    assert.match(page.body, /Partly/);
    assert.match(page.body, /a duty rota starts in May/);
    assert.match(page.body, /Complaints policy v4, section 3/);
    assert.match(page.body, /2 of 18 requirements answered/);
    assert.match(page.body, /Self-assessment last changed: .* by Priya Officer/);
    const word = await viewer.get('/reports/code.docx?year=2023');
    assert.equal(word.statusCode, 200);
    assert.match(String(word.headers['content-disposition']), /complaint-handling-code-report-2023-24\.docx/);
    const xml = await (await JSZip.loadAsync(word.rawPayload)).file('word/document.xml')!.async('string');
    assert.match(xml, /Self-assessment against the Complaint Handling Code/);
    assert.match(xml, /a duty rota starts in May/);
    // A cover first (the council, the title, the period), then numbered landscape pages.
    assert.ok(
      xml.indexOf('Complaint handling performance and service improvement report') < xml.indexOf('Self-assessment'),
    );
    assert.match(xml, /1 April 2023 to 31 March 2024 \(2023\/24\)/);
    const zip = await JSZip.loadAsync(word.rawPayload);
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^word\/footer\d*\.xml$/.test(f))
        .map((f) => zip.file(f)!.async('string')),
    );
    assert.ok(
      footers.some((f) => /PAGE/.test(f)),
      'page numbers in the footer',
    );
    // Another year is untouched.
    assert.deepEqual((await svc.codeSelfAssessments.forYear(2022)).answers, {});

    // Saving the same again changes nothing and records nothing.
    await officer.get('/reports/code/self-assessment?year=2023');
    await officer.post('/reports/code/self-assessment?year=2023', answers);
    const again = await handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'report.code_self_assessment'));
    assert.equal(again.length, 1);
  });

  it('lets a report viewer read but not answer the self-assessment', async () => {
    assert.equal((await viewer.get('/reports/code/self-assessment?year=2023')).statusCode, 403);
    const res = await viewer.post('/reports/code/self-assessment?year=2023', { ...answers, 'complies-6-2': 'no' });
    assert.equal(res.statusCode, 403);
    assert.equal((await svc.codeSelfAssessments.forYear(2023)).answers['6.2']?.complies, 'partly');
  });
});
