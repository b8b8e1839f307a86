import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../../db/database.ts';
import { auditEvents } from '../../../db/schema/index.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/**
 * The Ombudsman's annual letter: an officer copies its figures in for a
 * financial year; that year's report (for the whole service) shows them
 * beside Heard's counts, saying by how much and why they may differ.
 */
describe('the Ombudsman’s annual letter', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let officer: Browser;
  let viewer: Browser;
  const year = 'from=2024-04-01&to=2025-03-31';

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    const { user } = await makeUser(svc, 'complaints_officer', { email: 'letter.officer@example.gov.uk' });
    officer = new Browser(app);
    await officer.signIn(user.email, TEST_PASSWORD);
    const { user: v } = await makeUser(svc, 'report_viewer', { email: 'letter.viewer@example.gov.uk' });
    viewer = new Browser(app);
    await viewer.signIn(v.email, TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  const letter = {
    received: '7',
    detailedInvestigations: '3',
    upheld: '2',
    compliancePercent: '100',
    satisfactoryRemedy: '',
  };

  it('refuses figures that cannot be, with an error summary, saving nothing', async () => {
    assert.equal((await officer.get('/reports/ombudsman-letter?year=2024')).statusCode, 200);
    const res = await officer.post('/reports/ombudsman-letter?year=2024', {
      ...letter,
      upheld: '4',
      compliancePercent: '140',
      received: 'seven',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#received"[^>]*>\s*Enter the complaints and enquiries received as a whole number/);
    assert.match(res.body, /Enter the compliance rate as a whole number from 0 to 100/);
    assert.match(res.body, /value="seven"/, 'what was typed is shown again');
    assert.equal(await svc.ombudsmanLetters.forYear(2024), null);
    const blank = await officer.post('/reports/ombudsman-letter?year=2024', {
      ...letter,
      received: '',
      detailedInvestigations: ' ',
      upheld: '0x10',
    });
    assert.equal(blank.statusCode, 400, 'blank is not 0, and 0x10 is not 16');
    assert.match(blank.body, /Enter the complaints and enquiries received</);
    assert.match(blank.body, /Enter the detailed investigations</);
    assert.match(blank.body, /Enter the number upheld as a whole number, such as 12/);
    assert.equal(await svc.ombudsmanLetters.forYear(2024), null);
  });

  it('saves only to the year the address names', async () => {
    for (const year of ['99999', '-1', '2024.5', '1989', ''])
      assert.equal(
        (await officer.post(`/reports/ombudsman-letter?year=${year}`, letter)).statusCode,
        400,
        `year=${year} is refused`,
      );
    assert.equal(await svc.ombudsmanLetters.forYear(2025), null);
  });

  it('saves the figures, audited, and the year’s report compares them with Heard’s counts', async () => {
    const res = await officer.post('/reports/ombudsman-letter?year=2024', letter);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/reports/ombudsman-letter?year=2024&done=1');
    const audit = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'report.ombudsman_letter'));
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.entityId, '2024');
    for (const b of [officer, viewer]) {
      const page = await b.get(`/reports/annual?${year}`);
      assert.match(page.body, /The Ombudsman’s annual letter/);
      assert.match(
        page.body,
        /Complaints and enquiries received: the letter gives 7, Heard 0 \(7 more in the letter\)\. The Ombudsman counts every complaint/,
      );
      assert.match(page.body, /Upheld: the letter gives 2, Heard 0 \(2 more in the letter\)/);
      assert.match(
        page.body,
        /Satisfactory remedy already given by the council<\/td>\s*<td[^>]*>Not given<\/td>\s*<td[^>]*>Not recorded in Heard/,
      );
    }
    const narrowed = await officer.get(`/reports/annual?${year}&procedure=corporate`);
    assert.doesNotMatch(
      narrowed.body,
      /The Ombudsman’s annual letter/,
      'a report for one procedure is not compared with it',
    );
    const other = await officer.get('/reports/annual?from=2023-04-01&to=2024-03-31');
    assert.doesNotMatch(other.body, /The Ombudsman’s annual letter/, 'nor another year');
  });

  it('is entered only by officers and administrators', async () => {
    assert.equal((await viewer.get('/reports/ombudsman-letter?year=2024')).statusCode, 403);
  });
});
