import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asc, like } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import type { DatabaseHandle } from '../../../db/database.ts';
import { auditEvents } from '../../../db/schema/index.ts';
import type { Actor } from '../../../services/actor.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/**
 * The report's own words: written on one page by a complaints officer,
 * saved for the period with a draft / final state, audited a block at a
 * time, and carried by the web page and the Word document, for report
 * viewers too; "You said, we did" lists the chosen learning with its
 * completed actions.
 */
describe('the report’s text', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let officer: Browser;
  let viewer: Browser;
  let learningId: string;
  let secondLearningId: string;
  let caseId: string;
  // The test clock is 3 June 2024: learning is recorded that day, in the year from 1 April 2024.
  const period = 'from=2024-04-01&to=2025-03-31';

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    const { user } = await makeUser(svc, 'complaints_officer', { email: 'texts.officer@example.gov.uk' });
    const actor: Actor = { userId: user.id, role: user.role, label: 'officer' };
    const { user: manager } = await makeUser(svc, 'investigating_manager');
    const team = await makeTeam(svc, actor);
    caseId = (await makeCase(svc, actor)).id;
    await svc.triage.apply(actor, caseId, {
      type: 'complaint',
      procedure: 'corporate',
      procedureReason: 'SEND',
      decision: 'stage1',
      teamId: team.id,
      investigatingManagerId: manager.id,
    });
    const types = await svc.referenceData.byCode('learning_type');
    learningId = await svc.casework.addLearning(actor, caseId, {
      learningTypeId: types.get('COMMUNICATION')!.id,
      text: 'Families were not called back',
    });
    secondLearningId = await svc.casework.addLearning(actor, caseId, {
      learningTypeId: types.get('COMMUNICATION')!.id,
      text: 'Letters used words families did not know',
    });
    const training = (await svc.referenceData.byCode('action_type')).get('TRAINING')!.id;
    const done = await svc.casework.addAction(actor, caseId, {
      actionTypeId: training,
      text: 'A call-back rota for the duty team',
      learningPointId: learningId,
      ownerName: 'Team manager',
      dueOn: '2024-06-20',
    });
    await svc.casework.completeAction(actor, caseId, done, { completedOn: '2024-06-03' });
    await svc.casework.addAction(actor, caseId, {
      actionTypeId: training,
      text: 'An action still open',
      learningPointId: learningId,
      ownerName: 'Team manager',
      dueOn: '2024-09-20',
    });
    officer = new Browser(app);
    await officer.signIn(user.email, TEST_PASSWORD);
    const { user: v } = await makeUser(svc, 'report_viewer', { email: 'texts.viewer@example.gov.uk' });
    viewer = new Browser(app);
    await viewer.signIn(v.email, TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  const form = (over: Record<string, string | string[]> = {}) => ({
    'block-foreword': 'This year we listened harder.\n\nThank you to every family who told us.',
    'block-commentary-outcomes': 'Fewer complaints were upheld than last year.',
    'block-priorities': '',
    status: 'final',
    learning: learningId,
    ...over,
  });

  it('offers the period’s learning with its actions, and saves the text, the state and the choice, audited', async () => {
    const page = await officer.get(`/reports/text?${period}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Families were not called back/);
    assert.match(page.body, /A call-back rota for the duty team \(completed 3 June 2024\)/);
    assert.match(page.body, /An action still open \(not yet completed\)/);
    const res = await officer.post(`/reports/text?${period}`, form());
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/reports\/text\?from=2024-04-01&to=2025-03-31&.*done=1$/);
    const audit = await handle.db
      .select({ action: auditEvents.action, entityId: auditEvents.entityId, caseId: auditEvents.caseId })
      .from(auditEvents)
      .where(like(auditEvents.action, 'report.%'))
      .orderBy(asc(auditEvents.id));
    assert.deepEqual(audit, [
      { action: 'report.text', entityId: '2024-04-01/2025-03-31/foreword', caseId: null },
      { action: 'report.text', entityId: '2024-04-01/2025-03-31/commentary:outcomes', caseId: null },
      { action: 'report.status', entityId: '2024-04-01/2025-03-31', caseId: null },
    ]);
    const chosen = await handle.db
      .select({ caseId: auditEvents.caseId })
      .from(auditEvents)
      .where(like(auditEvents.action, 'learning.in_report'));
    assert.deepEqual(chosen, [{ caseId }], 'choosing learning is on its case’s history');
    const texts = await svc.reportTexts.forPeriod('2024-04-01', '2025-03-31');
    assert.equal(texts.status, 'final');
    assert.deepEqual(texts.youSaidWeDid, [
      { learning: 'Families were not called back', actions: ['A call-back rota for the duty team'] },
    ]);
  });

  it('shows the text on the report page and in the Word document, for a report viewer too', async () => {
    for (const b of [officer, viewer]) {
      const page = await b.get(`/reports/annual?${period}`);
      assert.equal(page.statusCode, 200);
      const foreword = page.body.indexOf('This year we listened harder.');
      const summary = page.body.indexOf('id="summary"');
      assert.ok(foreword > 0 && foreword < summary, 'the foreword comes before the summary');
      assert.match(page.body, /Thank you to every family who told us\./);
      assert.match(page.body, /Fewer complaints were upheld than last year\./);
      assert.match(page.body, /You said, we did/);
      assert.match(page.body, /A call-back rota for the duty team/);
      assert.doesNotMatch(page.body, /An action still open/);
      assert.doesNotMatch(page.body, /Priorities for next year/, 'an empty block has no heading');
      assert.doesNotMatch(
        page.body,
        /Example compliments|Example complaints/,
        'no quote chosen: no heading for quotes',
      );
    }
    assert.match((await officer.get(`/reports/annual?${period}`)).body, /data-testid="write-texts"/);
    assert.doesNotMatch((await viewer.get(`/reports/annual?${period}`)).body, /data-testid="write-texts"/);
    assert.match(
      (await officer.get(`/reports/annual?${period}`)).body,
      /No compliments or complaints chosen to quote yet/,
    );
    assert.doesNotMatch((await viewer.get(`/reports/annual?${period}`)).body, /chosen to quote yet/);
    const docx = await viewer.get(`/reports/annual.docx?${period}`);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    assert.match(xml, /This year we listened harder\./);
    assert.match(xml, /Version: final/);
    assert.match(xml, /A call-back rota for the duty team/);
  });

  it('refuses too long a text with an error summary, keeping what was typed and what was saved', async () => {
    const long = 'x'.repeat(20_001);
    const res = await officer.post(`/reports/text?${period}`, form({ 'block-priorities': long }));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /govuk-error-summary/);
    assert.match(res.body, /href="#block-priorities"/);
    assert.match(res.body, /Shorten this text to 20,000 characters or fewer/);
    assert.ok(res.body.includes(long), 'what was typed is shown again');
    const texts = await svc.reportTexts.forPeriod('2024-04-01', '2025-03-31');
    assert.equal(texts.blocks.foreword, 'This year we listened harder.\n\nThank you to every family who told us.');
    assert.equal(texts.blocks.priorities, undefined);
  });

  it('takes two or more learning points ticked at once, and keeps each period’s choice to itself', async () => {
    await officer.get(`/reports/text?${period}`);
    const res = await officer.post(`/reports/text?${period}`, form({ learning: [learningId, secondLearningId] }));
    assert.equal(res.statusCode, 303);
    assert.equal((await svc.reportTexts.forPeriod('2024-04-01', '2025-03-31')).youSaidWeDid.length, 2);
    // Saving a month inside the year with nothing ticked leaves the year's choice as it was.
    await officer.get('/reports/text?from=2024-06-01&to=2024-06-30');
    const month = await officer.post('/reports/text?from=2024-06-01&to=2024-06-30', form({ learning: [] }));
    assert.equal(month.statusCode, 303);
    assert.equal((await svc.reportTexts.forPeriod('2024-04-01', '2025-03-31')).youSaidWeDid.length, 2);
    assert.deepEqual((await svc.reportTexts.forPeriod('2024-06-01', '2024-06-30')).youSaidWeDid, []);
    await officer.get(`/reports/text?${period}`);
    await officer.post(`/reports/text?${period}`, form());
  });

  it('lets no one but officers and administrators write it', async () => {
    assert.equal((await viewer.get(`/reports/text?${period}`)).statusCode, 403);
  });

  it('takes a text out when it is emptied, and says draft on the cover when set back to draft', async () => {
    await officer.get(`/reports/text?${period}`);
    const res = await officer.post(
      `/reports/text?${period}`,
      form({ 'block-commentary-outcomes': '', status: 'draft', learning: [] }),
    );
    assert.equal(res.statusCode, 303);
    const texts = await svc.reportTexts.forPeriod('2024-04-01', '2025-03-31');
    assert.equal(texts.blocks['commentary:outcomes'], undefined);
    assert.deepEqual(texts.youSaidWeDid, []);
    const docx = await officer.get(`/reports/annual.docx?${period}`);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    assert.match(xml, /Version: draft/);
    assert.doesNotMatch(xml, /Fewer complaints were upheld than last year/);
  });
});
