import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.ts';
import type { DemoAccount } from '../../src/cli/demo/load.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { startDemoServer } from '../support/demo-server.ts';

/**
 * What "done" means for reporting: with the demo data, a report viewer opens
 * the dashboard, picks last year, reads the report and downloads the Word
 * report and the workbook, seeing figures only; an officer follows a figure
 * to the cases behind it. axe checks every page, and no page breaks the
 * Content-Security-Policy (the browser would drop what it blocks).
 */
describe('the report journey in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let accounts: DemoAccount[];

  /** What the page's Content-Security-Policy blocked since it loaded, as the browser reports it. */
  const cspViolations: string[] = [];
  async function assertAccessible(label: string) {
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(label, violations));
    const blocked = await page.evaluate(() => (globalThis as unknown as { __csp?: string[] }).__csp ?? []);
    assert.deepEqual([...cspViolations, ...blocked], [], `${label}: nothing blocked by the Content-Security-Policy`);
  }
  /** A fresh signed-in page for a demo account, watching for CSP violations. */
  async function signIn(role: string) {
    const context = await browser.newContext({ acceptDownloads: true });
    const p = await context.newPage();
    p.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await p.addInitScript(() => {
      const seen: string[] = ((globalThis as unknown as { __csp: string[] }).__csp = []);
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    const account = accounts.find((a) => a.role === role)!;
    await p.goto(`${server.url}/sign-in`);
    await p.fill('#email', account.email);
    await p.fill('#password', account.password);
    await p.click('[data-testid="sign-in"]');
    return p;
  }

  before(async () => {
    ({ server, accounts } = await startDemoServer());
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a report viewer: dashboard, last year, the report, the Word report and the workbook, with figures only', async () => {
    page = await signIn('report_viewer');
    await page.waitForURL(`${server.url}/dashboard`);
    assert.match(await page.locator('h1').innerText(), /Dashboard: 2026\/27 so far/);
    assert.match(
      await page.locator('[data-testid="due-now"]').innerText(),
      /\d+ open cases: \d+ overdue and \d+ due soon/,
    );
    // The year so far is set against the same weeks of last year, not the whole of last year.
    const before = Number(
      (
        await page.locator('[data-testid="headlines"] .govuk-summary-list__row:first-child .govuk-hint').innerText()
      ).replace(/\D+.*$/s, ''),
    );
    // A report viewer's JSON is the published edition: feedback by type (never hidden) adds up to the total.
    const sameWeeks = (await (
      await page.request.get(`${server.url}/reports/annual.json?from=2025-04-01&to=2025-11-21`)
    ).json()) as PublishedJson;
    assert.equal(sameWeeks.edition, 'published');
    const byType = sameWeeks.sections.flatMap((x) => x.tables).find((t) => t.name === 'by-type')!;
    assert.equal(
      before,
      byType.rows.reduce((n, r) => n + Number(r[3]), 0),
    );
    await assertAccessible('/dashboard');

    // Last year.
    await page.selectOption('#from', '2025-04-01');
    await Promise.all([page.waitForURL(/from=2025-04-01/), page.click('button:has-text("Show")')]);
    assert.match(await page.locator('h1').innerText(), /Dashboard: 2025\/26$/);
    const complaints = Number(
      (
        await page
          .locator('[data-testid="headlines"] .govuk-summary-list__row:nth-child(2) .govuk-summary-list__value span')
          .first()
          .innerText()
      ).replace(/,/g, ''),
    );
    assert.ok(complaints > 50, `a demo year has well over 50 complaints (saw ${complaints})`);
    await assertAccessible('/dashboard (2025/26)');

    // Figures only: no figure leads to cases, and no case is listed.
    assert.equal(await page.locator('a[href*="/reports/annual/cases"], a[href^="/cases/"]').count(), 0);
    assert.equal(await page.locator('[data-testid="overdue"]').count(), 0);

    // A date that does not exist: the error summary is accessible too.
    await page.click('summary:has-text("Other dates")');
    await page.fill('#start-day', '30');
    await page.fill('#start-month', '2');
    await page.fill('#start-year', '2025');
    await Promise.all([page.waitForURL(/start-day=30/), page.click('button:has-text("Show")')]);
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Start date: the date must be a real date/);
    await assertAccessible('/dashboard (bad dates)');
    await page.goBack();

    // The full report page for the same year.
    await Promise.all([
      page.waitForURL(/\/reports\/annual\?/),
      page.click('a:has-text("The annual report for 2025/26")'),
    ]);
    assert.match(await page.locator('h1').innerText(), /Feedback report 2025\/26/);
    // The published edition (ADR 0015): small numbers hidden, and tables with hidden numbers have no chart.
    assert.match(await page.locator('[data-testid="edition-published"]').innerText(), /fewer than 5/);
    assert.ok((await page.locator('td:text-is("fewer than 5")').count()) > 5, 'small numbers hidden');
    assert.equal(await page.locator('text=Show the exact figures').count(), 0, 'no way to the exact figures');
    const edition = (await (
      await page.request.get(`${server.url}/reports/annual.json?from=2025-04-01`)
    ).json()) as PublishedJson;
    const charts = edition.sections.flatMap((x) => x.tables).filter((t) => t.chart).length;
    assert.ok(charts >= 3 && charts < 7, `some charts left out (${charts} of 7 shown)`);
    // A table may draw one chart per procedure (the timescales), so at least one picture per charted table.
    const pictures = await page.locator('figure.app-chart svg').count();
    assert.ok(pictures >= charts && pictures <= charts * 3, `${pictures} charts for ${charts} charted tables`);
    assert.equal(await page.locator('a[href*="/reports/annual/cases"], a[href^="/cases/"]').count(), 0);
    await assertAccessible('/reports/annual (2025/26)');
    await page.goBack();

    const [word] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Word document")')]);
    assert.equal(word.suggestedFilename(), 'feedback-report-2025-26-for-publication.docx');
    const docx = await JSZip.loadAsync(await streamToBuffer(await word.createReadStream()));
    const xml = await docx.file('word/document.xml')!.async('string');
    assert.match(xml, new RegExp(`In 2025/26 there were [\\d,]+ cases of feedback recorded`));
    assert.equal(
      Object.keys(docx.files).filter((f) => f.startsWith('word/media/')).length,
      pictures,
      'the same charts as pictures',
    );
    assert.match(xml, /fewer than 5/);

    const [workbook] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a:has-text("Every table in one workbook")'),
    ]);
    assert.equal(workbook.suggestedFilename(), 'feedback-report-2025-26-for-publication.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await streamToBuffer(await workbook.createReadStream())) as unknown as ArrayBuffer);
    const complaintsRow = wb.getWorksheet('complaints')!.getRow(3).values as unknown[];
    assert.deepEqual(complaintsRow.slice(1, 2), ['Complaints']);
    assert.equal(complaintsRow[4], complaints, 'the workbook has the dashboard’s figure');
  });

  it('an officer follows a figure to the cases behind it', async () => {
    page = await signIn('complaints_officer');
    await page.goto(`${server.url}/dashboard?from=2025-04-01`);
    assert.ok((await page.locator('[data-testid="overdue"] tbody tr').count()) > 0, 'the overdue cases are listed');
    await assertAccessible('/dashboard (officer)');
    // The team with most complaints, traced to its cases: the list is as long as the figure.
    const firstTeamLink = page.locator('[data-testid="by-team"] tbody tr:first-child a');
    const figure = Number((await firstTeamLink.innerText()).replace(/\D+.*$/s, ''));
    await Promise.all([page.waitForURL(/\/reports\/annual\/cases/), firstTeamLink.click()]);
    assert.equal(await page.locator('[data-testid="cases-behind"] tbody tr').count(), figure);
    await assertAccessible('/reports/annual/cases');
    await page.goto(`${server.url}/reports/annual?from=2025-04-01`);
    assert.ok((await page.locator('a[href*="/reports/annual/cases"]').count()) > 20, 'the figures link to their cases');
    assert.match(await page.locator('.govuk-warning-text').innerText(), /Exact figures: not for publication/);
    await assertAccessible('/reports/annual (officer)');
    // The switch to the report as it is published, and back.
    await Promise.all([page.waitForURL(/publication=yes/), page.click('[data-testid="show-published"]')]);
    assert.ok((await page.locator('td:text-is("fewer than 5")').count()) > 5);
    await assertAccessible('/reports/annual (officer, as published)');
    await Promise.all([
      page.waitForURL((u) => !u.search.includes('publication')),
      page.click('text=Show the exact figures'),
    ]);
  });

  it('an administrator sets the publication threshold, and is told what was wrong with a bad one', async () => {
    page = await signIn('administrator');
    await page.goto(`${server.url}/admin/publication`);
    assert.match(await page.locator('[data-testid="publication-current"]').innerText(), /Never: Heard’s default of 5/);
    await assertAccessible('/admin/publication');
    await page.fill('#threshold', '2');
    await page.click('[data-testid="save-publication"]');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /The threshold must be 3 or more/);
    await assertAccessible('/admin/publication (error)');
    await page.fill('#threshold', '6');
    await Promise.all([page.waitForURL(/done=1/), page.click('[data-testid="save-publication"]')]);
    assert.match(await page.locator('[data-testid="publication-current"]').innerText(), /6: counts from 1 to 5/);
    await assertAccessible('/admin/publication (saved)');
    await page.goto(`${server.url}/reports/annual?from=2025-04-01&publication=yes`);
    assert.ok((await page.locator('td:text-is("fewer than 6")').count()) > 5);
    await page.goto(`${server.url}/admin/publication`);
    await page.fill('#threshold', '5');
    await Promise.all([page.waitForURL(/done=1/), page.click('[data-testid="save-publication"]')]);
  });
});

interface PublishedJson {
  edition: string;
  sections: { tables: { name: string; chart?: string; rows: unknown[][] }[] }[];
}

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
