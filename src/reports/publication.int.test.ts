import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { recoverHidden } from '../../test/support/publication-check.ts';
import { testDatabase } from '../../test/support/database.ts';
import { testServices } from '../../test/support/factories.ts';
import { Browser, testApp } from '../../test/support/web.ts';
import { loadDemoData, type DemoAccount } from '../cli/demo/load.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { fixedClock } from '../domain/clock.ts';
import type { Services } from '../services/index.ts';
import { reportHtml } from './html.ts';
import type { ReportModel } from './model.ts';
import { EXACT_TABLES, TABLE_RULES } from './publication-rules.ts';
import { fewerThan, NOT_SHOWN, type PublishedTable } from './publication.ts';
import { displayCell, reportTables, tableCsv, type Cell, type ReportTable } from './sections.ts';
import { NARROWED_WITHHELD } from './publication.ts';

/**
 * The published edition on the demo council's last full year (2025/26),
 * through the real app: for a report viewer, the page, every CSV, the
 * workbook, the JSON and the Word document show exactly the published
 * tables, and the checker recovers no hidden number from them; the
 * stand-alone HTML likewise; officers keep the exact workbook, which says so.
 */
describe('the published edition of the demo council’s report', () => {
  const clock = fixedClock('2026-11-21T12:00:00Z');
  const period = 'from=2025-04-01&to=2026-03-31';
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let accounts: DemoAccount[];
  let exact: ReportModel;
  let exactTables: ReportTable[];
  let published: PublishedTable[];

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, clock);
    accounts = (await loadDemoData(handle.db, clock, { referencePrefix: 'CS' })).accounts;
    app = await testApp(svc);
    exact = await svc.reports.model('2025-04-01', '2026-03-31');
    exactTables = reportTables(exact);
    const started = performance.now();
    published = reportTables({ ...exact, publication: { threshold: 5 } }) as PublishedTable[];
    console.log(`# published edition of the demo's 2025/26 report: ${(performance.now() - started).toFixed(0)} ms`);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  async function signedIn(role: DemoAccount['role']): Promise<Browser> {
    const account = accounts.find((a) => a.role === role)!;
    const b = new Browser(app);
    await b.signIn(account.email, account.password);
    return b;
  }
  const hiddenCount = () => published.reduce((n, t) => n + (t.hidden ?? []).flat().filter(Boolean).length, 0);

  it('hides small numbers in the breakdowns, and none can be recovered from what is shown', () => {
    const counts = published.map((t) => [t.name, (t.hidden ?? []).flat().filter(Boolean).length]);
    console.log(`# hidden cells by table: ${JSON.stringify(counts.filter(([, n]) => n))}`);
    assert.ok(hiddenCount() > 10, `the demo has small numbers to hide (${hiddenCount()} hidden)`);
    assert.deepEqual(recoverHidden(exactTables, published, 5), []);
    const ethnicity = published.find((t) => t.name === 'ethnicity')!;
    assert.ok(ethnicity.rows.some((r) => r[1] === fewerThan(5)));
  });

  it('names every table of the report in the publication rules, so a new one is a decision', () => {
    const unnamed = exactTables.map((t) => t.name).filter((n) => !EXACT_TABLES.has(n) && !TABLE_RULES[n]);
    assert.deepEqual(unnamed, []);
  });

  /** Each table's cells on an HTML page, as text, head first. */
  function htmlCells(html: string, start: number): string[] {
    const end = html.indexOf('</table>', start);
    return [...html.slice(start, end).matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) =>
      m[1]!
        .replace(/<span class="govuk-visually-hidden">[\s\S]*?<\/span>/g, '')
        .replace(/<[^>]+>/g, '')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
        .trim(),
    );
  }
  const shownCells = (t: ReportTable) => [
    ...t.head,
    ...t.rows.flatMap((r) => r.map((v, i) => displayCell(v, t.formats[i] ?? 'text'))),
  ];

  it('gives a report viewer the published tables in the page, every CSV, the workbook, the JSON and the Word document', async () => {
    const b = await signedIn('report_viewer');
    const page = (await b.get(`/reports/annual?${period}`)).body;
    assert.match(page, /data-testid="edition-published"/);
    for (const t of published.filter((x) => x.rows.length)) {
      const at = page.indexOf(`data-testid="${t.name}"`);
      assert.ok(at > 0, `${t.name} on the page`);
      assert.deepEqual(htmlCells(page, at), shownCells(t), `${t.name} on the page`);
    }
    for (const t of published) {
      const csv = await b.get(`/reports/annual/${t.name}.csv?${period}`);
      assert.equal(csv.body, tableCsv(t), `${t.name}.csv`);
    }
    const xlsx = await b.get(`/reports/annual.xlsx?${period}`);
    assert.match(String(xlsx.headers['content-disposition']), /for-publication\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.equal(wb.worksheets[0]!.name, 'about');
    assert.equal(wb.worksheets[0]!.getRow(1).getCell(1).value, 'For publication: small numbers are hidden.');
    for (const t of published) {
      const sheet = wb.getWorksheet(t.name.slice(0, 31))!;
      const rows = t.rows.map((_, i) => (sheet.getRow(i + 3).values as unknown[]).slice(1));
      assert.deepEqual(
        rows,
        t.rows.map((r) => {
          const values = r.map((v) => (v === null ? undefined : v));
          while (values.length && values[values.length - 1] === undefined) values.pop();
          return values;
        }),
        `${t.name} in the workbook`,
      );
    }
    const json = JSON.parse((await b.get(`/reports/annual.json?${period}`)).body) as {
      sections: { tables: ReportTable[] }[];
    };
    assert.deepEqual(
      json.sections.flatMap((s) => s.tables.map((t) => t.rows)),
      published.map((t) => t.rows),
    );
    const docx = await b.get(`/reports/annual.docx?${period}`);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    const wordCells = [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)]
      .map((m) => [...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
      .map((s) =>
        s
          .replace(/&amp;/g, '&')
          .replace(/&apos;/g, "'")
          .replace(/&quot;/g, '"'),
      )
      .join('|');
    for (const t of published.filter((x) => x.rows.length))
      assert.ok(wordCells.includes(shownCells(t).join('|')), `${t.name} in the Word document as published`);
  });

  it('withholds a report viewer’s report narrowed to a team, page, JSON and dashboard; an officer sees it exact', async () => {
    // The team with the fewest complaints in the year (from 1 to 4): its totals are counts by team.
    const byTeam = exactTables.find((t) => t.name === 'by-team')!;
    const small = byTeam.rows.find((r) => typeof r[1] === 'number' && r[1] > 0 && r[1] < 5)!;
    assert.ok(small, 'the demo has a team with fewer than 5 complaints in the year');
    const unit = (await svc.organisation.all()).find((u) => u.kind === 'team' && u.name === small[0])!;
    const narrowed = `${period}&unit=${unit.id}`;
    const viewer = await signedIn('report_viewer');
    const page = await viewer.get(`/reports/annual?${narrowed}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(NARROWED_WITHHELD.replace("'", '&#39;')), 'says why');
    const json = JSON.parse((await viewer.get(`/reports/annual.json?${narrowed}`)).body) as {
      sections: { paragraphs: string[]; tables: { withheld: boolean; rows: Cell[][] }[] }[];
    };
    for (const t of json.sections.flatMap((x) => x.tables)) {
      assert.equal(t.withheld, true);
      assert.deepEqual(
        t.rows.flat().filter((c) => typeof c === 'number'),
        [],
        'no number in any table',
      );
    }
    assert.deepEqual(
      json.sections.flatMap((x) => x.paragraphs).filter((x) => /\d/.test(x)),
      [],
      'no sentence with a number (the council’s own text aside, which this demo year has none of)',
    );
    const dashboard = await viewer.get(`/dashboard?${narrowed}`);
    assert.match(dashboard.body, /data-testid="figures-withheld"/);
    assert.doesNotMatch(dashboard.body, /data-testid="headlines"|Month by month/);
    assert.doesNotMatch(dashboard.body, /data-testid="due-now"/, 'the due and overdue counts are counts by team too');
    // Officers see exact figures, narrowed or not.
    const officer = await signedIn('complaints_officer');
    const exactPage = await officer.get(`/reports/annual?${narrowed}`);
    assert.ok(!exactPage.body.includes('too few to publish'));
    assert.match((await officer.get(`/dashboard?${narrowed}`)).body, /data-testid="headlines"/);
  });

  it('renders the stand-alone HTML from the published tables', () => {
    const html = reportHtml({ ...exact, publication: { threshold: 5 } }, 'Demo Council');
    for (const t of published.filter((x) => x.rows.length)) {
      const at = html.indexOf(`<caption>${t.caption.replace(/&/g, '&amp;').replace(/'/g, '&#39;')}</caption>`);
      assert.ok(at > 0, `${t.name} in the HTML`);
      assert.deepEqual(htmlCells(html, at), shownCells(t), `${t.name} in the HTML`);
    }
  });

  it('keeps exact figures in the officers’ workbook, which says first that it is not for publication, and gives them the published one when asked', async () => {
    const b = await signedIn('complaints_officer');
    const page = (await b.get(`/reports/annual?${period}`)).body;
    assert.match(page, /Exact figures: not for publication/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await b.get(`/reports/annual.xlsx?${period}`)).rawPayload as unknown as ArrayBuffer);
    assert.equal(wb.worksheets[0]!.getRow(1).getCell(1).value, 'Exact figures: not for publication.');
    const ethnicity = exactTables.find((t) => t.name === 'ethnicity')!;
    assert.deepEqual(
      (wb.getWorksheet('ethnicity')!.getRow(3).values as unknown[]).slice(1, 3),
      ethnicity.rows[0]!.slice(0, 2),
    );
    const asPublished = (await b.get(`/reports/annual?${period}&publication=yes`)).body;
    assert.match(asPublished, /data-testid="edition-published"/);
    assert.match(asPublished, /Show the exact figures \(not for publication\)/);
    assert.equal(
      (await b.get(`/reports/annual/ethnicity.csv?${period}&publication=yes`)).body,
      tableCsv(published.find((t) => t.name === 'ethnicity')!),
    );
    // The Word document is the published edition for officers too.
    const docx = await b.get(`/reports/annual.docx?${period}`);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    assert.match(xml, /fewer than 5/);
  });

  it('uses the threshold an administrator sets, from the next request, and audits who set it', async () => {
    const admin = await signedIn('administrator');
    await admin.get('/admin/publication');
    for (const bad of ['2', '11', 'five', '4.5', ''])
      assert.equal((await admin.post('/admin/publication', { threshold: bad })).statusCode, 400, bad);
    const refused = await admin.post('/admin/publication', { threshold: '2' });
    assert.match(refused.body, /govuk-error-summary/);
    assert.match(refused.body, /The threshold must be 3 or more/);
    assert.deepEqual(await svc.publication.current(), { threshold: 5 }, 'nothing saved');

    const saved = await admin.post('/admin/publication', { threshold: '10' });
    assert.equal(saved.statusCode, 303);
    const shown = (await admin.get('/admin/publication?done=1')).body;
    assert.match(shown, /10: counts from 1 to 9 are shown as “fewer than 10”/);
    assert.match(shown, /21 November 2026 by /);
    const audit = rowsOf<{ before: unknown; after: unknown }>(
      await handle.db.execute(sql`select before, after from audit_events where action = 'settings.publication'`),
    );
    assert.deepEqual(audit, [{ before: { threshold: 5 }, after: { threshold: 10 } }]);

    const viewer = await signedIn('report_viewer');
    const page = (await viewer.get(`/reports/annual?${period}`)).body;
    assert.match(page, /fewer than 10/);
    assert.doesNotMatch(page, /fewer than 5\b/);
    const tables = reportTables({ ...exact, publication: { threshold: 10 } });
    assert.deepEqual(recoverHidden(exactTables, tables, 10), []);
    await svc.publication.update({ userId: null, role: null, label: 'test' }, { threshold: 5 });
  });

  it('shows the dashboard’s theme percentages with their base, and no hidden count to a report viewer', async () => {
    const b = await signedIn('report_viewer');
    const dashboard = (await b.get(`/dashboard?${period}`)).body;
    assert.match(
      dashboard,
      /percentages are of the [\d,]+ Children&#39;s statutory complaints or of the [\d,]+ Corporate complaints/i,
    );
    assert.match(dashboard, /% of complaints under its procedure/);
    assert.doesNotMatch(dashboard, new RegExp(`data-testid="top-themes"[\\s\\S]*?${NOT_SHOWN}[\\s\\S]*?</table>`));
  });

  it('shows "no data" in the six-year table for the years before the first case held', () => {
    const run = exactTables.find((t) => t.name === 'by-type-long-run')!;
    assert.deepEqual(run.head.slice(1), ['2020/21', '2021/22', '2022/23', '2023/24', '2024/25', '2025/26']);
    const complaints = run.rows.find((r) => r[0] === 'Complaint')!;
    assert.deepEqual(complaints.slice(1, 4), ['no data', 'no data', 'no data']);
    assert.ok(complaints.slice(4).every((v) => typeof v === 'number' && v > 0));
  });
});
