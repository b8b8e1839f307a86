import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../src/domain/clock.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { loadDemoData } from '../../src/cli/demo/load.ts';
import { services } from '../../src/services/index.ts';
import { reportDocument } from '../../src/reports/docx.ts';
import { reportCharts, type Chart } from '../../src/reports/charts.ts';
import { displayCell, reportSections, type ReportSection } from '../../src/reports/sections.ts';

/**
 * The Word document as a council would publish it, checked the way a reader
 * meets it: the demo council's last full year rendered to PDF by LibreOffice
 * (Debian's libreoffice-writer-nogui), its text read back by poppler's
 * pdftotext. A contents page whose entries name the page each section starts
 * on, a page number on every page, no heading left with nothing under it,
 * no word broken inside a table cell, and every chart with its title.
 */
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const missing = ['soffice', 'pdftotext'].filter((c) => !has(c));
const skip = missing.length
  ? `${missing.join(' and ')} not installed: apt-get install libreoffice-writer-nogui poppler-utils (.ci/run does)`
  : false;

const COUNCIL = 'Demo Council';
const words = (s: string) => s.split(/\s+/).filter(Boolean);
const flat = (s: string) => words(s).join(' ');

describe('the Word document, rendered to PDF by LibreOffice', { skip }, () => {
  let handle: DatabaseHandle;
  let dir: string;
  let sections: ReportSection[];
  let charts: Chart[];
  /** The PDF's text, page by page, as laid out. */
  let pages: string[];

  before(async () => {
    const clock = fixedClock('2026-11-21T12:00:00Z');
    handle = await openDatabase({ engine: 'pglite-memory' });
    const svc = services(handle.db, clock, { referencePrefix: 'CS' });
    await loadDemoData(handle.db, clock, { referencePrefix: 'CS' });
    // The demo's last full year, on 21 November 2026.
    const model = await svc.reports.model('2025-04-01', '2026-03-31');
    sections = reportSections(model, COUNCIL);
    charts = reportCharts(model);
    const started = performance.now();
    const docx = await reportDocument(model, COUNCIL, await svc.examples.forPeriod('2025-04-01', '2026-03-31'), {
      issuedOn: '2026-11-21',
    });
    const built = performance.now() - started;
    dir = mkdtempSync(path.join(tmpdir(), 'heard-word-'));
    writeFileSync(path.join(dir, 'report.docx'), docx);
    const converted = spawnSync(
      'soffice',
      [
        // A profile of its own, so a LibreOffice already running (or another test) does not take the conversion.
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        path.join(dir, 'report.docx'),
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    assert.equal(converted.status, 0, `soffice: ${converted.stderr}`);
    // soffice exits 0 without a PDF when it has no Writer to open the document (only Calc installed, say).
    assert.ok(
      existsSync(path.join(dir, 'report.pdf')),
      `LibreOffice wrote no PDF (is its Writer installed? Debian: libreoffice-writer-nogui): ${converted.stdout}${converted.stderr}`,
    );
    const text = spawnSync('pdftotext', ['-layout', path.join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
    assert.equal(text.status, 0, `pdftotext: ${text.stderr}`);
    pages = text.stdout.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim());
    console.log(`Word document: built in ${Math.round(built)} ms, ${pages.length} pages as PDF`);
  });
  after(async () => {
    await handle?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const headings = () => [...sections.map((s) => s.heading), 'Definitions'];
  /** A page's lines without the running header and the page number. */
  const bodyLines = (page: string) =>
    page
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith(`${COUNCIL}: Customer feedback annual report`) && !/^Page \d+$/.test(l));

  it('has a cover naming the council, the service, the period, the date and the version', () => {
    const cover = flat(pages[0]!);
    for (const part of [
      COUNCIL,
      'Customer Feedback Annual Report',
      "Children's Services",
      '1 April 2025 to 31 March 2026 (2025/26)',
      'Produced on 21 November 2026',
      'Version:',
    ])
      assert.ok(cover.includes(part), `the cover says "${part}"`);
  });

  it('has a contents page listing every section with the page it starts on', () => {
    const contents = bodyLines(pages[1]!);
    assert.equal(contents[0], 'Contents');
    for (const heading of headings()) {
      const entry = contents.find((l) => l.startsWith(heading));
      assert.ok(entry, `contents lists "${heading}"`);
      const page = Number(/(\d+)$/.exec(entry)?.[1]);
      assert.ok(page > 2, `"${heading}" has a page number (${entry})`);
      assert.equal(bodyLines(pages[page - 1]!)[0], heading, `"${heading}" starts page ${page}, as the contents say`);
    }
  });

  it('numbers every page after the cover', () => {
    pages.forEach((page, i) => {
      if (i === 0) return;
      assert.match(page, new RegExp(`^\\s*Page ${i + 1}\\s*$`, 'm'), `page ${i + 1} shows its number`);
    });
  });

  it('has no heading followed straight by another heading', () => {
    const all = new Set([...headings(), 'Example compliments', 'Example complaints', 'Contents']);
    const lines = pages.slice(1).flatMap(bodyLines);
    lines.forEach((line, i) => {
      if (all.has(line)) assert.ok(i + 1 < lines.length && !all.has(lines[i + 1]!), `"${line}" has text under it`);
    });
    assert.ok(
      !lines.some((l) => /^Table \d+: Rates per 1,000/.test(l)),
      'the rates table is not captioned with its section heading',
    );
  });

  it('breaks no word inside a table cell', () => {
    const text = pages.join('\n');
    let n = 0;
    let checked = 0;
    for (const t of sections.flatMap((s) => s.tables)) {
      n++;
      if (!t.rows.length) continue;
      checked++;
      // The table's stretch of text: from its caption to the next caption or the end.
      const start = text.indexOf(`Table ${n}: `);
      assert.ok(start >= 0, `Table ${n} (${t.caption}) is in the document`);
      const end = text.slice(start + 1).search(/\n\s*(Table|Figure) \d+: /);
      const tokens = new Set(words(end < 0 ? text.slice(start) : text.slice(start, start + 1 + end)));
      const cells = [t.head, ...t.rows.map((r) => r.map((v, i) => displayCell(v, t.formats[i] ?? 'text')))];
      for (const cell of cells.flat())
        for (const word of words(cell)) assert.ok(tokens.has(word), `"${word}" is whole in Table ${n}: ${t.caption}`);
    }
    assert.ok(checked > 30, `every table with rows checked (${checked} of ${n})`);
    assert.match(text, /^\s*Compliment\s+no data/m, 'the six-year table keeps "Compliment" whole');
    assert.match(
      text,
      /^\s*Children's statutory\s+Stage 1/m,
      'the timescales table keeps "Children\'s statutory" whole',
    );
  });

  it('gives every chart a numbered title, before its table', () => {
    const text = flat(pages.join('\n'));
    for (const chart of charts)
      assert.match(
        text,
        new RegExp(`Figure \\d+: ${chart.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
        `a figure titled "${chart.title}"`,
      );
    assert.equal(text.match(/Figure \d+: /g)?.length, charts.length, 'no figure without a title, no title twice');
    assert.ok(charts.length >= 8, `one chart for each procedure's timescales too (${charts.length} charts)`);
  });
});
