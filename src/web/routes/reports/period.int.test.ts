import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../../db/database.ts';
import type { Role } from '../../../domain/access/roles.ts';
import type { Services } from '../../../services/index.ts';
import type { Actor } from '../../../services/actor.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeCase, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/**
 * Whatever is put in a report's address, the server answers at once: a
 * period past year 9999 once sent the month count round for five minutes,
 * holding up every other request, and a made-up unit reached SQL.
 */
describe('report choices from the address', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let viewer: Actor;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    const { actor } = await makeUser(svc, 'complaints_officer', { email: 'officer@example.gov.uk' });
    viewer = (await makeUser(svc, 'report_viewer', { email: 'viewer@example.gov.uk' })).actor;
    await makeCase(svc, actor, { receivedOn: '2023-06-01' });
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  const QUERIES = [
    'unit=x',
    'unit=%00',
    'unit=00000000-0000-4000-8000-000000000000',
    'unit=a&unit=b',
    'procedure=corporate&teams=today&migrated=include',
    'from=2023-04-01&from=2024-04-01&to=x',
    'from=2023-04-01&to=2026-03-31',
    'from=1899-04-01',
    'from=2999-06-01&to=3000-05-31',
    'from=9999-04-01',
    'to=9999-12-31',
  ];

  for (const role of ['report_viewer', 'complaints_officer'] as Role[]) {
    it(
      `${role}: every page and download answers without a server error, and quickly`,
      { timeout: 60_000 },
      async () => {
        const b = new Browser(app);
        await b.signIn(role === 'report_viewer' ? 'viewer@example.gov.uk' : 'officer@example.gov.uk', TEST_PASSWORD);
        for (const q of QUERIES) {
          for (const path of [
            '/dashboard',
            '/reports/annual',
            '/reports/annual.json',
            '/reports/annual/by-type.csv',
            '/reports/annual.xlsx',
            '/reports/annual.docx',
            '/reports/annual/cases?table=by-type&row=0',
          ]) {
            const url = `${path}${path.includes('?') ? '&' : '?'}${q}`;
            const started = performance.now();
            const res = await app.inject({ method: 'GET', url, headers: { cookie: b.cookieHeaderForTests() } });
            assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
            assert.ok(performance.now() - started < 5000, `${url} took ${Math.round(performance.now() - started)} ms`);
          }
        }
      },
    );
  }

  it('a period past the dates a report covers is the default year; a made-up unit is a bad request', async () => {
    const b = new Browser(app);
    await b.signIn('officer@example.gov.uk', TEST_PASSWORD);
    const model = JSON.parse((await b.get('/reports/annual.json?from=2023-04-01&to=9999-12-31')).body) as {
      periods: { period: { from: string; to: string } }[];
    };
    assert.deepEqual(model.periods[2]!.period, { from: '2023-04-01', to: '2024-03-31', label: '2023/24' });
    const unit = await b.get('/reports/annual?unit=00000000-0000-4000-8000-000000000000');
    assert.equal(unit.statusCode, 400);
    assert.match(unit.body, /There is no such part of the organisation/);
  });

  it('typed dates more than a year apart, or outside 1900 to 2999, are an error on the form', async () => {
    const b = new Browser(app);
    await b.signIn('officer@example.gov.uk', TEST_PASSWORD);
    const long = await b.get(
      '/reports/annual?start-day=1&start-month=4&start-year=2022&end-day=31&end-month=3&end-year=2024',
    );
    assert.equal(long.statusCode, 200);
    assert.match(
      long.body,
      /href="#end-day">The period can be at most a year long, as it is compared with the same dates one and two years before/,
    );
    const far = await b.get(
      '/dashboard?start-day=1&start-month=1&start-year=9999&end-day=31&end-month=12&end-year=9999',
    );
    assert.match(far.body, /href="#start-day">The period must fall between 1900 and 2999/);
  });

  // On PostgreSQL, where another session can hold the cases table so that builds wait for it as long as the test
  // likes (on PGlite a build of this small council ends before a page gets to it: waits-per-reader.test.ts).
  it(
    'one reader may have 4 report requests and 2 dashboard builds under way; more are refused, 429, and no one else is held back',
    { skip: !process.env.DATABASE_URL && 'needs a second session on PostgreSQL' },
    async () => {
      const b = new Browser(app);
      await b.signIn('viewer@example.gov.uk', TEST_PASSWORD);
      const other = new Browser(app);
      await other.signIn('officer@example.gov.uk', TEST_PASSWORD);
      const locker = new pg.Client({ connectionString: (handle as DatabaseHandle & { url: string }).url });
      await locker.connect();
      const period = (y: number) => `from=${y}-04-01&to=${y + 1}-03-31`;
      try {
        await locker.query('begin; lock table feedback_cases in access exclusive mode');
        // The dashboard waits 2 s and says its figures are being worked out; the reader's third such build is refused.
        const pending = await Promise.all([2011, 2012].map((y) => b.get(`/dashboard?${period(y)}`)));
        for (const page of pending) assert.match(page.body, /data-testid="figures-pending"/);
        assert.equal(svc.reports.underWayFor(viewer).dashboardBuilds, 2);
        const third = await b.get(`/dashboard?${period(2013)}`);
        assert.equal(third.statusCode, 429);
        assert.match(third.body, /The figures for 2 other periods or filters you asked for are still being worked out/);
        // Four reports nobody has asked for, each held by the lock while its model is built.
        const four = [2015, 2016, 2017, 2018].map((y) => b.get(`/reports/annual?${period(y)}`));
        await until(() => svc.reports.underWayFor(viewer).requests === 4);
        // A fifth request is refused at once, even a download of one of the four (its rendering would be more work),
        // and so is the dashboard (it renders the report's sections too).
        const refused = await b.get(`/reports/annual.json?${period(2015)}`);
        assert.equal(refused.statusCode, 429);
        assert.equal(refused.headers['retry-after'], '30');
        assert.match(
          refused.body,
          /Too many reports at once[\s\S]*You already have 4 reports or downloads being prepared\. Wait for them to finish, then ask for this one again\./,
        );
        assert.equal((await b.get('/dashboard')).statusCode, 429);
        // Another reader is held back by none of it: their dashboard starts its build (not "busy"), their report waits.
        const othersDashboard = await other.get(`/dashboard?${period(2010)}`);
        assert.match(othersDashboard.body, /data-testid="figures-pending"/);
        assert.doesNotMatch(othersDashboard.body, /data-testid="figures-busy"/);
        const othersReport = other.get(`/reports/annual?${period(2019)}`);
        await locker.query('rollback');
        assert.deepEqual(
          (await Promise.all(four)).map((r) => r.statusCode),
          [200, 200, 200, 200],
        );
        assert.equal((await othersReport).statusCode, 200);
      } finally {
        await locker.end();
      }
      await svc.reports.settled();
      assert.deepEqual(svc.reports.underWayFor(viewer), { requests: 0, dashboardBuilds: 0 });
      // Once they are ready the reader may ask again: the report and its downloads, four at once.
      const kept = await Promise.all(
        ['', '.json', '.xlsx', '/by-type.csv'].map((ext) => b.get(`/reports/annual${ext}?${period(2018)}`)),
      );
      assert.deepEqual(
        kept.map((r) => r.statusCode),
        [200, 200, 200, 200],
      );
    },
  );

  it('a year still running is reported to today and compared with the same dates before, on the page and in downloads', async () => {
    const b = new Browser(app);
    await b.signIn('viewer@example.gov.uk', TEST_PASSWORD);
    // Today is 3 June 2024 (TEST_NOW): 2024/25 has two months and three days behind it.
    const page = await b.get('/reports/annual?from=2024-04-01&to=2025-03-31');
    assert.match(page.body, /Feedback report 1 April 2024 to 3 June 2024</);
    assert.match(
      page.body,
      /data-testid="so-far">This period is not over yet, so the report covers it to today, 3 June 2024, and compares it with the same dates in the two years before\./,
    );
    const json = JSON.parse((await b.get('/reports/annual.json?from=2024-04-01&to=2025-03-31')).body) as {
      period: { from: string; to: string };
    };
    assert.deepEqual(json.period, { from: '2024-04-01', to: '2024-06-03', label: '1 April 2024 to 3 June 2024' });
    // A year that is over is the whole year, with no such note.
    const last = await b.get('/reports/annual?from=2023-04-01&to=2024-03-31');
    assert.match(last.body, /Feedback report 2023\/24</);
    assert.doesNotMatch(last.body, /data-testid="so-far"/);
  });

  it('the service refuses such a period from any caller (the command line too)', async () => {
    await assert.rejects(svc.reports.model('2023-04-01', '2024-04-01'), /at most a year long/);
    await assert.rejects(svc.reports.model('2023-04-01', '9999-12-31'), /between 1900 and 2999/);
    await assert.rejects(
      svc.reports.model('2023-04-01', '2024-03-31', {
        teamNames: 'as_was',
        excludeMigratedFromTimescales: true,
        orgUnitId: 'x',
      }),
      /no such part of the organisation/,
    );
    assert.equal(
      (await svc.reports.model('2024-02-29', '2025-02-28')).periods[2]!.period.label,
      '29 February 2024 to 28 February 2025',
    );
  });
});

/** Waits until `done` holds (a request reaching the point a test holds it at), at most 10 s. */
async function until(done: () => boolean) {
  for (let i = 0; i < 1000 && !done(); i++) await sleep(10);
  assert.ok(done(), 'waited 10 s');
}
