import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../../db/database.ts';
import type { Actor } from '../../../services/actor.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/** The casework forms read through their schemas: what a refused form says, and where an accepted one goes. */
describe('the casework forms', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let b: Browser;
  let ref: string;
  let teamId: string;
  let actor: Actor;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    const { user } = await makeUser(svc, 'complaints_officer', { email: 'officer@example.gov.uk' });
    actor = { userId: user.id, role: user.role, label: 'officer' };
    teamId = (await makeTeam(svc, actor, 'Assessment Team')).id;
    const made = await makeCase(svc, actor);
    await svc.triage.apply(actor, made.id, {
      type: 'complaint',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care',
      decision: 'stage1',
      teamId,
      investigatingManagerId: user.id,
      acknowledgedOn: null,
    });
    ref = made.reference;
    b = new Browser(app);
    await b.signIn(user.email, TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  /** Posts from the form's page; a refusal's error summary links each message to its field. */
  async function post(page: string, action: string, form: Record<string, string>) {
    await b.get(page);
    return b.post(action, form);
  }
  const summaryLink = (body: string, field: string, message: string) =>
    assert.ok(body.includes(`href="#${field}"`) && body.includes(message), `expected "${message}" linked to #${field}`);

  it('allocates, and comes back to the case', async () => {
    const res = await post(`/cases/${ref}/allocate`, `/cases/${ref}/allocate`, { teamId, investigatingManagerId: '' });
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, `/cases/${ref}?done=allocation`);
    // The case page says what was done, not just "Saved".
    assert.match((await b.get(String(res.headers.location))).body, /Allocation saved\./);
  });

  it('refuses a half-typed date, keeping what was typed', async () => {
    const res = await post(`/cases/${ref}/investigations/new`, `/cases/${ref}/investigations/new`, {
      stage: 'stage1',
      teamId,
      'startedOn-day': '3',
      'startedOn-month': '',
      'startedOn-year': '2024',
    });
    assert.equal(res.statusCode, 400);
    // A date's error links to its day box, the first of the three (GOV.UK), so the link moves focus to it.
    summaryLink(res.body, 'startedOn-day', 'The date must include a day, month and year');
    assert.match(res.body, /name="startedOn-year"[^>]*value="2024"/);
  });

  it('adds an investigation', async () => {
    const res = await post(`/cases/${ref}/investigations/new`, `/cases/${ref}/investigations/new`, {
      stage: 'stage1',
      teamId,
      investigatorName: 'Ivy Investigator',
      'startedOn-day': '3',
      'startedOn-month': '5',
      'startedOn-year': '2024',
    });
    assert.equal(res.statusCode, 302);
    assert.match(
      String(res.headers.location),
      new RegExp(`^/cases/${ref}/investigations/[0-9a-f-]{36}\\?done=investigation$`),
    );
    // The investigation's own page, where heads of complaint are written next, says it was saved.
    assert.match((await b.get(String(res.headers.location))).body, /Investigation saved\./);
  });

  it("refuses a stage's cost that is not an amount, and a date that is not real, in the form's order", async () => {
    const res = await post(`/cases/${ref}/stages/stage1`, `/cases/${ref}/stages/stage1`, {
      'respondedOn-day': '31',
      'respondedOn-month': '2',
      'respondedOn-year': '2024',
      investigatorCost: 'lots',
    });
    assert.equal(res.statusCode, 400);
    summaryLink(res.body, 'respondedOn-day', 'The date must be a real date');
    summaryLink(res.body, 'investigatorCost', 'is not an amount in pounds, like 250 or 1,250.50');
    assert.ok(res.body.indexOf('#respondedOn-day') < res.body.indexOf('#investigatorCost'));
  });

  it('refuses a cost the stage does not record (Stage 1 has none), so the report never counts one no page shows', async () => {
    const res = await post(`/cases/${ref}/stages/stage1`, `/cases/${ref}/stages/stage1`, {
      investigatorCost: '1,250.50',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Stage 1 does not record this/);
    const id = (await svc.cases.idForReference(ref))!;
    const record = await svc.cases.record(actor, id);
    assert.equal(record.stages.find((s) => s.kind === 'stage1')?.investigatorCostPence, null);
  });

  it("refuses a stage person's unknown role", async () => {
    const res = await post(`/cases/${ref}/stages/stage1`, `/cases/${ref}/stages/stage1/people`, {
      role: 'wizard',
      name: 'Someone',
    });
    assert.equal(res.statusCode, 400);
    summaryLink(res.body, 'role', 'Choose their role');
  });

  it('asks for the stage to escalate to', async () => {
    const res = await post(`/cases/${ref}/escalate`, `/cases/${ref}/escalate`, {});
    assert.equal(res.statusCode, 400);
    summaryLink(res.body, 'to', 'Choose the stage');
  });

  it('asks what to do with the case', async () => {
    const res = await post(`/cases/${ref}/status`, `/cases/${ref}/status`, { action: 'explode' });
    assert.equal(res.statusCode, 400);
    summaryLink(res.body, 'action', 'Choose what to do with the case');
  });

  it('saves a quote for the annual report', async () => {
    const res = await post(`/cases/${ref}/quote`, `/cases/${ref}/quote`, { text: 'They listened.' });
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, `/cases/${ref}?done=quote`);
    // A key the page does not know (a hand-made link) says only "Saved", never the address's own words.
    const odd = await b.get(`/cases/${ref}?done=%3Cb%3EHacked%3C%2Fb%3E`);
    assert.match(odd.body, /govuk-notification-banner[\s\S]*Saved/);
    assert.doesNotMatch(odd.body, /Hacked/);
  });

  it('answers a made-up team or member of staff with a 400, not a crash, and saves nothing', async () => {
    const made = '0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b';
    const id = (await svc.cases.idForReference(ref))!;
    const before = (await svc.cases.record(actor, id)).case.version;
    const res = await post(`/cases/${ref}/allocate`, `/cases/${ref}/allocate`, {
      teamId: made,
      investigatingManagerId: '',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /not there any more, or never was/);
    assert.equal((await svc.cases.record(actor, id)).case.version, before);
  });

  it('keeps what was typed into a refused remedy', async () => {
    const res = await post(`/cases/${ref}/stages/stage1`, `/cases/${ref}/stages/stage1/remedies`, {
      remedyTypeId: '',
      amount: 'abc',
      description: 'kept detail',
      'dueOn-day': '10',
      'dueOn-month': '12',
      'dueOn-year': '2024',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /value="abc"/);
    assert.match(res.body, /value="kept detail"/);
    assert.match(
      res.body,
      /name="dueOn-day" type="text" value="10"|value="10"[^>]*name="dueOn-day"|id="dueOn-day" name="dueOn-day" type="text" value="10"/,
    );
  });
});
