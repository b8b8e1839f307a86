import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { DatabaseHandle } from '../../../db/database.ts';
import * as s from '../../../db/schema/index.ts';
import type { Actor } from '../../../services/actor.ts';
import type { Services } from '../../../services/index.ts';
import { SEARCHES_AT_ONCE } from '../../../services/cases/listing.ts';
import { engineName, testDatabase } from '../../../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, testServices, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/** The table's references, in the order shown. */
const referencesIn = (html: string) =>
  [...html.matchAll(/<td class="govuk-table__cell app-nowrap"><a class="govuk-link" href="\/cases\/([^"]+)">/g)].map(
    (m) => decodeURIComponent(m[1]!),
  );

/** A CSV as rows of cells (the files have no commas or quotes inside cells but those we look at). */
function csvRows(body: string): string[][] {
  return body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) =>
      [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')),
    )
    .map((cells) => cells.slice(0, 12));
}

describe('the case list: filters, order, downloads, saved filters and bulk allocation', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let officer: Actor;
  const emails: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const refs: Record<string, string> = {};
  let teamA: string;
  let teamB: string;
  let alice: string;
  let zed: string;

  async function browserFor(who: string) {
    const b = new Browser(app);
    await b.signIn(emails[who]!, TEST_PASSWORD);
    return b;
  }

  /** Posts a form with repeated fields (the ticked cases), as a browser does. */
  async function postForm(b: Browser, url: string, fields: [string, string][]) {
    const body = new URLSearchParams([['_csrf', b.csrf()], ...fields]).toString();
    const res = await app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { cookie: b.cookieHeaderForTests(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    b.lastBody = res.body;
    return res;
  }

  const allocateAudits = async (caseId: string) =>
    handle.db
      .select({ after: s.auditEvents.after })
      .from(s.auditEvents)
      .where(and(eq(s.auditEvents.caseId, caseId), eq(s.auditEvents.action, 'case.allocate')));

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    const o = await makeUser(svc, 'complaints_officer', { displayName: 'Olive Officer' });
    officer = o.actor;
    emails.officer = o.user.email;
    const a = await makeUser(svc, 'investigating_manager', { displayName: 'Alice Able' });
    alice = a.user.id;
    emails.alice = a.user.email;
    const z = await makeUser(svc, 'investigating_manager', { displayName: 'Zed Zulu' });
    zed = z.user.id;
    emails.zed = z.user.email;
    emails.senior = (await makeUser(svc, 'senior_manager')).user.email;
    emails.viewer = (await makeUser(svc, 'report_viewer')).user.email;
    teamA = (await makeTeam(svc, officer, 'Assessment Team')).id;
    teamB = (await makeTeam(svc, officer, 'Fostering Team')).id;
    const make = async (key: string, subject: string, receivedOn: string) => {
      const c = await makeCase(svc, officer, { subject, receivedOn });
      ids[key] = c.id;
      refs[key] = c.reference;
    };
    await make('bravo', 'Bravo transport', '2024-05-01');
    await make('formula', '=HYPERLINK("http://evil.example")', '2024-04-10');
    await make('alpha', 'Alpha contact', '2024-05-20');
    await make('closed', 'Closed one', '2024-03-01');
    await svc.cases.allocate(officer, ids.bravo!, { teamId: teamA, investigatingManagerId: alice });
    await svc.cases.allocate(officer, ids.formula!, { teamId: teamB, investigatingManagerId: zed });
    await handle.db
      .update(s.feedbackCases)
      .set({ status: 'closed', closedOn: '2024-03-20' })
      .where(eq(s.feedbackCases.id, ids.closed!));
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('is at /cases, and / is the same list as the staff home', async () => {
    const b = await browserFor('officer');
    const list = await b.get('/cases');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(referencesIn(list.body), [refs.formula, refs.bravo, refs.alpha]);
    assert.match(list.body, /Showing 1 to 3 of 3 open cases, oldest first\./);
    const home = await b.get('/');
    assert.equal(home.statusCode, 200);
    assert.deepEqual(referencesIn(home.body), referencesIn(list.body));
    // Dates the GOV.UK way, never ISO.
    assert.match(list.body, />1 May 2024</);
    assert.match(list.body, />10 April 2024</);
    assert.doesNotMatch(list.body, />2024-05-01</);
    // A page past the last (an old link) goes to the last page, with the filters kept.
    const past = await b.get('/cases?status=all&page=999');
    assert.equal(past.statusCode, 303);
    assert.equal(past.headers.location, '/cases?status=all&page=1');
  });

  it('shows the investigating manager and sorts by any column, both ways, blanks last', async () => {
    const b = await browserFor('officer');
    const up = await b.get('/cases?sort=manager');
    assert.deepEqual(referencesIn(up.body), [refs.bravo, refs.formula, refs.alpha]);
    assert.deepEqual(
      [...up.body.matchAll(/data-testid="manager">([^<]*)</g)].map((m) => m[1]),
      ['Alice Able', 'Zed Zulu', 'Not allocated'],
    );
    assert.match(up.body, /aria-sort="ascending"><a [^>]*href="\/cases\?sort=manager&amp;dir=desc"/);
    const down = await b.get('/cases?sort=manager&dir=desc');
    assert.deepEqual(referencesIn(down.body), [refs.formula, refs.bravo, refs.alpha]);
    assert.match(down.body, /aria-sort="descending"/);
    const bySubject = await b.get('/cases?sort=subject');
    assert.deepEqual(referencesIn(bySubject.body), [refs.formula, refs.alpha, refs.bravo]);
    const byTeam = await b.get('/cases?sort=team&dir=desc');
    assert.deepEqual(referencesIn(byTeam.body), [refs.formula, refs.bravo, refs.alpha]);
    // A sort key that is not one of the columns is ignored: the list's own order, never an error.
    const odd = await b.get('/cases?sort=id%3Bdrop%20table%20users&dir=sideways');
    assert.equal(odd.statusCode, 200);
    assert.deepEqual(referencesIn(odd.body), [refs.formula, refs.bravo, refs.alpha]);
  });

  it('filters by received dates typed in GOV.UK date inputs, and says "1 case"', async () => {
    const b = await browserFor('officer');
    const may = await b.get('/cases?from-day=1&from-month=5&from-year=2024&to-day=&to-month=&to-year=');
    assert.deepEqual(referencesIn(may.body), [refs.bravo, refs.alpha]);
    assert.match(may.body, /Showing 1 to 2 of 2 open cases/);
    assert.match(may.body, /name="from-day" type="text" value="1"/);
    const one = await b.get('/cases?from=2024-05-10');
    assert.deepEqual(referencesIn(one.body), [refs.alpha]);
    assert.match(one.body, /data-testid="case-count">1 open case\./);
    assert.doesNotMatch(one.body, /1 open cases/);
    const bad = await b.get('/cases?from-day=31&from-month=2&from-year=2024');
    assert.equal(bad.statusCode, 200);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#from-day">Received on or after: the date must be a real date/);
    assert.equal(referencesIn(bad.body).length, 3, 'a date that is not real filters nothing');
    const reversed = await b.get('/cases?from=2026-01-01&to=2020-01-01');
    assert.match(
      reversed.body,
      /href="#to-day">The “received on or before” date must be the same as or after the “received on or after” date/,
    );
  });

  it('downloads the filtered, sorted list as CSV: every row, formulas neutralised, a safe file name', async () => {
    const b = await browserFor('officer');
    const res = await b.get('/cases/export.csv?status=all&sort=received&dir=desc');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.equal(res.headers['content-disposition'], 'attachment; filename=cases-2024-06-03.csv');
    const rows = csvRows(res.body);
    assert.deepEqual(rows[0], [
      'Reference',
      'Type',
      'Status',
      'Procedure',
      'Subject',
      'Team',
      'Investigating manager',
      'Received',
      'Stage reached',
      'Next clock',
      'Next due',
      'Clock status',
    ]);
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      [refs.alpha, refs.bravo, refs.formula, refs.closed],
    );
    const formula = rows.find((r) => r[0] === refs.formula)!;
    assert.equal(formula[4], `'=HYPERLINK("http://evil.example")`);
    assert.equal(formula[5], 'Fostering Team');
    assert.equal(formula[6], 'Zed Zulu');
    assert.equal(formula[7], '2024-04-10');
    assert.equal(rows.find((r) => r[0] === refs.closed)![2], 'Closed');
    // The same filters as the page: a team's cases only.
    const teamOnly = csvRows((await b.get(`/cases/export.csv?teamId=${teamA}`)).body);
    assert.deepEqual(
      teamOnly.slice(1).map((r) => r[0]),
      [refs.bravo],
    );
  });

  it('downloads the same list as a workbook, with dates as dates and text never as formulas', async () => {
    const b = await browserFor('officer');
    const res = await app.inject({
      method: 'GET',
      url: '/cases/export.xlsx?sort=subject',
      headers: { cookie: b.cookieHeaderForTests() },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-disposition'], 'attachment; filename=cases-2024-06-03.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Cases')!;
    assert.equal(sheet.getCell('A1').value, 'Reference');
    assert.deepEqual(
      [2, 3, 4].map((r) => sheet.getCell(`A${r}`).value),
      [refs.formula, refs.alpha, refs.bravo],
    );
    const subject = sheet.getCell('E2');
    assert.equal(subject.type, ExcelJS.ValueType.String);
    assert.equal(subject.value, '=HYPERLINK("http://evil.example")');
    const received = sheet.getCell('H2').value;
    assert.ok(received instanceof Date);
    assert.equal(received.toISOString().slice(0, 10), '2024-04-10');
    assert.equal(sheet.getCell('G4').value, 'Alice Able');
    assert.equal(sheet.rowCount, 4);
  });

  it('a download holds only what the role may see: a manager their own cases, a report viewer nothing', async () => {
    const viewer = await browserFor('viewer');
    assert.equal((await viewer.get('/cases/export.csv')).statusCode, 403);
    assert.equal((await viewer.get('/cases/export.xlsx')).statusCode, 403);
    assert.equal((await viewer.get('/cases')).statusCode, 403);
    assert.equal((await viewer.get('/')).headers.location, '/dashboard');
    const manager = await browserFor('alice');
    const mine = csvRows((await manager.get('/cases/export.csv?status=all')).body);
    assert.deepEqual(
      mine.slice(1).map((r) => r[0]),
      [refs.bravo],
    );
    const senior = await browserFor('senior');
    const all = csvRows((await senior.get('/cases/export.csv')).body);
    assert.equal(all.length - 1, 3);
  });

  it('saves, lists, applies and deletes filters, each person seeing only their own', async () => {
    const b = await browserFor('officer');
    await b.get(`/saved-filters/new?teamId=${teamA}&sort=bogus&status=all`);
    assert.match(b.lastBody, new RegExp(`name="query" value="status=all&amp;teamId=${teamA}"`));
    const blank = await b.post('/saved-filters/new', { name: '  ', query: `teamId=${teamA}` });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /Enter a name for these filters/);
    const saved = await b.post('/saved-filters/new', {
      name: 'Assessment cases',
      query: `teamId=${teamA}&status=all&evil=%0d%0a&sort=id`,
    });
    assert.equal(saved.statusCode, 302);
    assert.equal(saved.headers.location, `/cases?status=all&teamId=${teamA}&saved=1`);
    // The list it comes back to says the filters were saved, by their name.
    assert.match(
      (await b.get(String(saved.headers.location))).body,
      /Filters saved as “Assessment cases”\. They are listed under “Your saved filters”\./,
    );
    const list = await b.get('/cases');
    assert.match(list.body, new RegExp(`href="/cases\\?status=all&amp;teamId=${teamA}">Assessment cases</a>`));
    const applied = await b.get(`/cases?status=all&teamId=${teamA}`);
    assert.deepEqual(referencesIn(applied.body), [refs.bravo]);
    const [row] = await handle.db.select().from(s.savedFilters);
    assert.equal(row!.query, `status=all&teamId=${teamA}`);

    const other = await browserFor('alice');
    const theirs = await other.get('/saved-filters');
    assert.doesNotMatch(theirs.body, /Assessment cases/);
    assert.match(theirs.body, /You have no saved filters/);
    assert.doesNotMatch((await other.get('/cases')).body, /Assessment cases/);
    const stolen = await other.post('/saved-filters/delete', { id: row!.id });
    assert.equal(stolen.statusCode, 302);
    assert.equal(stolen.headers.location, '/saved-filters');
    assert.equal((await handle.db.select().from(s.savedFilters)).length, 1, 'another person cannot delete it');

    await b.get('/saved-filters');
    const gone = await b.post('/saved-filters/delete', { id: row!.id });
    assert.equal(gone.statusCode, 302);
    assert.equal((await handle.db.select().from(s.savedFilters)).length, 0);
  });

  it('allocates ticked cases in bulk: a confirmation page, one audit entry per case, refusals named', async () => {
    const b = await browserFor('officer');
    const choose = await b.get(
      `/cases/allocate?case=${refs.bravo}&case=${refs.alpha}&case=${refs.closed}&case=CS-NOPE`,
    );
    assert.equal(choose.statusCode, 200, choose.body.replace(/[\s\S]*<main/, '').slice(0, 2500));
    assert.match(choose.body, new RegExp(`${refs.bravo}: Bravo transport`));
    assert.match(choose.body, /No case was found for CS-NOPE/);
    const picked: [string, string][] = [refs.bravo!, refs.alpha!, refs.closed!, 'CS-NOPE'].map((r) => ['case', r]);
    const noOne = await postForm(b, '/cases/allocate', [...picked, ['investigatingManagerId', '']]);
    assert.equal(noOne.statusCode, 400);
    assert.match(noOne.body, /Select who the cases go to/);
    const late = await makeCase(svc, officer, { subject: 'Changed meanwhile', receivedOn: '2024-05-03' });
    picked.push(['case', late.reference]);
    const confirm = await postForm(b, '/cases/allocate', [...picked, ['investigatingManagerId', zed], ['teamId', '']]);
    assert.equal(confirm.statusCode, 200, confirm.body.replace(/[\s\S]*<main/, '').slice(0, 1500));
    assert.match(confirm.body, /<h1 class="govuk-heading-l">Allocate 4 cases<\/h1>/);
    assert.match(confirm.body, /Alice Able<br>Assessment Team/);
    assert.match(confirm.body, /No case was found for CS-NOPE/);
    // The confirmation carries each case's version as shown: a case changed since is refused, not overwritten.
    const confirmed = [...confirm.body.matchAll(/name="confirmedCase" value="([^"]+)"/g)].map((m): [string, string] => [
      'confirmedCase',
      m[1]!,
    ]);
    assert.deepEqual(
      confirmed.map(([, v]) => v.replace(/^\d+:/, '')),
      [refs.bravo, refs.alpha, refs.closed, late.reference].sort(),
    );
    await svc.cases.allocate(officer, late.id, { teamId: teamB, investigatingManagerId: alice });
    const before = {
      bravo: (await allocateAudits(ids.bravo!)).length,
      alpha: (await allocateAudits(ids.alpha!)).length,
      closed: (await allocateAudits(ids.closed!)).length,
      late: (await allocateAudits(late.id)).length,
    };
    const done = await postForm(b, '/cases/allocate', [
      ...confirmed,
      ['investigatingManagerId', zed],
      ['teamId', ''],
      ['confirmed', 'yes'],
    ]);
    assert.equal(done.statusCode, 200, done.body.replace(/[\s\S]*<main/, '').slice(0, 1500));
    assert.match(done.body, /2 cases allocated/);
    assert.match(done.body, new RegExp(`${refs.closed}: This case is closed. Reopen it before changing it.`));
    assert.match(
      done.body,
      new RegExp(`${late.reference}: Someone else changed this case while you were working on it`),
    );
    assert.equal((await allocateAudits(late.id)).length, before.late, 'nothing written for the case changed meanwhile');
    const bravo = await allocateAudits(ids.bravo!);
    assert.equal(bravo.length, before.bravo + 1);
    assert.deepEqual(bravo.at(-1)!.after, { investigatingManagerId: zed });
    const alpha = await allocateAudits(ids.alpha!);
    assert.equal(alpha.length, before.alpha + 1);
    assert.deepEqual(alpha.at(-1)!.after, { investigatingManagerId: zed });
    assert.equal((await allocateAudits(ids.closed!)).length, before.closed);
    const rows = await handle.db
      .select({
        id: s.feedbackCases.id,
        teamId: s.feedbackCases.teamId,
        manager: s.feedbackCases.investigatingManagerId,
      })
      .from(s.feedbackCases);
    const byId = new Map(rows.map((r) => [r.id, r]));
    assert.equal(byId.get(ids.bravo!)!.manager, zed);
    assert.equal(byId.get(ids.bravo!)!.teamId, teamA, 'each case keeps its team when none is chosen');
    assert.equal(byId.get(ids.alpha!)!.manager, zed);
    assert.equal(byId.get(ids.closed!)!.manager, null);
  });

  it('refuses bulk allocation to those who may not change cases, and a manager reaches only their own', async () => {
    const senior = await browserFor('senior');
    await senior.get('/cases');
    assert.equal((await postForm(senior, '/cases/allocate', [['case', refs.alpha!]])).statusCode, 403);
    assert.doesNotMatch((await senior.get('/cases')).body, /data-testid="bulk-allocate"/);
    const manager = await browserFor('alice');
    await manager.get('/cases');
    const res = await postForm(manager, '/cases/allocate', [
      ['confirmedCase', `1:${refs.formula}`],
      ['investigatingManagerId', alice],
      ['confirmed', 'yes'],
    ]);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /0 cases allocated/);
    assert.match(res.body, new RegExp(`${refs.formula}: No case with this reference was found`));
    const [formula] = await handle.db
      .select({ manager: s.feedbackCases.investigatingManagerId })
      .from(s.feedbackCases)
      .where(eq(s.feedbackCases.id, ids.formula!));
    assert.equal(formula!.manager, zed);
  });

  it('downloads every matching case, not the page shown', async () => {
    for (let i = 0; i < 52; i++) await makeCase(svc, officer, { subject: `Filler ${i}`, receivedOn: '2024-05-02' });
    const b = await browserFor('officer');
    const page = await b.get('/cases?q=Filler');
    assert.match(page.body, /Showing 1 to 50 of 52 open cases/);
    assert.equal(referencesIn(page.body).length, 50);
    const rows = csvRows((await b.get('/cases/export.csv?q=Filler')).body);
    assert.equal(rows.length - 1, 52);
  });

  it(
    'a search stopped at its time limit says so beside the search box, and a download of it is refused with the reason',
    { skip: engineName() !== 'postgres' && 'PGlite has no statement time limit' },
    async () => {
      // The same database with short limits, so the test waits a second, not the 15 s a download is given.
      const limited = await testApp(
        await testServices(handle, undefined, { searchTimeLimits: { pageMs: 500, exportMs: 800 } }),
      );
      const b = new Browser(limited);
      await b.signIn(emails.officer!, TEST_PASSWORD);
      // Another session holding the cases table makes the search wait past its limit, as a slow one would run.
      const locker = new pg.Client({ connectionString: (handle as DatabaseHandle & { url: string }).url });
      await locker.connect();
      try {
        await locker.query('begin; lock table feedback_cases in access exclusive mode');
        const page = await b.get('/cases?q=transport');
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /There is a problem/);
        assert.match(page.body, /href="#q">The search took too long, so it was stopped/);
        assert.match(page.body, /id="q-error"/);
        assert.match(page.body, /data-testid="search-stopped"/);
        assert.doesNotMatch(page.body, /No cases match/, 'never says no case matches: it did not find out');
        assert.equal(referencesIn(page.body).length, 0);
        const csv = await b.get('/cases/export.csv?q=transport');
        assert.equal(csv.statusCode, 400);
        assert.match(csv.body, /The search took too long, so it was stopped/);
        assert.match(
          csv.body,
          /href="\/cases\?q=transport" data-testid="back">Back to the case list</,
          'back to the list as filtered',
        );
        const again = await b.get('/cases?q=transport');
        assert.equal(referencesIn(again.body).length, 0, 'still held');
        // Searches take turns: however many downloads are asked for at once, at most SEARCHES_AT_ONCE.downloads
        // hold a connection, and searches on the page have turns of their own beside them.
        const burst = Array.from({ length: 8 }, (_, i) => b.get(`/cases/export.csv?q=word${i}`));
        const pages = Array.from({ length: 6 }, (_, i) => b.get(`/cases?q=page${i}`));
        await new Promise((resolve) => setTimeout(resolve, 300));
        const { rows: waiting } = await locker.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        assert.equal(
          waiting[0]!.n,
          SEARCHES_AT_ONCE.downloads + SEARCHES_AT_ONCE.pages,
          'searches waiting on the held table, each with a connection',
        );
        for (const answer of await Promise.all(pages)) assert.match(answer.body, /data-testid="search-stopped"/);
        for (const answer of await Promise.all(burst)) {
          assert.equal(answer.statusCode, 400);
          assert.match(answer.body, /The search took too long, so it was stopped/);
        }
      } finally {
        await locker.query('rollback');
        await locker.end();
      }
      const again = await b.get('/cases?q=transport');
      assert.deepEqual(referencesIn(again.body), [refs.bravo], 'the same search answers once the table is free');
      await limited.close();
    },
  );
});
