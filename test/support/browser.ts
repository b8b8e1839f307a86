import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium, started the way this machine allows: no downloads, no sandbox, no background network. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in the page against WCAG 2.0, 2.1 and 2.2 A and AA, and its
 * best-practice rules (region, landmarks, heading order), which the GOV.UK
 * Design System's pages pass.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's own CSP (which forbids inline scripts) stays on.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

/**
 * axe at each width, and reflow (WCAG 1.4.10): nothing on the page wider than
 * a 320 px window; the page is left at the first width. A wide table must
 * scroll in its own labelled region.
 */
export async function assertAccessibleAt(page: Page, label: string, widths: readonly number[] = [1280, 320]) {
  const size = page.viewportSize() ?? { width: widths[0]!, height: 900 };
  for (const width of widths) {
    await page.setViewportSize({ width, height: size.height });
    const violations = await axeViolations(page);
    if (violations.length) throw new Error(describeViolations(`${label} at ${width}px`, violations));
    const overflow = await page.evaluate(() => {
      const over = document.documentElement.scrollWidth - window.innerWidth;
      if (over <= 0) return null;
      // The outermost element that reaches past the window, to say what to fix.
      let wide: Element | undefined;
      let right = window.innerWidth + 1;
      for (const e of document.querySelectorAll('body *')) {
        const r = e.getBoundingClientRect();
        if (r.right > right && !e.parentElement?.closest('.app-table-scroll')) [wide, right] = [e, r.right];
      }
      const name = wide
        ? `${wide.tagName.toLowerCase()}${wide.id ? `#${wide.id}` : ''}.${[...wide.classList].join('.')}`
        : '?';
      return `${over}px (${name})`;
    });
    if (overflow) throw new Error(`${label} scrolls sideways by ${overflow} at ${width}px`);
  }
  await page.setViewportSize(size);
}

export function describeViolations(url: string, violations: AxeViolation[]): string {
  return violations
    .map((v) => `${url}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n');
}

/**
 * The error summary after a submit. It waits for the answer page, because
 * checking visibility straight after a click races the navigation.
 */
export async function errorSummaryText(page: Page): Promise<string> {
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor({ timeout: 10_000 });
  return summary.innerText();
}
