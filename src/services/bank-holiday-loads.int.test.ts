import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { auditEvents, bankHolidaySets } from '../db/schema/index.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, TEST_PASSWORD, testServices } from '../../test/support/factories.ts';
import { Browser, testApp } from '../../test/support/web.ts';
import { startBackgroundWork } from './background.ts';
import { services, type Services } from './index.ts';

/** GOV.UK's file as shipped, with 2028 added as GOV.UK might publish it: the usual days and one one-off. */
function govUkFileWith2028(extra: { date: string; title: string }[] = []): string {
  const shipped = JSON.parse(
    readFileSync(new URL('../../data/bank-holidays-england-and-wales.json', import.meta.url), 'utf8'),
  ) as { 'england-and-wales': { events: { date: string; title: string; notes: string; bunting: boolean }[] } };
  const y2028 = [
    ['2028-01-03', 'New Year’s Day'],
    ['2028-04-14', 'Good Friday'],
    ['2028-04-17', 'Easter Monday'],
    ['2028-05-01', 'Early May bank holiday'],
    ['2028-05-29', 'Spring bank holiday'],
    ['2028-08-28', 'Summer bank holiday'],
    ['2028-12-25', 'Christmas Day'],
    ['2028-12-26', 'Boxing Day'],
  ].map(([date, title]) => ({ date: date!, title: title! }));
  const events = [
    ...shipped['england-and-wales'].events,
    ...[...y2028, ...extra].map((e) => ({ ...e, notes: '', bunting: true })),
  ];
  return JSON.stringify({ 'england-and-wales': { division: 'england-and-wales', events } });
}

/** The shipped file alone: it ends in 2027. */
const SHIPPED_ONLY = readFileSync(new URL('../../data/bank-holidays-england-and-wales.json', import.meta.url), 'utf8');

describe('bank holidays: computed years, the daily refresh, and the due dates it moves', () => {
  let handle: DatabaseHandle;
  let now = new Date('2027-12-20T09:00:00Z');
  const clock: Clock = { now: () => new Date(now.getTime()) };
  let svc: Services;
  let http: Server;
  let served: { status: number; body: string } = { status: 200, body: '' };
  let requests = 0;
  let url = '';
  let app: FastifyInstance;
  let caseId = '';
  let reference = '';
  let mineActor: Awaited<ReturnType<typeof makeUser>>['actor'];
  let otherActor: Awaited<ReturnType<typeof makeUser>>['actor'];
  let officerActor: Awaited<ReturnType<typeof makeUser>>['actor'];

  before(async () => {
    // A local file server on 127.0.0.1 stands for GOV.UK: tests never reach the internet.
    http = createServer((_req, res) => {
      requests += 1;
      res.writeHead(served.status, { 'content-type': 'application/json' });
      res.end(served.body);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/bank-holidays.json`;
    handle = await testDatabase();
    svc = await testServices(handle, clock, { bankHolidaysUrl: url });
    const admin = await makeUser(svc, 'administrator', { email: 'cal-admin@example.gov.uk' });
    const officer = await makeUser(svc, 'complaints_officer', { email: 'cal-officer@example.gov.uk' });
    const mine = await makeUser(svc, 'investigating_manager', { email: 'cal-mine@example.gov.uk' });
    const other = await makeUser(svc, 'investigating_manager', { email: 'cal-other@example.gov.uk' });
    mineActor = mine.actor;
    otherActor = other.actor;
    officerActor = officer.actor;
    void admin;
    const team = await makeTeam(svc, officer.actor, 'Calendar Team');
    // Received Monday 20 December 2027: 10 working days skip 27 and 28 December (published) and
    // Monday 3 January 2028 (computed), so Stage 1 is due Thursday 6 January 2028, provisionally.
    const c = await makeCase(svc, officer.actor, {
      receivedOn: '2027-12-20',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care',
    });
    caseId = c.id;
    reference = c.reference;
    await svc.cases.allocate(officer.actor, c.id, { teamId: team.id, investigatingManagerId: mine.user.id });
    app = await testApp(svc);
  });
  after(async () => {
    await app.close();
    await handle.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  it('counts into 2028 with computed bank holidays, marked provisional on the case page', async () => {
    const { clocks } = await svc.timescales.clocksForCase(caseId);
    const s1 = clocks.find((k) => k.clock === 'stage1_response')!;
    assert.equal(s1.result.dueOn, '2028-01-06');
    assert.equal(s1.provisional, true);
    assert.match(s1.explanation.join('\n'), /3 January 2028 New Year’s Day \(provisional\)/);
    assert.match(s1.explanation.join('\n'), /Provisional: this counts working days in 2028/);
    const b = new Browser(app);
    await b.signIn('cal-officer@example.gov.uk', TEST_PASSWORD);
    const page = await b.get(`/cases/${reference}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-testid="provisional-stage1_response"/);
    assert.match(page.body, /data-testid="provisional-note"/);
  });

  it('the admin page shows where each year comes from and warns that the published data ends soon', async () => {
    const b = new Browser(app);
    await b.signIn('cal-admin@example.gov.uk', TEST_PASSWORD);
    const page = await b.get('/admin/calendar');
    assert.equal(page.statusCode, 200);
    const sources = page.body.slice(page.body.indexOf('data-testid="holiday-sources"'));
    assert.match(sources, /2012 to 2027<\/td>\s*<td[^>]*>GOV.UK&#39;s list, shipped with Heard/);
    assert.match(sources, /2028 to 2037<\/td>\s*<td[^>]*><strong class="govuk-tag govuk-tag--yellow">\s*Provisional/);
    assert.match(page.body, /data-testid="known-data-ends"/);
    assert.match(page.body, /end on 31 December 2027/);
  });

  it('the daily refresh is off by default and fetches nothing', async () => {
    assert.equal((await svc.bankHolidays.settings()).enabled, false);
    assert.equal(await svc.bankHolidays.refreshIfDue(), null);
    assert.equal(requests, 0);
  });

  it('turned on, it loads GOV.UK’s newer list, and the due date it moves reaches those responsible', async () => {
    const b = new Browser(app);
    await b.signIn('cal-admin@example.gov.uk', TEST_PASSWORD);
    await b.get('/admin/calendar');
    const saved = await b.post('/admin/calendar/refresh', { enabled: 'yes' });
    assert.equal(saved.statusCode, 302);
    assert.equal((await svc.bankHolidays.settings()).enabled, true);
    const audit = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'calendar.refresh_on'));
    assert.equal(audit.length, 1);

    // GOV.UK publishes 2028 with a one-off holiday on Tuesday 4 January.
    served = { status: 200, body: govUkFileWith2028([{ date: '2028-01-04', title: 'A one-off bank holiday' }]) };
    const result = await svc.bankHolidays.refreshIfDue();
    assert.deepEqual(result && { outcome: result.outcome, moved: 'moved' in result ? result.moved : null }, {
      outcome: 'loaded',
      moved: 1,
    });
    assert.equal(requests, 1);
    const { clocks } = await svc.timescales.clocksForCase(caseId);
    const s1 = clocks.find((k) => k.clock === 'stage1_response')!;
    assert.equal(s1.result.dueOn, '2028-01-07');
    assert.equal(s1.provisional, false);
    const sets = await handle.db.select().from(bankHolidaySets);
    assert.deepEqual(
      sets.map((s) => [s.firstYear, s.lastYear, s.via]),
      [[2012, 2028, 'refresh']],
    );

    // The allocated manager and the complaints officers see it; another manager does not.
    const forMine = await svc.bankHolidays.noticesFor(mineActor);
    assert.deepEqual(
      forMine.map((n) => [n.reference, n.clock, n.from, n.to]),
      [[reference, 'stage1_response', '2028-01-06', '2028-01-07']],
    );
    assert.match(forMine[0]!.reason, /GOV.UK's bank holidays for 2012 to 2028 were loaded by the daily refresh/);
    assert.equal((await svc.bankHolidays.noticesFor(officerActor)).length, 1);
    assert.equal((await svc.bankHolidays.noticesFor(otherActor)).length, 0);
    const home = new Browser(app);
    await home.signIn('cal-mine@example.gov.uk', TEST_PASSWORD);
    const mineHome = await home.get('/');
    assert.match(mineHome.body, /data-testid="due-date-notices"/);
    assert.match(
      mineHome.body,
      new RegExp(`${reference}</a>: Stage 1 response due 7 January 2028, was 6 January 2028`),
    );
    const otherHome = new Browser(app);
    await otherHome.signIn('cal-other@example.gov.uk', TEST_PASSWORD);
    assert.doesNotMatch((await otherHome.get('/')).body, /due-date-notices/);

    // Once a day: a second try the same day does nothing.
    assert.equal(await svc.bankHolidays.refreshIfDue(), null);
    assert.equal(requests, 1);
    // The admin page no longer warns: the published data now runs to the end of 2028.
    const page = await b.get('/admin/calendar');
    assert.doesNotMatch(page.body, /known-data-ends/);
    assert.match(page.body, /fetched by the daily refresh/);
  });

  it('a notice goes once its new due date has passed', async () => {
    const saved = now;
    now = new Date('2028-01-08T09:00:00Z');
    assert.equal((await svc.bankHolidays.noticesFor(mineActor)).length, 0);
    now = saved;
  });

  it('never replaces good data with a bad or shorter file, nor loads the same list twice', async () => {
    const day = 24 * 3600_000;
    const tries: [string, { status: number; body: string }, string, RegExp][] = [
      ['a shorter file', { status: 200, body: SHIPPED_ONLY }, 'refused', /ends in 2027, before/],
      ['not JSON', { status: 200, body: '<html>maintenance</html>' }, 'refused', /not JSON/],
      [
        'a year cut short',
        {
          status: 200,
          body: JSON.stringify({
            'england-and-wales': {
              events: [
                { date: '2028-01-03', title: 'New Year’s Day' },
                { date: '2029-01-01', title: 'New Year’s Day' },
              ],
            },
          }),
        },
        'refused',
        /lists 1 bank holiday for 2028/,
      ],
      ['a server error', { status: 503, body: '' }, 'unreachable', /answered 503/],
      [
        'the same list again',
        { status: 200, body: govUkFileWith2028([{ date: '2028-01-04', title: 'A one-off bank holiday' }]) },
        'unchanged',
        /Up to date/,
      ],
    ];
    for (const [what, body, outcome, message] of tries) {
      now = new Date(now.getTime() + day);
      served = body;
      const result = await svc.bankHolidays.refreshIfDue();
      assert.equal(result?.outcome, outcome, what);
      assert.match(result!.message, message, what);
      assert.equal((await svc.bankHolidays.settings()).lastOutcome, outcome, what);
    }
    assert.equal((await handle.db.select().from(bankHolidaySets)).length, 1, 'nothing new kept');
    assert.equal((await svc.calendar.calendar()).whyNotWorking('2028-01-04'), 'A one-off bank holiday');
  });

  it('with two servers on one database, a day’s refresh runs once', async () => {
    const second = services(handle.db, clock, { referencePrefix: 'CS', bankHolidaysUrl: url });
    now = new Date(now.getTime() + 24 * 3600_000);
    served = { status: 200, body: govUkFileWith2028([{ date: '2028-01-04', title: 'A one-off bank holiday' }]) };
    const before = requests;
    const results = await Promise.all([svc.bankHolidays.refreshIfDue(), second.bankHolidays.refreshIfDue()]);
    assert.equal(results.filter((r) => r !== null).length, 1);
    assert.equal(requests - before, 1);
  });

  it('the background work runs the refresh once a day is up', async () => {
    now = new Date(now.getTime() + 24 * 3600_000);
    served = { status: 502, body: '' };
    const before = requests;
    const background = startBackgroundWork(svc, { info: () => {}, warn: () => {}, error: () => {} }, { everyMs: 10 });
    try {
      for (let i = 0; i < 500 && (await svc.bankHolidays.settings()).lastTriedAt?.getTime() !== now.getTime(); i++)
        await new Promise((r) => setTimeout(r, 20));
    } finally {
      await background.stop();
    }
    const settings = await svc.bankHolidays.settings();
    assert.equal(settings.lastOutcome, 'unreachable');
    assert.match(settings.lastMessage!, /answered 502/);
    assert.equal(requests - before, 1, 'fetched once, however many ticks ran');
  });

  it('an unreachable address is reported, and changes nothing', async () => {
    const closed = services(handle.db, clock, {
      referencePrefix: 'CS',
      bankHolidaysUrl: 'http://127.0.0.1:1/bank-holidays.json',
    });
    now = new Date(now.getTime() + 24 * 3600_000);
    const result = await closed.bankHolidays.refreshIfDue();
    assert.equal(result?.outcome, 'unreachable');
    assert.match(result!.message, /could not be reached/);
    assert.equal((await handle.db.select().from(bankHolidaySets)).length, 1);
  });
});
