import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.ts';
import type { DemoAccount } from '../../src/cli/demo/load.ts';
import { describeViolations, launchBrowser, type AxeViolation } from '../support/browser.ts';
import { startDemoServer } from '../support/demo-server.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core with WCAG 2.2 A and AA and its best-practice rules too (region, headings, landmarks…). */
async function axeWithBestPractice(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * The case list as an officer uses it, on the demo council in a real browser:
 * sort by a column, download the list as it is, and the page passes axe
 * (best practice included) on a desktop and at 320 px wide, where the table
 * scrolls inside its own region and the page itself does not.
 */
describe('the case list in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let accounts: DemoAccount[];

  async function assertAccessible(label: string) {
    const violations = await axeWithBestPractice(page);
    assert.equal(violations.length, 0, describeViolations(label, violations));
  }

  before(async () => {
    ({ server, accounts } = await startDemoServer());
    browser = await launchBrowser();
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    const officer = accounts.find((a) => a.role === 'complaints_officer')!;
    await page.goto(`${server.url}/sign-in`);
    await page.fill('#email', officer.email);
    await page.fill('#password', officer.password);
    await page.click('[data-testid="sign-in"]');
    await page.waitForURL(`${server.url}/`);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sorts by the investigating manager, both ways, with links that work without JavaScript', async () => {
    await page.goto(`${server.url}/cases`);
    assert.equal(await page.locator('h1').innerText(), 'Cases');
    await assertAccessible('/cases at 1280 px');

    await page.click('[data-testid="sort-manager"]');
    await page.waitForURL(/\/cases\?sort=manager$/);
    const header = page.locator('th:has([data-testid="sort-manager"])');
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    const up = (await page.locator('[data-testid="manager"]').allInnerTexts()).filter((n) => n !== 'Not allocated');
    assert.ok(up.length > 1, 'the demo has allocated cases');
    assert.deepEqual(
      up,
      [...up].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en')),
      'managers A to Z',
    );
    await assertAccessible('/cases?sort=manager');

    await page.click('[data-testid="sort-manager"]');
    await page.waitForURL(/\/cases\?sort=manager&dir=desc$/);
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    const down = (await page.locator('[data-testid="manager"]').allInnerTexts()).filter((n) => n !== 'Not allocated');
    assert.deepEqual(
      down,
      [...down].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase(), 'en')),
    );
  });

  it('downloads the list as shown, every matching case, as CSV and Excel', async () => {
    await page.goto(`${server.url}/cases?status=all&sort=received&dir=desc`);
    const count = Number(
      /of ([\d,]+) cases/.exec(await page.locator('[data-testid="case-count"]').innerText())![1]!.replace(/,/g, ''),
    );
    assert.ok(count > 50, 'more cases than one page');
    const firstOnPage = await page.locator('[data-testid="case-list"] tbody tr td:nth-child(2) a').first().innerText();

    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    assert.match(csv.suggestedFilename(), /^cases-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await streamToBuffer(await csv.createReadStream()))
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.match(lines[0]!, /^Reference,Type,Status,Procedure,Subject,Team,Investigating manager,Received/);
    assert.ok(lines[1]!.startsWith(`${firstOnPage},`), 'the same order as the page');
    assert.ok(lines.length - 1 >= count, 'every matching case, not only the page shown');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-xlsx"]')]);
    assert.match(xlsx.suggestedFilename(), /^cases-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await streamToBuffer(await xlsx.createReadStream())) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Cases')!;
    assert.equal(sheet.getCell('A2').value, firstOnPage);
    assert.equal(sheet.rowCount - 1, count);
  });

  it('at 320 px the page reflows and the table scrolls in its own labelled region', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(`${server.url}/cases?sort=manager`);
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(pageWidth <= 320, `the page is ${pageWidth} px wide at 320 px`);
    const region = page.locator('[data-testid="case-list-region"]');
    assert.equal(await region.getAttribute('role'), 'region');
    assert.equal(await region.getAttribute('tabindex'), '0');
    const scrolls = await region.evaluate((el) => el.scrollWidth > el.clientWidth);
    assert.ok(scrolls, 'the table scrolls sideways inside its region');
    await assertAccessible('/cases?sort=manager at 320 px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
