import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../../domain/clock.ts';
import { FIELD_LIMITS, PUBLIC_FORM_LIMITS } from '../../../domain/cases/field-limits.ts';
import type { DatabaseHandle } from '../../../db/database.ts';
import { rowsOf } from '../../../db/rows.ts';
import { SYSTEM_ACTOR } from '../../../services/actor.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeTeam, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

type Steps = [string, Record<string, string>][];
const chars = (n: number, c = 'x') => c.repeat(n);
/** An email address exactly n characters long. */
const emailOf = (n: number) => `${chars(n - '@example.com'.length, 'a')}@example.com`;
let addresses = 0;
/** Each person from their own address: the form's rate limit is per address. */
const nextAddress = () => `198.51.100.${++addresses}`;

describe('each field’s limit agrees from the form to the store', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let teamId: string;
  const representatives = async () =>
    rowsOf<{ given_name: string; email: string | null; phone: string | null }>(
      await handle.db.execute(
        sql`select p.given_name, p.email, p.phone from case_parties cp join people p on p.id = cp.person_id where cp.role = 'representative'`,
      ),
    );

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-03-27T10:00:00Z'));
    app = await testApp(svc);
    teamId = (await makeTeam(svc, SYSTEM_ACTOR, 'Fostering Team')).id;
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  /** Answers each page as a person would; returns the first reply that is not "next page". */
  async function answer(b: Browser, route: string, steps: Steps) {
    for (const [step, form] of steps) {
      await b.get(`/feedback/${route}/${step}`);
      const res = await b.post(`/feedback/${route}/${step}`, form);
      if (res.statusCode !== 302) return { step, res };
    }
    return null;
  }

  async function send(b: Browser, route: string) {
    await b.get(`/feedback/${route}/check`);
    return b.post(`/feedback/${route}/check`, {});
  }

  const youngPerson = (adultContact: string): Steps => [
    ['type', { type: 'complaint' }],
    ['name', { givenName: 'Amelia', familyName: '' }],
    ['what-happened', { whatHappened: 'I keep getting moved.' }],
    ['better', { outcomeWanted: '' }],
    ['advocate', { wantsAdvocate: 'no' }],
    ['trusted-adult', { wantsAdult: 'yes' }],
    ['adult-details', { adultName: 'Mr Patel', adultContact }],
    ['contact-by', { contactBy: 'through_adult' }],
  ];

  it('a trusted adult’s email of 41 to 200 characters is sent and kept as their email', async () => {
    for (const length of [41, 120, 200]) {
      const b = new Browser(app, { remoteAddress: nextAddress() });
      await b.get('/feedback/young-person/start');
      assert.equal(await answer(b, 'young-person', youngPerson(emailOf(length))), null);
      const sent = await send(b, 'young-person');
      assert.equal(sent.headers.location, '/feedback/confirmation', `${length} characters: ${sent.body.slice(0, 300)}`);
    }
    assert.deepEqual(
      (await representatives()).map((r) => [r.email?.length, r.phone]),
      [
        [41, null],
        [120, null],
        [200, null],
      ],
    );
  });

  it('any other trusted adult contact over 40 characters is refused on its own page, with the error linked to the field', async () => {
    for (const contact of [
      chars(41, '0'),
      'Ring Mr Patel at school, 01632 960001, after 3pm',
      chars(201, 'a'),
      emailOf(255),
    ]) {
      const b = new Browser(app, { remoteAddress: nextAddress() });
      await b.get('/feedback/young-person/start');
      const stopped = await answer(b, 'young-person', youngPerson(contact));
      assert.equal(stopped?.step, 'adult-details', contact);
      assert.equal(stopped.res.statusCode, 400);
      assert.match(stopped.res.body, /class="govuk-error-summary"[\s\S]*href="#adultContact"/);
      assert.match(
        stopped.res.body,
        /id="adultContact" name="adultContact" type="text" value="[^"]+"/,
        'what was typed is kept',
      );
    }
  });

  it('every text on the adult form is sent at its limit, and one character more is refused on its own page', async () => {
    const atLimit = (extra = 0): Steps => [
      ['type', { type: 'complaint' }],
      ['relationship', { relationship: 'MOTHER' }],
      [
        'child',
        { childGivenName: chars(FIELD_LIMITS.givenName + extra), childFamilyName: chars(FIELD_LIMITS.familyName) },
      ],
      ['consent', { consent: 'agrees', consentDetails: chars(PUBLIC_FORM_LIMITS.consentDetails) }],
      ['team', { teamId }],
      ['what-happened', { whatHappened: chars(PUBLIC_FORM_LIMITS.whatHappened) }],
      ['when', { eventsNotSure: 'yes' }],
      ['outcome', { outcomeWanted: chars(FIELD_LIMITS.outcomeWanted) }],
      ['evidence', {}],
      ['your-name', { givenName: chars(FIELD_LIMITS.givenName), familyName: chars(FIELD_LIMITS.familyName) }],
      ['contact-by', { contactBy: 'email' }],
      ['contact-details', { email: emailOf(FIELD_LIMITS.email) }],
    ];
    const b = new Browser(app, { remoteAddress: nextAddress() });
    await b.get('/feedback/adult/start');
    assert.equal(await answer(b, 'adult', atLimit()), null);
    assert.equal((await send(b, 'adult')).headers.location, '/feedback/confirmation');

    const over: [string, string, Record<string, string>][] = [
      ['child', 'childGivenName', { childGivenName: chars(FIELD_LIMITS.givenName + 1), childFamilyName: 'Jones' }],
      ['child', 'childFamilyName', { childGivenName: 'Leo', childFamilyName: chars(FIELD_LIMITS.familyName + 1) }],
      [
        'consent',
        'consentDetails',
        { consent: 'agrees', consentDetails: chars(PUBLIC_FORM_LIMITS.consentDetails + 1) },
      ],
      ['what-happened', 'whatHappened', { whatHappened: chars(PUBLIC_FORM_LIMITS.whatHappened + 1) }],
      ['outcome', 'outcomeWanted', { outcomeWanted: chars(FIELD_LIMITS.outcomeWanted + 1) }],
      ['your-name', 'givenName', { givenName: chars(FIELD_LIMITS.givenName + 1), familyName: 'Lee' }],
      ['contact-details', 'email', { email: emailOf(FIELD_LIMITS.email + 1) }],
    ];
    for (const [step, field, form] of over) {
      const c = new Browser(app, { remoteAddress: nextAddress() });
      await c.get('/feedback/adult/start');
      assert.equal(
        await answer(
          c,
          'adult',
          atLimit().slice(
            0,
            atLimit().findIndex(([s]) => s === step),
          ),
        ),
        null,
      );
      const stopped = await answer(c, 'adult', [[step, form]]);
      assert.equal(stopped?.res.statusCode, 400, `${field} over its limit`);
      assert.match(stopped.res.body, new RegExp(`href="#${field}">[^<]+ must be [\\d,]+ characters or fewer`), field);
    }
  });

  it('a young person’s form is sent with every text at its limit, by post', async () => {
    const b = new Browser(app, { remoteAddress: nextAddress() });
    await b.get('/feedback/young-person/start');
    const steps: Steps = [
      ['type', { type: 'complaint' }],
      ['name', { givenName: chars(FIELD_LIMITS.givenName), familyName: chars(FIELD_LIMITS.familyName) }],
      ['what-happened', { whatHappened: chars(PUBLIC_FORM_LIMITS.whatHappened) }],
      ['better', { outcomeWanted: chars(FIELD_LIMITS.outcomeWanted) }],
      ['advocate', { wantsAdvocate: 'yes' }],
      ['trusted-adult', { wantsAdult: 'yes' }],
      ['adult-details', { adultName: chars(FIELD_LIMITS.givenName), adultContact: emailOf(FIELD_LIMITS.email) }],
      ['contact-by', { contactBy: 'post' }],
      [
        'contact-details',
        { addressLine1: chars(FIELD_LIMITS.addressLine), town: chars(FIELD_LIMITS.town), postcode: 'SY2 6ND' },
      ],
    ];
    assert.equal(await answer(b, 'young-person', steps), null);
    assert.equal((await send(b, 'young-person')).headers.location, '/feedback/confirmation');
  });

  it('a team that is not ours is refused on the team page; one closed before sending brings the person back to that question', async () => {
    const b = new Browser(app, { remoteAddress: nextAddress() });
    await b.get('/feedback/adult/start');
    const before: Steps = [
      ['type', { type: 'compliment' }],
      ['relationship', { relationship: 'MOTHER' }],
    ];
    assert.equal(await answer(b, 'adult', before), null);
    for (const bad of ['not-a-team', '00000000-0000-4000-8000-000000000000']) {
      const stopped = await answer(b, 'adult', [['team', { teamId: bad }]]);
      assert.equal(stopped?.res.statusCode, 400);
      assert.match(stopped.res.body, /href="#teamId">Choose a team from the list/);
    }
    const closing = (await makeTeam(svc, SYSTEM_ACTOR, 'Closing Team')).id;
    const rest: Steps = [
      ['team', { teamId: closing }],
      ['what-happened', { whatHappened: 'Thank you' }],
      ['your-name', { givenName: 'Ann', familyName: 'Lee' }],
      ['contact-by', { contactBy: 'post' }],
      ['contact-details', { addressLine1: '1 High Street', postcode: 'SY2 6ND' }],
    ];
    assert.equal(await answer(b, 'adult', rest), null);
    await svc.organisation.close(SYSTEM_ACTOR, closing, { closedOn: '2024-03-27' });
    const sent = await send(b, 'adult');
    assert.equal(sent.statusCode, 303);
    assert.equal(
      sent.headers.location,
      '/feedback/adult/team?change=1',
      'the error is shown at the question’s own address',
    );
    const question = await b.get('/feedback/adult/team?change=1');
    assert.match(question.body, /Which team or service is it about\?/);
    assert.match(question.body, /href="#teamId">Choose a team from the list/);
    assert.doesNotMatch(
      (await b.get('/feedback/adult/team?change=1')).body,
      /Choose a team from the list/,
      'shown once',
    );
  });

  it('Record feedback: a value over its limit is refused by its field, linked from the error summary', async () => {
    await makeUser(svc, 'complaints_officer', { email: 'officer@example.gov.uk' });
    const b = new Browser(app, { remoteAddress: nextAddress() });
    await b.signIn('officer@example.gov.uk', TEST_PASSWORD);
    await b.get('/cases/new');
    const channelId = (await svc.referenceData.byCode('channel')).get('TELEPHONE')!.id;
    const res = await b.post('/cases/new', {
      type: 'complaint',
      channelId,
      'receivedOn-day': '27',
      'receivedOn-month': '3',
      'receivedOn-year': '2024',
      subject: 'Phone call',
      givenName: 'Paul',
      familyName: 'Evans',
      phone: chars(FIELD_LIMITS.phone + 1, '0'),
      childGivenName: chars(FIELD_LIMITS.givenName + 1),
      personDecision: 'new',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#phone">Phone number must be 40 characters or fewer/);
    assert.match(res.body, /href="#childGivenName">The child’s first name must be 100 characters or fewer/);
    assert.match(res.body, /id="childGivenName-error"/, 'the message is by the field too');
  });
});
