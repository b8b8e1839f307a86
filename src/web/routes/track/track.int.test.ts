import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../../db/database.ts';
import { rowsOf } from '../../../db/rows.ts';
import type { PublicAnswers } from '../../../services/intake.ts';
import { TRACKING_ERRORS, TRACKING_LIMITS } from '../../../services/intake-tracking.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

const BY_EMAIL: PublicAnswers = {
  route: 'adult',
  type: 'complaint',
  relationship: 'MOTHER',
  givenName: 'Sarah',
  familyName: 'Jones',
  contactBy: 'email',
  email: 'sarah.jones@example.com',
  child: { givenName: 'Leo', familyName: 'Jones', dateOfBirth: '2015-04-05' },
  consent: 'agrees',
  whatHappened: 'Nobody has called me back about my son’s assessment.',
  outcomeWanted: 'A call from the manager',
  eventsOn: '2024-03-01',
};
const BY_PHONE: PublicAnswers = { ...BY_EMAIL, contactBy: 'phone', email: undefined, phone: '01632 960 001' };
const BY_POST: PublicAnswers = {
  ...BY_EMAIL,
  contactBy: 'post',
  email: undefined,
  addressLine1: '1 High Street',
  postcode: 'SY2 6ND',
};

let addresses = 0;
const nextAddress = () => `198.51.100.${++addresses}`;

describe('track your feedback', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let now = new Date('2024-03-27T10:00:00Z');
  let byEmail: string;
  let byPhone: string;
  let byPost: string;
  const rows = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await handle.db.execute(q));
  /** The code emailed for one ask (or, with none named, the only one), read from the outbox as the complainant would read their email. */
  const codeFor = async (challengeId?: string) => {
    const found = await rows<{ subject: string; body: string; to_address: string }>(
      challengeId
        ? sql`select subject, body, to_address from notifications where dedupe_key = ${`tracking-code:${challengeId}`}`
        : sql`select subject, body, to_address from notifications where template = 'tracking_code'`,
    );
    assert.equal(found.length, 1, 'one code email');
    const m = found[0]!;
    return { ...m, code: /([0-9]{6})$/.exec(m.subject)![1]! };
  };
  /** Each test in an hour of its own, so the per-case limit on codes from one test does not reach the next. */
  const nextHour = () => (now = new Date(now.getTime() + 61 * 60_000));
  const codesSent = async () =>
    (await rows<{ n: number }>(sql`select count(*)::int as n from notifications where template = 'tracking_code'`))[0]!
      .n;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, { now: () => new Date(now.getTime()) }, { councilName: 'Test Council' });
    app = await testApp(svc);
    byEmail = (await svc.intake.submitPublic(randomUUID(), BY_EMAIL)).reference;
    byPhone = (await svc.intake.submitPublic(randomUUID(), BY_PHONE)).reference;
    byPost = (await svc.intake.submitPublic(randomUUID(), BY_POST)).reference;
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  async function askFor(b: Browser, reference: string) {
    await b.get('/track');
    return b.post('/track', { reference });
  }

  it('emails a code for a reference given with an email address, and shows where it has got to once the code is entered', async () => {
    const b = new Browser(app, { remoteAddress: nextAddress() });
    const asked = await askFor(b, byEmail.toLowerCase());
    assert.equal(asked.statusCode, 303);
    assert.equal(asked.headers.location, '/track/code');
    const mail = await codeFor();
    assert.equal(mail.to_address, 'sarah.jones@example.com');
    assert.match(mail.body, new RegExp(`The code works once, for ${TRACKING_LIMITS.codeMinutes} minutes`));
    for (const secret of ['Sarah', 'Jones', 'Leo', 'assessment'])
      assert.ok(!mail.body.includes(secret), `the code email must not carry "${secret}"`);
    const stored = await rows<{ code_hash: string }>(sql`select code_hash from tracking_codes`);
    assert.ok(
      stored.every((r) => r.code_hash !== mail.code && r.code_hash.length === 64),
      'only a hash is kept',
    );

    await b.get('/track/code');
    const wrong = await b.post('/track/code', { code: mail.code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /href="#code">The code is not right/);

    const right = await b.post('/track/code', { code: `${mail.code.slice(0, 3)} ${mail.code.slice(3)}` });
    assert.equal(right.headers.location, '/track/progress');
    const page = await b.get('/track/progress');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(byEmail));
    assert.match(page.body, /We received it on\s*<\/dt>\s*<dd[^>]*>\s*27 March 2024/);
    assert.match(page.body, /Received: our complaints team is deciding how to look into it/);
    assert.match(
      page.body,
      /data-testid="progress-next">We will contact you to say how we will look into it by <strong>\d{1,2} [A-Z][a-z]+ 2024<\/strong>/,
    );
    assert.match(page.body, /Local Government and Social Care Ombudsman/);
    for (const secret of ['Sarah', 'Jones', 'Leo', 'assessment', 'A call from the manager', 'sarah.jones', '2015'])
      assert.ok(!page.body.includes(secret), `the progress page must not show "${secret}"`);

    const audit = await rows<{ actor_label: string; after: { note: string } }>(
      sql`select actor_label, after from audit_events where action = 'case.progress_checked'`,
    );
    assert.deepEqual(audit, [
      { actor_label: 'Complainant (track your feedback)', after: { note: 'Complainant checked progress' } },
    ]);

    // Finished: the page is not shown again without a new code.
    await b.post('/track/finish', {});
    assert.equal((await b.get('/track/progress')).headers.location, '/track');
  });

  it('a code works once, and not after 15 minutes, nor after 5 wrong tries', async () => {
    nextHour();
    const once = await svc.tracking.requestCode(byEmail, nextAddress());
    const { code } = await codeFor(once.challengeId);
    assert.ok((await svc.tracking.checkCode(once.challengeId, code)).caseId);
    await assert.rejects(svc.tracking.checkCode(once.challengeId, code), { code: 'TRACK.CODE_EXPIRED' });

    const late = await svc.tracking.requestCode(byEmail, nextAddress());
    const lateCode = (await codeFor(late.challengeId)).code;
    now = new Date(now.getTime() + (TRACKING_LIMITS.codeMinutes * 60 + 1) * 1000);
    await assert.rejects(svc.tracking.checkCode(late.challengeId, lateCode), {
      code: 'TRACK.CODE_EXPIRED',
      message: TRACKING_ERRORS.expired,
    });

    const guessed = await svc.tracking.requestCode(byEmail, nextAddress());
    const guessedCode = (await codeFor(guessed.challengeId)).code;
    const other = guessedCode === '123456' ? '654321' : '123456';
    for (let i = 0; i < TRACKING_LIMITS.wrongTries; i++)
      await assert.rejects(svc.tracking.checkCode(guessed.challengeId, other), { code: 'TRACK.CODE_WRONG' });
    await assert.rejects(svc.tracking.checkCode(guessed.challengeId, guessedCode), { code: 'TRACK.CODE_EXPIRED' });
  });

  it('sends the code by text message to a phone number, where the sender can send one', async () => {
    nextHour();
    const asked = await svc.tracking.requestCode(byPhone, nextAddress());
    const [text] = await rows<{ channel: string; to_address: string; body: string }>(
      sql`select channel, to_address, body from notifications where dedupe_key = ${`tracking-code:${asked.challengeId}`}`,
    );
    assert.equal(text!.channel, 'sms');
    assert.equal(text!.to_address, '01632 960 001');
    const code = /^([0-9]{6}) is your code to check your feedback with Test Council\./.exec(text!.body)![1]!;
    assert.ok((await svc.tracking.checkCode(asked.challengeId, code)).caseId);

    // SMTP cannot send text messages: the same answer, and nothing queued that could never go.
    const smtpOnly = await testServices(
      handle,
      { now: () => new Date(now.getTime()) },
      {
        sender: { name: 'smtp', send: async () => ({ providerRef: null }) },
      },
    );
    const before = await codesSent();
    await smtpOnly.tracking.requestCode(byPhone, nextAddress());
    assert.equal(await codesSent(), before);
  });

  it('a wrong reference and one with no way to send a code answer exactly as a real one does', async () => {
    nextHour();
    const pages: string[] = [];
    const sentBefore = await codesSent();
    for (const reference of [byEmail, byPost, 'CS-2024-99999']) {
      const b = new Browser(app, { remoteAddress: nextAddress() });
      const asked = await askFor(b, reference);
      assert.equal(asked.statusCode, 303, reference);
      assert.equal(asked.headers.location, '/track/code', reference);
      const page = await b.get('/track/code');
      pages.push(
        page.body
          .replaceAll(reference, 'REF')
          .replace(/name="_csrf" value="[^"]+"/g, '')
          .replace(/nonce="[^"]+"/g, ''),
      );
      const wrong = await b.post('/track/code', { code: '000001' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /The code is not right/);
    }
    assert.equal(pages[1], pages[0], 'a reference given with a postal address only');
    assert.equal(pages[2], pages[0], 'a reference that does not exist');
    assert.equal((await codesSent()) - sentBefore, 1, 'only the one with an email address was sent a code');
  });

  it('limits codes per case and asks per address, saying nothing about the reference', async () => {
    nextHour();
    const sentBefore = await codesSent();
    for (let i = 0; i < TRACKING_LIMITS.codesPerCasePerHour + 2; i++)
      await svc.tracking.requestCode(byEmail, nextAddress());
    assert.equal((await codesSent()) - sentBefore, TRACKING_LIMITS.codesPerCasePerHour, 'at most 3 codes an hour');

    const b = new Browser(app, { remoteAddress: nextAddress() });
    for (let i = 0; i < TRACKING_LIMITS.asksPerAddressPerHour; i++)
      assert.equal((await askFor(b, i % 2 ? byEmail : 'CS-2024-99999')).statusCode, 303);
    const refused = await askFor(b, 'CS-2024-99998');
    assert.equal(refused.statusCode, 429);
    assert.match(refused.body, /You have asked for too many codes/);
  });

  it('asks for the reference and the code, with clear errors', async () => {
    const b = new Browser(app, { remoteAddress: nextAddress() });
    const blank = await askFor(b, '  ');
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /href="#reference">Enter your reference number/);
    assert.equal((await b.get('/track/code')).headers.location, '/track', 'no code page before a reference');
    await askFor(b, byPhone);
    await b.get('/track/code');
    const bad = await b.post('/track/code', { code: 'abc' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#code">The code is 6 numbers, like 123456/);
  });
});
