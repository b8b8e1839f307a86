import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import type { DatabaseHandle } from '../../../db/database.ts';
import type { Role } from '../../../domain/access/roles.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeTeam, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/**
 * What each role may trace from the report (README, "Who can do what"): a
 * report viewer gets figures only, in every output; an investigating manager
 * traces a figure to their own cases only; officers, administrators and senior
 * managers trace every figure. All through the real app, signed in as each.
 */
describe('tracing report figures to cases, by role', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  const email = (role: Role) => `${role}@example.gov.uk`;
  /** Cases of 2023/24 (the report's default year) and one of this year, by who they are allocated to. */
  const refs = { mine: '', theirs: '', compliment: '', mineNow: '', theirsNow: '' };
  const all = () => Object.values(refs);
  const period = 'from=2023-04-01&to=2024-03-31';

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    const { actor: officer } = await makeUser(svc, 'complaints_officer', { email: email('complaints_officer') });
    await makeUser(svc, 'administrator', { email: email('administrator') });
    await makeUser(svc, 'senior_manager', { email: email('senior_manager') });
    await makeUser(svc, 'report_viewer', { email: email('report_viewer') });
    const { user: me } = await makeUser(svc, 'investigating_manager', { email: email('investigating_manager') });
    const { user: colleague } = await makeUser(svc, 'investigating_manager', { email: 'colleague@example.gov.uk' });
    const team = await makeTeam(svc, officer, 'Disabled Children Team');
    const code = async (
      kind: 'ethnicity' | 'service_user_group' | 'complainant_relationship' | 'remedy_type',
      c: string,
    ) => (await svc.referenceData.byCode(kind)).get(c)!.id;
    const apology = await code('remedy_type', 'APOLOGY');

    // Two complaints in the same team, one allocated to each manager, each with a child profiled the
    // way the report counts them (ethnicity, service user group, relationship), a Stage 1 answer and a remedy.
    const complaint = async (receivedOn: string, managerId: string, ethnicity: string) => {
      const c = await svc.cases.create(officer, {
        type: 'complaint',
        receivedOn,
        subject: 'No plan review',
        teamId: team.id,
        complainant: {
          givenName: 'Sam',
          familyName: 'Parent',
          relationshipId: await code('complainant_relationship', 'MOTHER'),
        },
        child: {
          givenName: 'Kit',
          familyName: 'Parent',
          ethnicityId: await code('ethnicity', ethnicity),
          serviceUserGroupId: await code('service_user_group', 'SEND'),
        },
      });
      await svc.triage.apply(officer, c.id, {
        type: 'complaint',
        procedure: 'childrens_statutory',
        procedureReason: 'About a child',
        decision: 'stage1',
        teamId: team.id,
        investigatingManagerId: managerId,
        consentNote: 'Not needed',
      });
      return c;
    };
    const answered = async (c: { id: string }, managerId: string, startedOn: string, respondedOn: string) => {
      const i = await svc.casework.addInvestigation(officer, c.id, 'stage1', {
        teamId: team.id,
        investigatorId: managerId,
        startedOn,
      });
      await svc.casework.updateInvestigation(officer, c.id, i, {
        teamId: team.id,
        investigatorId: managerId,
        startedOn,
        respondedOn,
        outcome: 'upheld',
      });
      await svc.casework.updateStage(officer, c.id, 'stage1', { respondedOn });
      await svc.casework.addRemedy(officer, c.id, 'stage1', { remedyTypeId: apology, completedOn: respondedOn });
    };
    const mine = await complaint('2023-05-10', me.id, 'WROM');
    await answered(mine, me.id, '2023-05-10', '2023-05-24');
    const theirs = await complaint('2023-06-12', colleague.id, 'WBRI');
    await answered(theirs, colleague.id, '2023-06-12', '2023-06-26');
    const compliment = await svc.cases.create(officer, {
      type: 'compliment',
      receivedOn: '2023-07-03',
      subject: 'Thank you',
      teamId: team.id,
    });
    await svc.examples.save(officer, compliment.id, 'Thank you for listening to us.');
    // This year, still open. These and the two above are overdue (never acknowledged): what the dashboard lists.
    const mineNow = await complaint('2024-04-08', me.id, 'WBRI');
    const theirsNow = await complaint('2024-04-09', colleague.id, 'WBRI');
    Object.assign(refs, {
      mine: mine.reference,
      theirs: theirs.reference,
      compliment: compliment.reference,
      mineNow: mineNow.reference,
      theirsNow: theirsNow.reference,
    });
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  async function signedIn(role: Role): Promise<Browser> {
    const b = new Browser(app);
    await b.signIn(email(role), TEST_PASSWORD);
    return b;
  }
  const download = async (b: Browser, url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: b.cookieHeaderForTests() } });
    assert.equal(res.statusCode, 200, url);
    return res;
  };
  /** The text of every part of an Office file (sheets, shared strings, the document). */
  const officeText = async (body: Buffer, parts: RegExp) => {
    const zip = await JSZip.loadAsync(body);
    const names = Object.keys(zip.files).filter((n) => parts.test(n));
    assert.ok(names.length, `the file has parts matching ${parts}`);
    return (await Promise.all(names.map((n) => zip.file(n)!.async('string')))).join('\n');
  };
  const found = (text: string) => all().filter((r) => text.includes(r));
  const drillDowns = (html: string) =>
    [...html.matchAll(/href="(\/reports\/annual\/cases\?[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  /** The link behind the figure in `row` of table `name` on the page, if there is one. */
  const linkOf = (html: string, name: string, row: number) =>
    drillDowns(html).find((u) => u.startsWith(`/reports/annual/cases?table=${name}&row=${row}&`));
  const json = async (b: Browser) => (await b.get(`/reports/annual.json?${period}`)).body;

  it('a report viewer gets figures only: no case reference in the page, the dashboard, the JSON, any CSV, the workbook or the Word document, and no drill-down', async () => {
    const b = await signedIn('report_viewer');
    const page = await b.get(`/reports/annual?${period}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /In 2023\/24 there were 3 cases of feedback recorded/, 'the figures are all there');
    assert.match(page.body, /Thank you for listening to us\./, 'and the quotes');
    assert.deepEqual(found(page.body), []);
    assert.deepEqual(drillDowns(page.body), [], 'no figure links to cases');
    assert.doesNotMatch(page.body, /href="\/cases\//);
    assert.doesNotMatch(page.body, /Numbers shown as links/);

    for (const url of ['/dashboard', `/dashboard?${period}`]) {
      const dashboard = await b.get(url);
      assert.equal(dashboard.statusCode, 200);
      assert.match(dashboard.body, /<strong>4 overdue<\/strong>/, 'the overdue figure is still given');
      assert.deepEqual(found(dashboard.body), [], url);
      assert.deepEqual(drillDowns(dashboard.body), [], url);
      assert.doesNotMatch(dashboard.body, /href="\/cases\/|data-testid="overdue"/, url);
    }

    const model = await json(b);
    assert.deepEqual(found(model), []);
    assert.doesNotMatch(model, /"refs(ByType)?"/, 'no lists of references, not even empty ones');
    // The model holds exact figures: a report viewer gets the published edition's tables instead.
    const parsed = JSON.parse(model) as {
      edition: string;
      sections: { tables: { name: string; rows: unknown[][] }[] }[];
    };
    assert.equal(parsed.edition, 'published');
    const table = (name: string) => parsed.sections.flatMap((s) => s.tables).find((t) => t.name === name)!;
    assert.deepEqual(table('by-type').rows[0], ['Complaint', 'no data', 'no data', 2], 'figures by type as they are');
    assert.deepEqual(
      table('ethnicity').rows,
      [['Withheld: too few to show without identifying someone', 'not shown', 'not shown']],
      'two children, one of each ethnicity: too few to show at all',
    );
    assert.doesNotMatch(model, /Gypsy/);
    assert.match(page.body, /data-testid="edition-published"/);
    assert.doesNotMatch(page.body, /Show the exact figures/, 'and no way to the exact ones');
    assert.equal((await b.get(`/reports/annual.json?${period}&publication=`)).body, model);

    const csvs = [...page.body.matchAll(/href="(\/reports\/annual\/[a-z0-9-]+\.csv\?[^"]+)"/g)].map((m) =>
      m[1]!.replace(/&amp;/g, '&'),
    );
    assert.ok(csvs.length >= 25, `every table as CSV (saw ${csvs.length})`);
    for (const url of csvs) assert.deepEqual(found((await download(b, url)).body), [], url);
    assert.deepEqual(
      found(
        await officeText(
          (await download(b, `/reports/annual.xlsx?${period}`)).rawPayload,
          /^xl\/(worksheets\/.*|sharedStrings)\.xml$/,
        ),
      ),
      [],
      'the workbook',
    );
    assert.deepEqual(
      found(
        await officeText((await download(b, `/reports/annual.docx?${period}`)).rawPayload, /^word\/document\.xml$/),
      ),
      [],
      'the Word document',
    );

    // Asked for directly, the cases behind a figure are refused.
    const behind = await b.get(`/reports/annual/cases?table=by-type&row=0&${period}`);
    assert.equal(behind.statusCode, 403);
    assert.deepEqual(found(behind.body), []);
  });

  it('an investigating manager traces a figure to their own cases only, and is told the figure covers more', async () => {
    const b = await signedIn('investigating_manager');
    const page = await b.get(`/reports/annual?${period}`);
    assert.match(
      page.body,
      /Numbers shown as links open the cases behind them that are allocated to you\. The numbers count every case, not only yours\./,
    );
    assert.deepEqual(found(page.body), []);
    assert.equal(linkOf(page.body, 'by-type', 1), undefined, 'the compliment is not theirs: no link');

    // Investigating managers read the published edition: the one team's 2 complaints (the known total) are withheld, with no cases behind them.
    assert.equal(linkOf(page.body, 'by-team', 0), undefined, 'a hidden figure links to nothing');
    assert.match(page.body, /Withheld: too few to show without identifying someone/);
    assert.doesNotMatch(page.body, /Disabled Children Team<\/t[dh]>\s*<td[^>]*>2</);
    assert.equal((await b.get(`/reports/annual/cases?table=by-team&row=0&${period}`)).statusCode, 404);
    assert.equal((await b.get(`/reports/annual/cases?table=by-team&row=0&${period}&publication=yes`)).statusCode, 404);
    const link = linkOf(page.body, 'by-type', 0);
    assert.ok(link, 'the complaints by type (one of them theirs) link to cases');
    const behind = await b.get(link);
    assert.equal(behind.statusCode, 200);
    assert.match(behind.body, /Complaint: 2 cases/, 'the figure is the whole figure');
    assert.match(
      behind.body,
      /The figure covers every case, not only yours\. Only the 1 case allocated to you is listed here\./,
    );
    assert.deepEqual(found(behind.body), [refs.mine]);
    assert.match(behind.body, new RegExp(`href="/cases/${refs.mine}"`));

    // A row with none of their cases, asked for directly.
    assert.equal((await b.get(`/reports/annual/cases?table=by-type&row=1&${period}`)).statusCode, 404);

    const model = await json(b);
    assert.deepEqual(found(model), [refs.mine]);
    assert.equal((JSON.parse(model) as { edition: string }).edition, 'published');

    const dashboard = await b.get('/dashboard');
    assert.match(dashboard.body, /<strong>4 overdue<\/strong>/);
    assert.match(
      dashboard.body,
      /These numbers cover every case, not only yours\. Only the overdue cases allocated to you are listed\./,
    );
    assert.match(dashboard.body, /Your overdue cases, most overdue first/);
    assert.deepEqual(found(dashboard.body).sort(), [refs.mine, refs.mineNow].sort());
  });

  it('officers, administrators and senior managers trace every figure, whoever read the kept model before them', async () => {
    // A report viewer reads the period first, so the model is built and kept from their request.
    const viewer = await signedIn('report_viewer');
    assert.deepEqual(found(await json(viewer)), []);
    for (const role of ['complaints_officer', 'administrator', 'senior_manager'] as const) {
      const b = await signedIn(role);
      const model = await json(b);
      assert.deepEqual(found(model).sort(), [refs.mine, refs.theirs, refs.compliment].sort(), role);
      assert.equal((JSON.parse(model) as { traceability: string }).traceability, 'full');
      const page = await b.get(`/reports/annual?${period}`);
      assert.match(page.body, /Numbers shown as links open the list of cases behind them\./, role);
      const behind = await b.get(linkOf(page.body, 'by-team', 0)!);
      assert.match(behind.body, /Disabled Children Team: 2 cases/, role);
      assert.deepEqual(found(behind.body).sort(), [refs.mine, refs.theirs].sort(), role);
      assert.doesNotMatch(behind.body, /not only yours/, role);
      assert.ok(linkOf(page.body, 'by-type', 1), `${role}: the compliment links to its case`);
      const dashboard = await b.get('/dashboard');
      assert.deepEqual(
        found(dashboard.body).sort(),
        [refs.mine, refs.theirs, refs.mineNow, refs.theirsNow].sort(),
        `${role}: every overdue case listed`,
      );
      assert.match(dashboard.body, /Overdue, most overdue first/, role);
    }
    // And the manager after them still sees only their own; the viewer again, none.
    assert.deepEqual(found(await json(await signedIn('investigating_manager'))), [refs.mine]);
    assert.deepEqual(found(await json(viewer)), []);
  });
});
