import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { fixedClock } from '../../src/domain/clock.ts';
import { openDatabase } from '../../src/db/database.ts';
import { templateBlob } from '../support/pglite-template.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { SYSTEM_ACTOR, userActor } from '../../src/services/actor.ts';
import { assertAccessibleAt, launchBrowser } from '../support/browser.ts';
import { testConfig } from '../support/web.ts';

/**
 * One statutory complaint, walked by a complaints officer through Stage 1
 * (two investigations, a pause, an extension, remedies), Stage 2, Stage 3
 * and the Ombudsman's decision, with learning and a completed action. Every
 * page on the way is checked with axe.
 */
describe('casework from Stage 1 to the Ombudsman in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let reference = '';
  const checked = new Set<string>();
  const password = 'officer password 1';

  /** axe (with its best-practice rules) at 1280 and 320 px wide, and no sideways scrolling at 320. */
  async function accessible(label: string) {
    await assertAccessibleAt(page, label);
    checked.add(label);
  }
  async function date(prefix: string, iso: string) {
    await page.fill(`#${prefix}-day`, String(Number(iso.slice(8, 10))));
    await page.fill(`#${prefix}-month`, String(Number(iso.slice(5, 7))));
    await page.fill(`#${prefix}-year`, iso.slice(0, 4));
  }
  async function go(path: string, label: string) {
    await page.goto(`${server.url}${path}`);
    await accessible(label);
  }
  async function submit(selector: string) {
    await Promise.all([page.waitForLoadState('load'), page.click(selector)]);
    const error = page.locator('.govuk-error-summary');
    if (await error.count()) assert.fail(`Refused: ${await error.innerText()}`);
  }

  before(async () => {
    const handle = await openDatabase({ engine: 'pglite-memory', template: await templateBlob() });
    server = await startServer(testConfig({ port: 0 }), fixedClock('2024-09-30T09:00:00Z'), {
      handle,
      backgroundEveryMs: 600_000,
      beforeListen: async (svc) => {
        const officer = await svc.users.create(SYSTEM_ACTOR, {
          email: 'officer@example.gov.uk',
          displayName: 'Olive Officer',
          role: 'complaints_officer',
          password,
        });
        await svc.users.create(SYSTEM_ACTOR, {
          email: 'manager@example.gov.uk',
          displayName: 'Priya Shah',
          role: 'investigating_manager',
          password,
        });
        const actor = userActor(officer);
        const d = await svc.organisation.create(actor, {
          kind: 'directorate',
          name: "Children's Services",
          openedOn: '2020-01-01',
        });
        const s = await svc.organisation.create(actor, {
          kind: 'service',
          name: 'Social care',
          parentId: d.id,
          openedOn: '2020-01-01',
        });
        await svc.organisation.create(actor, {
          kind: 'team',
          name: 'Assessment Team 1',
          parentId: s.id,
          openedOn: '2020-01-01',
        });
        await svc.organisation.create(actor, {
          kind: 'team',
          name: 'Fostering Team',
          parentId: s.id,
          openedOn: '2020-01-01',
        });
        const made = await svc.cases.create(actor, {
          type: 'complaint',
          receivedOn: '2024-03-01',
          subject: 'Contact with my children was cancelled',
          complainant: { givenName: 'Sarah', familyName: 'Jones' },
        });
        reference = made.reference;
      },
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.fill('#email', 'officer@example.gov.uk');
    await page.fill('#password', password);
    await page.click('[data-testid="sign-in"]');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('walks the whole complaint', async () => {
    // Triage into Stage 1.
    await go(`/cases/${reference}/triage`, 'triage');
    await page.check('input[name="procedure"][value="childrens_statutory"]');
    await page.fill('#procedureReason', 'Contact arrangements: social care for a child');
    await date('acknowledgedOn', '2024-03-04');
    await page.check('input[name="decision"][value="stage1"]');
    await page.selectOption('#teamId', { label: 'Assessment Team 1' });
    await page.selectOption('#investigatingManagerId', { label: 'Priya Shah (investigating manager)' });
    await submit('[data-testid="save-triage"]');

    // The acknowledgement letter, drafted from the template, sent by email and kept on the case.
    await go(`/cases/${reference}/letters`, 'letters');
    await page.click('a:has-text("Acknowledgement")');
    await accessible('letter draft');
    assert.match(await page.inputValue('#body'), /Dear Sarah Jones/);
    await page.fill('#to', 'sarah.jones@example.com');
    // Checked exactly as it will go, then sent from that page.
    await submit('[data-testid="preview-email"]');
    await accessible('letter check');
    assert.match(await page.locator('[data-testid="letter-details"]').innerText(), /sarah\.jones@example\.com/);
    await submit('[data-testid="send-letter"]');
    assert.match(await page.locator('[data-testid="letters"]').innerText(), /Emailed to sarah\.jones@example\.com/);

    // Two investigations.
    await go(`/cases/${reference}/investigations/new?stage=stage1`, 'add investigation');
    await page.selectOption('#teamId', { label: 'Assessment Team 1' });
    await page.selectOption('#investigatorId', { label: 'Priya Shah (investigating manager)' });
    await date('startedOn', '2024-03-04');
    await submit('[data-testid="save"]');
    await go(`/cases/${reference}/investigations/new?stage=stage1`, 'add investigation 2');
    await page.selectOption('#teamId', { label: 'Fostering Team' });
    await page.fill('#investigatorName', 'Tom Willis');
    await date('startedOn', '2024-03-05');
    await submit('[data-testid="save"]');

    // Each investigation's findings: one upheld, one not.
    for (const [team, outcome] of [
      ['Assessment Team 1', 'upheld'],
      ['Fostering Team', 'not_upheld'],
    ] as const) {
      await page.goto(`${server.url}/cases/${reference}`);
      const href = await page
        .locator(`a[href*="/investigations/"]:not([href$="new?stage=stage1"])`)
        .nth(team === 'Assessment Team 1' ? 0 : 1)
        .getAttribute('href');
      await go(href!, `investigation ${team}`);
      await date('respondedOn', '2024-03-20');
      await page.selectOption('#outcome', outcome);
      await submit('[data-testid="save"]');
      await go(href!, `investigation ${team} heads`);
      await page.fill(
        '#head-1-summary',
        team === 'Assessment Team 1' ? 'Contact cancelled without notice' : 'Foster carer not told',
      );
      await page.fill('#head-1-finding', 'Records reviewed');
      await page.selectOption('#head-1-outcome', outcome);
      await submit('[data-testid="save-heads"]');
    }

    // A pause and an extension on the Stage 1 clock, from the case page.
    for (const event of [
      { kind: 'paused', on: '2024-03-05', reason: "Waiting for the young person's consent" },
      { kind: 'resumed', on: '2024-03-07', reason: 'Consent given' },
      { kind: 'extended', on: '2024-03-12', days: '5', reason: 'Two teams involved' },
    ]) {
      await page.goto(`${server.url}/cases/${reference}`);
      await page.selectOption('#clock', 'stage1_response');
      await page.check(`input[name="kind"][value="${event.kind}"]`);
      await date('on', event.on);
      if (event.days) {
        await page.fill('#days', event.days);
        await page.check('input[name="complainantAgreed"]');
      }
      await page.fill('#reason', event.reason);
      await submit('[data-testid="record-clock-event"]');
    }

    // The Stage 1 response, with remedies.
    await go(`/cases/${reference}/stages/stage1`, 'stage 1');
    await date('respondedOn', '2024-03-20');
    await submit('[data-testid="save-stage"]');
    await go(`/cases/${reference}/stages/stage1`, 'stage 1 remedies');
    await page.selectOption('#remedyTypeId', { label: 'Apology' });
    await submit('[data-testid="add-remedy"]');
    await page.selectOption('#remedyTypeId', { label: 'Financial remedy (amount in pounds)' });
    await page.fill('#amount', '250');
    await submit('[data-testid="add-remedy"]');
    assert.match(await page.locator('body').innerText(), /Financial remedy £250\.00/);

    // The Stage 1 response letter: the findings and remedies merged, refused while an instruction remains.
    await go(`/cases/${reference}/letters/new?template=stage1_response`, 'stage 1 response draft');
    const merged = await page.inputValue('#body');
    assert.match(merged, /1\. Contact cancelled without notice\nWhat we found: Records reviewed/);
    assert.match(merged, /- Financial remedy \(£250\.00\)$/m);
    await page.fill('#body', merged.replace('What we will do', '[Write any apology here]\n\nWhat we will do'));
    await page.fill('#to', 'sarah.jones@example.com');
    await Promise.all([page.waitForLoadState('load'), page.click('[data-testid="preview-email"]')]);
    assert.match(
      await page.locator('.govuk-error-summary').innerText(),
      /still has the template's instruction "\[Write any apology here\]"/,
    );
    await accessible('stage 1 response refused');
    await page.fill('#body', merged);
    await submit('[data-testid="preview-email"]');
    assert.match(await page.locator('[data-testid="letter-preview"]').innerText(), /What we found: Records reviewed/);
    await submit('[data-testid="send-letter"]');
    assert.match(await page.locator('[data-testid="letters"]').innerText(), /Our response to your complaint/);

    // Stage 2, with independent people (the Stage 1 investigator is refused).
    await go(`/cases/${reference}/escalate`, 'escalate');
    await page.check('input[name="to"][value="stage2"]');
    await date('requestedOn', '2024-04-02');
    await submit('[data-testid="escalate"]');
    await go(`/cases/${reference}/stages/stage2`, 'stage 2');
    await page.selectOption('#role', 'independent_investigating_officer');
    await page.fill('#name', 'Tom Willis');
    await page.click('[data-testid="add-person"]');
    assert.match(
      await page.locator('.govuk-error-summary').innerText(),
      /Tom Willis investigated this complaint at Stage 1/,
    );
    await accessible('stage 2 (independence refused)');
    await page.selectOption('#role', 'independent_investigating_officer');
    await page.fill('#name', 'Helen Reeve');
    await submit('[data-testid="add-person"]');
    await page.selectOption('#role', 'independent_person');
    await page.fill('#name', 'Gary Lowe');
    await submit('[data-testid="add-person"]');
    await date('statementAgreedOn', '2024-04-10');
    await date('respondedOn', '2024-05-14');
    await page.selectOption('#outcome', 'not_upheld');
    await page.fill('#outcomeOverrideReason', 'Adjudication found no further fault');
    await page.fill('#investigatorCost', '3,500');
    await submit('[data-testid="save-stage"]');

    // Stage 3 panel.
    await go(`/cases/${reference}/escalate`, 'escalate to stage 3');
    await page.check('input[name="to"][value="stage3"]');
    await date('requestedOn', '2024-05-20');
    await submit('[data-testid="escalate"]');
    await go(`/cases/${reference}/stages/stage3`, 'stage 3');
    for (const [role, name] of [
      ['panel_chair', 'Ann Chair'],
      ['panel_member', 'Bob Member'],
      ['panel_member', 'Cat Member'],
    ]) {
      await page.selectOption('#role', role!);
      await page.fill('#name', name!);
      await submit('[data-testid="add-person"]');
    }
    await date('panelHeldOn', '2024-06-20');
    await date('chairReportReceivedOn', '2024-06-25');
    await date('authorityRespondedOn', '2024-07-10');
    await date('respondedOn', '2024-07-10');
    await page.selectOption('#outcome', 'partially_upheld');
    await page.fill('#outcomeOverrideReason', 'Panel recommendations accepted in part');
    await submit('[data-testid="save-stage"]');

    // The Ombudsman.
    await go(`/cases/${reference}/escalate`, 'escalate to the Ombudsman');
    await page.check('input[name="to"][value="lgsco"]');
    await date('requestedOn', '2024-08-01');
    await page.fill('#lgscoReference', '24/001234');
    await submit('[data-testid="escalate"]');
    await go(`/cases/${reference}/stages/lgsco`, 'ombudsman');
    await date('lgscoEnquiryRespondedOn', '2024-08-20');
    await page.selectOption('#lgscoDecision', 'upheld');
    await date('lgscoDecisionOn', '2024-09-10');
    await page.check('input[name="lgscoFaultFound"][value="yes"]');
    await page.check('input[name="lgscoInjusticeFound"][value="yes"]');
    await date('respondedOn', '2024-09-10');
    await submit('[data-testid="save-stage"]');

    // Learning, an action, completed.
    await go(`/cases/${reference}/learning`, 'learning');
    await page.selectOption('#learningTypeId', { label: 'Communication or information' });
    await page.fill('#text', 'Tell families before contact changes');
    await submit('[data-testid="add-learning"]');
    await page.selectOption('#actionTypeId', { label: 'Training' });
    await page.fill('#actionText', 'Team briefing on contact changes');
    await page.selectOption('#ownerId', { label: 'Priya Shah (investigating manager)' });
    await date('dueOn', '2024-10-31');
    await submit('[data-testid="add-action"]');
    await go('/actions', 'actions register');
    assert.match(await page.locator('[data-testid="actions"]').innerText(), /Team briefing on contact changes/);
    await page.goto(`${server.url}/cases/${reference}/learning`);
    const prefix = await page
      .locator('[data-testid="complete-action"]')
      .locator('xpath=ancestor::form')
      .locator('input[name$="-day"]')
      .getAttribute('name');
    await date(prefix!.replace(/-day$/, ''), '2024-09-20');
    await submit('[data-testid="complete-action"]');

    // Close: two remedies are not done, so the page says so and asks for confirmation.
    await go(`/cases/${reference}/status`, 'status');
    assert.match(await page.locator('[data-testid="open-items"]').innerText(), /2 remedies are not done yet/);
    await date('closedOn', '2024-09-25');
    await page.check('input[name="confirmOpenItems"]');
    await submit('[data-testid="close"]');

    // Quoted, redacted, in the annual report.
    await go(`/cases/${reference}/quote`, 'quote');
    await submit('[data-testid="save-quote"]');
    await go('/reports/annual?from=2023-04-01', 'annual report 2023/24');
    assert.match(await page.locator('main').innerText(), /Example complaints/);

    await go(`/cases/${reference}`, 'the finished case');
    const text = await page.locator('main').innerText();
    assert.match(text, /Status\s+Closed/);
    assert.match(text, /Outcome\s+Partially upheld/);
    assert.match(text, /Ombudsman decision\s+Upheld/);
    assert.match(text, /Met within extension/);
    for (const s of ['stage1', 'stage2', 'stage3', 'lgsco'])
      assert.equal(await page.locator(`[data-testid="stage-${s}"]`).count(), 1);
    const audit = await page.locator('[data-testid="audit-trail"]').innerText();
    // The audit trail reads as sentences, with names and GOV.UK dates, not codes, ids or JSON.
    for (const a of [
      'Triaged: accepted at the first stage',
      'Changed the heads of complaint',
      'Extended a clock',
      'Paused a clock',
      'Escalated the complaint',
      'Added a remedy',
      'Recorded an action as done',
      'Closed the case',
    ])
      assert.ok(audit.includes(a), `the audit trail says "${a}"`);
    assert.doesNotMatch(audit, /[0-9a-f]{8}-[0-9a-f]{4}-|\{"|\d{4}-\d{2}-\d{2}/);
    assert.ok(checked.size >= 16, `checked ${checked.size} pages`);
  });

  it('records a complaint with its category, themes and the child, changes them on the case page, and prints it', async () => {
    await go('/cases/new', 'record feedback');
    await page.check('input[name="type"][value="complaint"]');
    await page.selectOption('#channelId', { index: 1 });
    await date('receivedOn', '2024-09-27');
    await page.fill('#subject', 'No reply about the care plan');
    await page.fill('#description', 'Our social worker has not replied about the care plan for six weeks.');
    await page.selectOption('#mainCategoryId', { index: 1 });
    const category = (await page.locator('#mainCategoryId option:checked').innerText()).trim();
    const themeLabels = page.locator('input[name="themeIds"] + label');
    const firstTheme = (await themeLabels.nth(0).innerText()).trim();
    await page.locator('input[name="themeIds"]').nth(0).check();
    await page.locator('input[name="themeIds"]').nth(1).check();
    await page.fill('#givenName', 'Dana');
    await page.fill('#familyName', 'Brook');
    await page.fill('#childGivenName', 'Ellis');
    await page.selectOption('#childEthnicityId', { index: 2 });
    await page.selectOption('#serviceUserGroupId', { index: 1 });
    await page.check('input[name="lookedAfter"]');
    await submit('[data-testid="record"]');
    if (await page.locator('[data-testid="person-matches"]').count()) {
      await page.check('input[name="personDecision"][value="new"]');
      await submit('[data-testid="record"]');
    }
    const ref = /\/cases\/([^?/]+)/.exec(page.url())![1]!;
    await accessible('a recorded case');
    let summary = await page.locator('[data-testid="case-summary"]').innerText();
    assert.ok(summary.includes(category) && summary.includes(firstTheme), summary);
    assert.match(await page.locator('[data-testid="people"]').innerText(), /Ellis[\s\S]*Looked after/);

    // Triage suggests the statutory procedure from the description's words, with no team or group needed.
    await go(`/cases/${ref}/triage`, 'triage with a suggestion');
    assert.match(await page.locator('[data-testid="suggestion"]').innerText(), /social worker|looked after/);

    // Changed from the case page: the subject and one theme less.
    await go(`/cases/${ref}/details`, 'change the details');
    await page.fill('#subject', 'Care plan not shared');
    await page.locator('input[name="themeIds"]').nth(1).uncheck();
    await submit('[data-testid="save-details"]');
    summary = await page.locator('[data-testid="case-summary"]').innerText();
    assert.match(summary, /Subject\s+Care plan not shared/);
    assert.match(
      await page.locator('[data-testid="audit-trail"]').innerText(),
      /Changed the subject or classification/,
    );

    // The printable view: no navigation and no forms.
    await go(`/cases/${ref}/print`, 'printable view');
    assert.equal(await page.locator('form, .govuk-service-navigation').count(), 0);
    assert.match(await page.locator('main').innerText(), /Care plan not shared[\s\S]*Recorded the case/);
  });
});
