import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../../domain/clock.ts';
import type { DatabaseHandle } from '../../../db/database.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

let addresses = 0;
/** Each person from their own address: the form's rate limit is per address. */
const nextAddress = () => `203.0.113.${++addresses}`;

const COMPLIMENT_BY_EMAIL: [string, Record<string, string>][] = [
  ['type', { type: 'compliment' }],
  ['relationship', { relationship: 'MOTHER' }],
  ['team', { teamId: '' }],
  ['what-happened', { whatHappened: 'Thank you to the fostering team.' }],
  ['your-name', { givenName: 'Ann', familyName: 'Lee' }],
  ['contact-by', { contactBy: 'email' }],
  ['contact-details', { email: 'ann.lee@example.com' }],
];

describe('changing an answer from the check page', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-03-27T10:00:00Z'));
    app = await testApp(svc);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  async function answered(steps = COMPLIMENT_BY_EMAIL): Promise<Browser> {
    const b = new Browser(app, { remoteAddress: nextAddress() });
    await b.get('/feedback/adult/start');
    for (const [step, form] of steps) {
      await b.get(`/feedback/adult/${step}`);
      const res = await b.post(`/feedback/adult/${step}`, form);
      assert.equal(res.statusCode, 302, `${step} is answered`);
    }
    assert.equal((await b.get('/feedback/adult/check')).statusCode, 200);
    return b;
  }

  it("shows an answer's lines as typed, without the template's indentation", async () => {
    const steps = COMPLIMENT_BY_EMAIL.map(([step, form]): [string, Record<string, string>] =>
      step === 'what-happened' ? [step, { whatHappened: 'Thank you.\r\n  Second line.' }] : [step, form],
    );
    const check = await (await answered(steps)).get('/feedback/adult/check');
    assert.match(check.body, /<span class="app-pre-wrap">Thank you\.<br> {2}Second line\.<\/span>/);
  });

  it('walks from "How we contact you" to the phone number it now needs, then back to check', async () => {
    const b = await answered();
    await b.get('/feedback/adult/contact-by?change=1');
    const changed = await b.post('/feedback/adult/contact-by?change=1', { contactBy: 'phone' });
    assert.equal(changed.headers.location, '/feedback/adult/contact-details?change=1');
    const phonePage = await b.get('/feedback/adult/contact-details?change=1');
    assert.match(phonePage.body, /What is your phone number\?/);
    assert.match(phonePage.body, /<title>What is your phone number\?/);

    const blank = await b.post('/feedback/adult/contact-details?change=1', { phone: '' });
    assert.equal(blank.statusCode, 400, 'the gap is caught on its own page');
    assert.match(blank.body, /href="#phone">Enter a phone number, like 01632 960 001/);

    const done = await b.post('/feedback/adult/contact-details?change=1', { phone: '01632 960 001' });
    assert.equal(done.headers.location, '/feedback/adult/check');
    const check = await b.get('/feedback/adult/check');
    assert.match(check.body, /How we contact you\s*<\/dt>\s*<dd[^>]*>\s*<span class="app-pre-wrap">Phone/);
    assert.match(check.body, /Phone number\s*<\/dt>\s*<dd[^>]*>\s*<span class="app-pre-wrap">01632 960 001/);
    assert.doesNotMatch(check.body, /ann\.lee@example\.com/, 'the email no longer used is not shown');
  });

  it('goes straight back to check when nothing else depends on the change', async () => {
    const b = await answered();
    await b.get('/feedback/adult/contact-by?change=1');
    const same = await b.post('/feedback/adult/contact-by?change=1', { contactBy: 'email' });
    assert.equal(same.headers.location, '/feedback/adult/check');
    await b.get('/feedback/adult/your-name?change=1');
    const name = await b.post('/feedback/adult/your-name?change=1', { givenName: 'Anne', familyName: 'Lee' });
    assert.equal(name.headers.location, '/feedback/adult/check');
  });

  it('walks through every question a complaint adds when a compliment becomes one', async () => {
    const b = await answered();
    await b.get('/feedback/adult/type?change=1');
    const changed = await b.post('/feedback/adult/type?change=1', { type: 'complaint' });
    assert.equal(changed.headers.location, '/feedback/adult/child?change=1');
    await b.get('/feedback/adult/child?change=1');
    const child = await b.post('/feedback/adult/child?change=1', { childGivenName: 'Leo', childFamilyName: 'Lee' });
    assert.equal(child.headers.location, '/feedback/adult/consent?change=1');
    await b.get('/feedback/adult/consent?change=1');
    const consent = await b.post('/feedback/adult/consent?change=1', { consent: 'agrees' });
    assert.equal(consent.headers.location, '/feedback/adult/when?change=1');
  });

  it('sending with an answer missing shows the error on that question’s own page, not at /check', async () => {
    const b = await answered();
    await b.get('/feedback/adult/contact-by?change=1');
    await b.post('/feedback/adult/contact-by?change=1', { contactBy: 'post' });
    // The person goes back to check (the Back link) without giving an address, and sends.
    await b.get('/feedback/adult/check');
    const sent = await b.post('/feedback/adult/check', {});
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, '/feedback/adult/contact-details?change=1');
    const page = await b.get(sent.headers.location as string);
    assert.match(page.body, /<title>Error: What is your address\?/);
    assert.match(page.body, /href="#addressLine1">Enter the first line of your address/);
    const fixed = await b.post('/feedback/adult/contact-details?change=1', {
      addressLine1: '1 High Street',
      postcode: 'sy2 6nd',
    });
    assert.equal(fixed.headers.location, '/feedback/adult/check');
    await b.get('/feedback/adult/check');
    const again = await b.post('/feedback/adult/check', {});
    assert.equal(again.headers.location, '/feedback/confirmation');
  });

  it('shows dates on the check page in the GOV.UK style, and a confirmation titled as its heading', async () => {
    const b = await answered([
      ['type', { type: 'complaint' }],
      ['relationship', { relationship: 'FATHER' }],
      [
        'child',
        {
          childGivenName: 'Leo',
          childFamilyName: 'Lee',
          'childDob-day': '5',
          'childDob-month': '4',
          'childDob-year': '2015',
        },
      ],
      ['consent', { consent: 'agrees' }],
      ['team', { teamId: '' }],
      ['what-happened', { whatHappened: 'No call back.' }],
      ['when', { 'eventsOn-day': '1', 'eventsOn-month': '3', 'eventsOn-year': '2024' }],
      ['outcome', { outcomeWanted: '' }],
      ['evidence', {}],
      ['your-name', { givenName: 'Tom', familyName: 'Lee' }],
      ['contact-by', { contactBy: 'email' }],
      ['contact-details', { email: 'tom.lee@example.com' }],
    ]);
    const check = await b.get('/feedback/adult/check');
    assert.match(check.body, /Leo Lee \(born 5 April 2015\)/);
    assert.match(check.body, /1 March 2024/);
    assert.doesNotMatch(check.body, /2015-04-05|2024-03-01/);
    await b.post('/feedback/adult/check', {});
    const confirmation = await b.get('/feedback/confirmation');
    assert.match(confirmation.body, /<title>Feedback sent – /);
    assert.match(confirmation.body, /<h1 class="govuk-panel__title">\s*Feedback sent\s*<\/h1>/);
  });
});
