import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../../domain/clock.ts';
import type { DatabaseHandle } from '../../../db/database.ts';
import { rowsOf } from '../../../db/rows.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

const SETTINGS = {
  phone: '01632 960 123',
  hours: 'Monday to Friday, 9am to 5pm',
  email: 'feedback@test.gov.uk',
  address: 'Complaints Team\nTown Hall\nSY2 6ND',
  privacyNotice: 'We use your details to answer you.\n\nWe keep them for 6 years.',
  accessibilityStatement: '',
  cookiesText: 'We use two cookies <script>alert(1)</script>.',
};

describe('the council’s contact details and pages', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let admin: Browser;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-03-27T10:00:00Z'), {
      councilName: 'Test Council',
      complaintsContact: { email: 'from-config@test.gov.uk' },
    });
    app = await testApp(svc);
    await makeUser(svc, 'administrator', { email: 'admin@test.gov.uk' });
    admin = new Browser(app);
    await admin.signIn('admin@test.gov.uk', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('starts from sensible defaults: the configured email, and a privacy notice, accessibility statement and cookies page', async () => {
    const contact = await svc.councilSettings.contact();
    assert.deepEqual(contact, {
      councilName: 'Test Council',
      phone: '',
      email: 'from-config@test.gov.uk',
      address: '',
      hours: '',
    });
    const pub = new Browser(app);
    for (const [path, words] of [
      ['/privacy', /Test Council uses what you tell us on this form/],
      ['/accessibility', /Web Content Accessibility Guidelines version 2\.2 AA/],
      ['/cookies', /heard\.sid remembers your answers/],
    ] as const) {
      const res = await pub.get(path);
      assert.equal(res.statusCode, 200, `${path} is public`);
      assert.match(res.body, words);
      assert.match(res.body, /mailto:from-config@test\.gov\.uk/);
    }
  });

  it('an administrator sets them; the form’s pages, the public pages and the acknowledgement email use them', async () => {
    await admin.get('/admin/council');
    // Before: the administration page says the phone number is missing (the email comes from the configuration).
    const warned = await admin.get('/admin');
    assert.match(
      warned.body,
      /data-testid="contact-missing"[\s\S]*The complaints team’s phone number is not set, so the public form, emails and letters cannot give it\./,
    );
    await admin.get('/admin/council');
    const saved = await admin.post('/admin/council', SETTINGS);
    assert.equal(saved.statusCode, 303);
    assert.doesNotMatch((await admin.get('/admin')).body, /contact-missing/);
    assert.match((await admin.get('/admin/council?done=1')).body, /Saved/);
    assert.equal(
      rowsOf<{ n: number }>(
        await handle.db.execute(sql`select count(*)::int as n from audit_events where action = 'settings.council'`),
      )[0]!.n,
      1,
    );

    const pub = new Browser(app);
    const start = await pub.get('/feedback');
    assert.match(start.body, /href="tel:01632960123">01632 960 123/);
    assert.match(start.body, /Monday to Friday, 9am to 5pm/);
    assert.match(start.body, /mailto:feedback@test\.gov\.uk/);
    assert.match(start.body, /Complaints Team\nTown Hall\nSY2 6ND/);
    const privacy = await pub.get('/privacy');
    assert.match(
      privacy.body,
      /<p class="govuk-body app-pre-wrap">We use your details to answer you\.<\/p>\s*<p class="govuk-body app-pre-wrap">We keep them for 6 years\.<\/p>/,
    );
    assert.match(
      (await pub.get('/accessibility')).body,
      /Web Content Accessibility Guidelines/,
      'left empty: the default',
    );
    const cookies = await pub.get('/cookies');
    assert.match(
      cookies.body,
      /&lt;script&gt;alert\(1\)&lt;\/script&gt;/,
      'an administrator’s text is text, never markup',
    );

    const made = await svc.intake.submitPublic(randomUUID(), {
      route: 'adult',
      type: 'compliment',
      relationship: 'MOTHER',
      givenName: 'Ann',
      familyName: 'Lee',
      contactBy: 'email',
      email: 'ann@example.com',
      whatHappened: 'Thank you',
    });
    const [mail] = rowsOf<{ body: string }>(
      await handle.db.execute(sql`select body from notifications where case_id = ${made.caseId}`),
    );
    assert.match(mail!.body, /email feedback@test\.gov\.uk or phone 01632 960 123 \(Monday to Friday, 9am to 5pm\)/);
    assert.match(mail!.body, /Write to us at:\nComplaints Team\nTown Hall\nSY2 6ND\n\nTest Council$/);
  });

  it('refuses what is not a phone number or an email address, by the field, keeping what was typed', async () => {
    await admin.get('/admin/council');
    const res = await admin.post('/admin/council', { ...SETTINGS, phone: 'call me', email: 'not-an-email' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#phone">Enter a phone number, like 01632 960 001/);
    assert.match(res.body, /href="#email">Enter an email address, like complaints@example\.gov\.uk/);
    assert.match(res.body, /value="call me"/);
    assert.equal((await svc.councilSettings.contact()).phone, '01632 960 123', 'nothing saved');
  });

  it('is for administrators only', async () => {
    await makeUser(svc, 'complaints_officer', { email: 'officer@test.gov.uk' });
    const officer = new Browser(app);
    await officer.signIn('officer@test.gov.uk', TEST_PASSWORD);
    assert.equal((await officer.get('/admin/council')).statusCode, 403);
    assert.equal((await new Browser(app).get('/admin/council')).statusCode, 302, 'the public is sent to sign in');
  });
});
