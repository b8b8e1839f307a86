import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../src/domain/clock.ts';
import { openDatabase } from '../../src/db/database.ts';
import { templateBlob } from '../support/pglite-template.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { SYSTEM_ACTOR, userActor } from '../../src/services/actor.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { testConfig } from '../support/web.ts';

const WIDTHS = [1280, 320] as const;

/**
 * A member of the public changes how we contact them at check answers (the
 * form walks them to the email address it now needs), sends, then tracks
 * their feedback with the code emailed to them. Every page, and the council's
 * privacy, accessibility and cookies pages, is checked with axe (with its
 * best-practice rules) at 1280 and 320 pixels wide.
 */
describe('changing the contact method, sending, then tracking it, in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  async function accessible(label: string) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, describeViolations(`${label} at ${width}px`, violations));
      // Reflow (WCAG 1.4.10): nothing wider than the window at 320 px.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${label} scrolls sideways by ${overflow}px at ${width}px`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  async function continueOn(label: string) {
    await accessible(label);
    await page.click('[data-testid="continue"]');
  }

  before(async () => {
    const handle = await openDatabase({ engine: 'pglite-memory', template: await templateBlob() });
    server = await startServer(testConfig({ port: 0 }), fixedClock('2024-03-27T10:00:00Z'), {
      handle,
      backgroundEveryMs: 60_000,
      beforeListen: async (svc) => {
        const admin = await svc.users.create(SYSTEM_ACTOR, {
          email: 'admin@example.gov.uk',
          displayName: 'Ada Admin',
          role: 'administrator',
          password: 'correct horse battery staple',
          teamId: null,
        });
        await svc.councilSettings.update(userActor(admin), {
          phone: '01632 960 100',
          hours: 'Monday to Friday, 9am to 5pm',
          email: 'complaints@example.gov.uk',
          address: 'Complaints Team\nTown Hall\nSY2 6ND',
          privacyNotice: '',
          accessibilityStatement: '',
          cookiesText: '',
        });
      },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('changes the contact method at check answers, is walked to the email address, sends, and tracks it', async () => {
    await page.goto(`${server.url}/feedback`);
    assert.match(await page.locator('[data-testid="council-contact"]').innerText(), /01632 960 100/);
    await accessible('start');
    await page.click('[data-testid="start-adult"]');
    await page.check('input[name="type"][value="complaint"]');
    await continueOn('type');
    await page.check('input[name="relationship"][value="MOTHER"]');
    await continueOn('relationship');
    await page.fill('#childGivenName', 'Leo');
    await page.fill('#childFamilyName', 'Jones');
    await page.fill('#childDob-day', '5');
    await page.fill('#childDob-month', '4');
    await page.fill('#childDob-year', '2015');
    await continueOn('child');
    await page.check('input[name="consent"][value="agrees"]');
    await continueOn('consent');
    await continueOn('team');
    await page.fill('#whatHappened', 'Nobody has called me back about my son’s assessment.');
    await continueOn('what happened');
    await page.check('input[name="eventsNotSure"]');
    await continueOn('when');
    await continueOn('outcome');
    await continueOn('evidence');
    await page.fill('#givenName', 'Margaret');
    await page.fill('#familyName', 'Jones');
    await continueOn('your name');
    await page.check('input[name="contactBy"][value="phone"]');
    await continueOn('contact by');
    await page.fill('#phone', '01632 960 001');
    await continueOn('phone');

    assert.match(page.url(), /\/feedback\/adult\/check$/);
    assert.match(await page.locator('[data-testid="answers"]').innerText(), /born 5 April 2015/);
    await accessible('check');

    // Change "How we contact you" to email: the form asks for the email address before going back to check.
    await page.click('a[href="/feedback/adult/contact-by?change=1"]');
    await accessible('contact by (change)');
    await page.check('input[name="contactBy"][value="email"]');
    await page.click('[data-testid="continue"]');
    assert.match(page.url(), /\/feedback\/adult\/contact-details\?change=1$/);
    assert.equal(await page.locator('h1').innerText(), 'What is your email address?');
    await page.click('[data-testid="continue"]');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter an email address/);
    assert.match(page.url(), /\/feedback\/adult\/contact-details\?change=1$/, 'the error is on the question’s page');
    await accessible('email (error)');
    await page.fill('#email', 'margaret.jones@example.com');
    await page.click('[data-testid="continue"]');
    assert.match(page.url(), /\/feedback\/adult\/check$/);
    const answers = await page.locator('[data-testid="answers"]').innerText();
    assert.match(answers, /Email address\s+margaret\.jones@example\.com/);
    assert.doesNotMatch(answers, /01632 960 001/);

    await page.click('[data-testid="send"]');
    const reference = await page.locator('[data-testid="reference"]').innerText();
    assert.match(reference, /^CS-2024-\d{5}$/);
    assert.equal(await page.title(), `Feedback sent – Give feedback about Children’s Services – Test Council`);
    await accessible('confirmation');

    // Track it: the reference, then the code emailed to the address given.
    await page.click('[data-testid="track-link"]');
    await accessible('track');
    await page.fill('#reference', reference.toLowerCase());
    await page.click('[data-testid="track-send-code"]');
    assert.match(page.url(), /\/track\/code$/);
    await accessible('track code');
    const [mail] = rowsOf<{ to_address: string; subject: string }>(
      await server.svc.db.execute(sql`select to_address, subject from notifications where template = 'tracking_code'`),
    );
    assert.equal(mail!.to_address, 'margaret.jones@example.com');
    const code = /([0-9]{6})$/.exec(mail!.subject)![1]!;
    await page.fill('#code', code === '000000' ? '111111' : '000000');
    await page.click('[data-testid="track-continue"]');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /The code is not right/);
    await accessible('track code (error)');
    await page.fill('#code', code);
    await page.click('[data-testid="track-continue"]');
    assert.match(page.url(), /\/track\/progress$/);
    const progress = await page.locator('main').innerText();
    assert.match(progress, new RegExp(reference));
    assert.match(progress, /Received: our complaints team is deciding how to look into it/);
    assert.match(progress, /We will contact you to say how we will look into it by \d{1,2} [A-Z][a-z]+ 2024/);
    assert.match(progress, /Local Government and Social Care Ombudsman/);
    for (const secret of ['Margaret', 'Leo', 'assessment', 'margaret.jones'])
      assert.ok(!progress.includes(secret), `the progress page must not show "${secret}"`);
    await accessible('track progress');
  });

  it('a young person’s form, through to the confirmation in plain words', async () => {
    await page.goto(`${server.url}/feedback/young-person`);
    await accessible('young person start');
    await page.click('[data-testid="start-young-person"]');
    await page.check('input[name="type"][value="complaint"]');
    await continueOn('yp type');
    await page.fill('#givenName', 'Amelia');
    await continueOn('yp name');
    await page.fill('#whatHappened', 'I keep getting moved and nobody asks me.');
    await continueOn('yp what');
    await continueOn('yp better');
    await page.check('input[name="wantsAdvocate"][value="yes"]');
    await continueOn('yp advocate');
    await page.check('input[name="wantsAdult"][value="yes"]');
    await continueOn('yp trusted adult');
    await page.fill('#adultName', 'Mr Patel');
    await page.fill('#adultContact', '07700 900 982');
    await continueOn('yp adult details');
    await page.check('input[name="contactBy"][value="through_adult"]');
    await continueOn('yp contact by');
    assert.match(page.url(), /\/feedback\/young-person\/check$/);
    await accessible('yp check');
    await page.click('[data-testid="send"]');
    assert.equal(await page.locator('h1').innerText(), 'Thank you for telling us');
    assert.match(await page.title(), /^Thank you for telling us – /);
    assert.match(
      await page.locator('main').innerText(),
      /Keep this number safe\. If you talk to us about what you told us, tell us this number\./,
    );
    await accessible('yp confirmation');
  });

  it('an administrator changes the council’s phone number, and the form’s pages say the new one', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.fill('#email', 'admin@example.gov.uk');
    await page.fill('#password', 'correct horse battery staple');
    await page.click('[data-testid="sign-in"]');
    await page.goto(`${server.url}/admin/council`);
    await accessible('admin council');
    await page.fill('#phone', '01632 960 999');
    await page.click('[data-testid="save-council"]');
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Saved/);
    await accessible('admin council (saved)');
    await page.click('[data-testid="sign-out"]');
    await page.goto(`${server.url}/feedback`);
    assert.match(await page.locator('[data-testid="council-contact"]').innerText(), /01632 960 999/);
  });

  it('the council’s privacy notice, accessibility statement and cookies page are public and accessible', async () => {
    for (const [path, heading] of [
      ['/privacy', 'Privacy notice'],
      ['/accessibility', 'Accessibility statement'],
      ['/cookies', 'Cookies'],
      ['/sign-in', 'Sign in'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      assert.equal(await page.locator('h1').innerText(), heading);
      await accessible(path);
    }
  });
});
