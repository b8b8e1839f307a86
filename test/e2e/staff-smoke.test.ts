import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.ts';
import type { DemoAccount } from '../../src/cli/demo/load.ts';
import { assertAccessibleAt, errorSummaryText, launchBrowser } from '../support/browser.ts';
import { startDemoServer } from '../support/demo-server.ts';

/**
 * The real server on a real (embedded) database with the demo data, driven by
 * a real browser: sign in, open a case, visit every staff page, and let axe
 * check each one against WCAG 2.2 AA.
 */
describe('staff smoke test in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let accounts: DemoAccount[];
  const checked: string[] = [];

  async function visitAndCheck(path: string, expectedStatus = 200) {
    const response = await page.goto(`${server.url}${path}`);
    assert.equal(response?.status(), expectedStatus, `${path} status`);
    await assertAccessible(path);
  }
  /** axe with its best-practice rules, at 1280 and 320 px wide, and nothing wider than the window at 320 (reflow). */
  async function assertAccessible(label: string) {
    await assertAccessibleAt(page, label);
    checked.push(label);
  }

  before(async () => {
    ({ server, accounts } = await startDemoServer());
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in, opens a case, and every page has no accessibility violations', async () => {
    await visitAndCheck('/sign-in/forgotten');
    await visitAndCheck('/sign-in');
    const officer = accounts.find((a) => a.role === 'complaints_officer')!;

    // A wrong password first: the error summary must be accessible too.
    await page.fill('#email', officer.email);
    await page.fill('#password', 'not the password');
    await page.click('[data-testid="sign-in"]');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /email address or password is not right/);
    await assertAccessible('/sign-in (error)');

    await page.fill('#password', officer.password);
    await page.click('[data-testid="sign-in"]');
    await page.waitForURL(`${server.url}/`);
    assert.equal(await page.locator('h1').innerText(), 'Cases');
    await assertAccessible('/');

    const firstCase = page.locator('[data-testid="case-list"] tbody a').first();
    const reference = await firstCase.innerText();
    await firstCase.click();
    await page.waitForURL(`${server.url}/cases/${reference}`, { waitUntil: 'load' });
    await page.locator('[data-testid="audit-trail"] tbody tr').first().waitFor();
    assert.match(await page.locator('[data-testid="case-heading"]').innerText(), new RegExp(reference));
    assert.ok((await page.locator('[data-testid="audit-trail"] tbody tr').count()) >= 1, 'audit trail shown');
    assert.ok((await page.locator('[data-testid="clocks"] tbody tr').count()) >= 1, 'clocks shown');
    await page.locator('[data-testid="explain-acknowledgement"] summary').click();
    assert.match(await page.locator('[data-testid="explain-acknowledgement"]').innerText(), /counted as day 0/);
    await assertAccessible(`/cases/${reference}`);

    // Record a clock event with nothing filled in: the error summary is accessible too.
    assert.equal(
      await page.locator('[data-testid="record-clock-event"]').count(),
      1,
      'an officer can record a clock event on an open case',
    );
    await page.click('[data-testid="record-clock-event"]');
    assert.match(await errorSummaryText(page), /There is a problem/);
    // The summary has the focus, as on every other form (GOV.UK), not the form far down the page.
    await page.waitForLoadState('load');
    assert.equal(
      await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary') ?? false),
      true,
    );
    await assertAccessible(`/cases/${reference} (clock event errors)`);

    await visitAndCheck('/?status=closed');
    await visitAndCheck('/no-such-page', 404);

    // An administrator's pages.
    await page.click('[data-testid="sign-out"]');
    await page.waitForURL(/\/sign-in/);
    const admin = accounts.find((a) => a.role === 'administrator')!;
    await page.fill('#email', admin.email);
    await page.fill('#password', admin.password);
    await page.click('[data-testid="sign-in"]');
    await page.waitForURL(`${server.url}/`);
    for (const path of [
      '/admin',
      '/admin/teams',
      '/admin/reference-data',
      '/admin/reference-data/theme',
      '/admin/users',
      '/admin/timescales',
      '/admin/calendar',
      '/admin/timescales/new?preset=childrens_statutory',
      '/admin/letters',
      '/admin/letters/stage1_response',
      '/actions',
      '/triage',
      '/outbox',
      '/admin/context',
      '/admin/audit',
      '/admin/audit?kind=reads',
      '/admin/council',
      '/admin/sign-in',
      '/admin/retention',
      '/admin/rights-requests',
      '/people/subject-access',
      '/account/two-factor',
      '/reports/text',
      '/reports/ombudsman-letter?year=2025',
      '/reports/code?year=2025',
      '/reports/code/self-assessment?year=2025',
      '/reports/annual',
    ])
      await visitAndCheck(path);
    assert.match(await page.locator('[data-testid="by-type"]').innerText(), /Complaint/);
    const policyHref = await page
      .goto(`${server.url}/admin/timescales`)
      .then(() => page.locator('[data-testid="policies-childrens_statutory"] a').first().getAttribute('href'));
    await visitAndCheck(policyHref!);

    // A legacy import with a bad row: the check's report is accessible too.
    await visitAndCheck('/admin/import');
    await page.setInputFiles('#file', {
      name: 'cases.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('legacy_reference,type,received_on\nX1,Complaint,31/02/2024\n'),
    });
    await page.click('[data-testid="import"]');
    assert.match(await page.locator('[data-testid="import-problems"]').innerText(), /is not a date/);
    await assertAccessible('/admin/import (report)');

    // A bad bank holidays file, chosen with the real file input.
    await page.goto(`${server.url}/admin/calendar`);
    await page.setInputFiles('#file', {
      name: 'bank-holidays.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"nope": true}'),
    });
    await page.click('button:has-text("Load bank holidays")');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /england-and-wales/);
    await assertAccessible('/admin/calendar (bad file)');
    const teamHref = await page
      .goto(`${server.url}/admin/teams`)
      .then(() => page.locator('[data-testid="org-tree"] a').nth(2).getAttribute('href'));
    await visitAndCheck(teamHref!);
    const itemHref = await page
      .goto(`${server.url}/admin/reference-data/theme`)
      .then(() => page.locator('[data-testid="reference-items"] a').first().getAttribute('href'));
    await visitAndCheck(itemHref!);

    // Change password, empty and sent: every field's error, accessible.
    await visitAndCheck('/account/password');
    await page.click('[data-testid="change-password"]');
    assert.match(await errorSummaryText(page), /Enter your current password/);
    await assertAccessible('/account/password (errors)');

    // A form with errors, submitted without JavaScript's help.
    await page.goto(`${server.url}/admin/teams`);
    await page.click('button:has-text("Add")');
    assert.match(await errorSummaryText(page), /There is a problem/);
    await assertAccessible('/admin/teams (errors)');
    assert.ok(checked.length >= 21, `checked ${checked.length} pages`);
  });
});
