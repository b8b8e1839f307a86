import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../src/domain/clock.ts';
import { openDatabase } from '../../src/db/database.ts';
import { templateBlob } from '../support/pglite-template.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { SYSTEM_ACTOR } from '../../src/services/actor.ts';
import { assertAccessibleAt, errorSummaryText, launchBrowser } from '../support/browser.ts';
import { testConfig } from '../support/web.ts';

/**
 * A member of the public and a young person fill in the form as they would,
 * with the keyboard and mouse, with and without mistakes; every page they see
 * is checked with axe. Then the case is there, once, with its email queued.
 */
describe('the public feedback form in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const checked = new Set<string>();

  // Every page of the form at 1280 px and at 320 px (WCAG reflow), then back to the width the steps run at.
  async function accessible(label: string) {
    const size = page.viewportSize();
    await assertAccessibleAt(page, label);
    if (size) await page.setViewportSize(size);
    checked.add(label);
  }
  async function continueOn(label = page.url()) {
    await accessible(label);
    await page.click('[data-testid="continue"]');
  }

  before(async () => {
    const handle = await openDatabase({ engine: 'pglite-memory', template: await templateBlob() });
    server = await startServer(testConfig({ port: 0 }), fixedClock('2024-03-27T10:00:00Z'), {
      handle,
      backgroundEveryMs: 60_000,
      beforeListen: async (svc) => {
        const d = await svc.organisation.create(SYSTEM_ACTOR, {
          kind: 'directorate',
          name: "Children's Services",
          openedOn: '2020-01-01',
        });
        const s = await svc.organisation.create(SYSTEM_ACTOR, {
          kind: 'service',
          name: 'Social care',
          parentId: d.id,
          openedOn: '2020-01-01',
        });
        await svc.organisation.create(SYSTEM_ACTOR, {
          kind: 'team',
          name: 'Assessment Team 1',
          parentId: s.id,
          openedOn: '2020-01-01',
        });
      },
    });
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an adult makes a complaint, with a mistake on the way and a document, and gets a reference', async () => {
    await page.goto(`${server.url}/feedback`);
    await accessible('start');
    await page.click('[data-testid="start-adult"]');

    await page.click('[data-testid="continue"]'); // nothing chosen
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose what you would like to do/);
    await accessible('type (error)');
    await page.check('input[name="type"][value="complaint"]');
    await continueOn('type');

    await page.check('input[name="relationship"][value="GRANDPARENT"]');
    await continueOn('relationship');

    await page.fill('#childGivenName', 'Leo');
    await page.fill('#childFamilyName', 'Jones');
    await continueOn('child');

    await page.check('input[name="consent"][value="agrees"]');
    await continueOn('consent');

    await page.selectOption('#teamId', { label: 'Assessment Team 1' });
    await continueOn('team');

    await page.fill('#whatHappened', 'The social worker has not returned my calls for three weeks.');
    await continueOn('what happened');

    await page.fill('#eventsOn-day', '31');
    await page.fill('#eventsOn-month', '2');
    await page.fill('#eventsOn-year', '2024');
    await page.click('[data-testid="continue"]');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /real date/);
    assert.equal(await page.inputValue('#eventsOn-day'), '31', 'what was typed is kept');
    // The summary's link about a date goes to its day box, as GOV.UK asks: following it moves focus there.
    await page.click('.govuk-error-summary__list a');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'eventsOn-day');
    await accessible('when (error)');
    await page.fill('#eventsOn-day', '1');
    await page.fill('#eventsOn-month', '3');
    await continueOn('when');

    await page.fill('#outcomeWanted', 'A call back and an apology.');
    await continueOn('outcome');

    await page.setInputFiles('#file', {
      name: 'note.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Call log: 1, 8 and 15 March, no answer.'),
    });
    await page.click('[data-testid="add-file"]');
    assert.match(await page.locator('[data-testid="uploads"]').innerText(), /note\.txt/);
    await page.setInputFiles('#file', {
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: Buffer.from([0, 1, 2, 3, 255, 254, 0, 7]),
    });
    await page.click('[data-testid="add-file"]');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /photo\.png must be a PDF, Word/);
    await accessible('evidence (error)');
    await continueOn('evidence');

    await page.fill('#givenName', 'Margaret');
    await page.fill('#familyName', 'Jones');
    await continueOn('your name');
    await page.check('input[name="contactBy"][value="email"]');
    await continueOn('contact by');
    await page.fill('#email', 'margaret.jones@example');
    await page.click('[data-testid="continue"]');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /correct format/);
    await accessible('contact details (error)');
    await page.fill('#email', 'margaret.jones@example.com');
    await continueOn('contact details');

    assert.match(await page.locator('[data-testid="answers"]').innerText(), /Leo Jones/);
    await accessible('check');
    // Change an answer from the check page and come straight back.
    await page.click('a[href="/feedback/adult/outcome?change=1"]');
    await page.fill('#outcomeWanted', 'A call back, an apology and a new social worker.');
    await page.click('[data-testid="continue"]');
    assert.match(page.url(), /\/feedback\/adult\/check$/);
    assert.match(await page.locator('[data-testid="answers"]').innerText(), /new social worker/);

    await page.click('[data-testid="send"]');
    const reference = await page.locator('[data-testid="reference"]').innerText();
    assert.match(reference, /^CS-2024-\d{5}$/);
    assert.match(await page.locator('[data-testid="what-happens-next"]').innerText(), /by 3 April 2024/); // 3 working days over Easter
    await accessible('confirmation');

    // The back button and sending again: still one case, and the same reference shown.
    await page.goBack();
    assert.match(page.url(), /\/feedback\/confirmation$/);
    assert.equal(await page.locator('[data-testid="reference"]').innerText(), reference);
    const db = server.svc.db;
    const cases = rowsOf<{ reference: string; channel: string; subject: string }>(
      await db.execute(
        sql`select c.reference, r.code as channel, c.subject from feedback_cases c join reference_items r on r.id = c.channel_id`,
      ),
    );
    assert.deepEqual(
      cases.map((c) => [c.reference, c.channel]),
      [[reference, 'WEB_FORM']],
    );
    const files = rowsOf<{ file_name: string }>(await db.execute(sql`select file_name from attachments`));
    assert.deepEqual(
      files.map((f) => f.file_name),
      ['note.txt'],
    );
    const mail = rowsOf<{ to_address: string; subject: string; status: string }>(
      await db.execute(sql`select to_address, subject, status from notifications`),
    );
    assert.deepEqual(mail, [
      {
        to_address: 'margaret.jones@example.com',
        subject: `We have received your complaint: ${reference}`,
        status: 'pending',
      },
    ]);
  });

  it('a young person asks for an advocate and a trusted adult, in plain words', async () => {
    await page.goto(`${server.url}/feedback`);
    await page.click('[data-testid="young-person-link"]');
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
    await page.click('[data-testid="continue"]');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /adult’s name/);
    await accessible('yp adult details (error)');
    await page.fill('#adultName', 'Mr Patel (teacher)');
    await page.fill('#adultContact', '01632 960001');
    await continueOn('yp adult details');
    await page.check('input[name="contactBy"][value="through_adult"]');
    await continueOn('yp contact');
    assert.match(await page.locator('h1').innerText(), /Check what you have told us/);
    await accessible('yp check');
    await page.click('[data-testid="send"]');
    assert.match(await page.locator('.govuk-panel__title').innerText(), /Thank you for telling us/);
    await accessible('yp confirmation');
    const [row] = rowsOf<{ advocacy_response: string; subject: string }>(
      await server.svc.db.execute(
        sql`select advocacy_response, subject from feedback_cases where subject like 'From a young person%'`,
      ),
    );
    assert.equal(row!.advocacy_response, 'Asked for an advocate on the web form');
    const roles = rowsOf<{ role: string }>(
      await server.svc.db.execute(
        sql`select p.role from case_parties p join feedback_cases c on c.id = p.case_id where c.subject like 'From a young person%' order by p.role`,
      ),
    );
    assert.deepEqual(
      roles.map((r) => r.role),
      ['complainant', 'representative'],
    );
  });

  it('a complaints officer triages the web complaint and records a phone call, every page accessible', async () => {
    const officerPassword = 'officer password 1';
    const { user } = await (async () => {
      const u = await server.svc.users.create(SYSTEM_ACTOR, {
        email: 'officer@example.gov.uk',
        displayName: 'Olive Officer',
        role: 'complaints_officer',
        password: officerPassword,
      });
      await server.svc.users.create(SYSTEM_ACTOR, {
        email: 'manager@example.gov.uk',
        displayName: 'Mary Manager',
        role: 'investigating_manager',
        password: officerPassword,
      });
      return { user: u };
    })();
    void user;
    await page.goto(`${server.url}/sign-in`);
    await page.fill('#email', 'officer@example.gov.uk');
    await page.fill('#password', officerPassword);
    await page.click('[data-testid="sign-in"]');
    await page.goto(`${server.url}/triage`);
    await accessible('triage queue');
    await page.locator('[data-testid="triage-queue"] a').first().click();
    await accessible('triage page');
    await page.click('[data-testid="save-triage"]');
    assert.match(await errorSummaryText(page), /There is a problem/);
    await accessible('triage page (errors)');
    await page.check('input[name="procedure"][value="childrens_statutory"]');
    await page.fill('#procedureReason', 'Social care for a child');
    await page.fill('#consentNote', 'The child agreed, as the form says');
    await page.check('input[name="decision"][value="stage1"]');
    await page.selectOption('#teamId', { label: 'Assessment Team 1' });
    await page.selectOption('#investigatingManagerId', { label: 'Mary Manager (investigating manager)' });
    await page.click('[data-testid="save-triage"]');
    await page.waitForURL(/\/cases\/CS-2024-\d{5}\?done=triage-stage1$/);
    assert.match(
      await page.locator('.govuk-notification-banner').innerText(),
      /Accepted as a complaint at Stage 1\. The response clock runs from the day it was received\./,
    );
    assert.match(await page.locator('[data-testid="clocks"]').innerText(), /Stage 1 response/);
    assert.ok(
      (await page.locator('[data-testid="attachments"] a').count()) === 1,
      'the document from the form is on the case',
    );
    await accessible('case after triage');

    await page.goto(`${server.url}/cases/new`);
    await accessible('record feedback');
    await page.check('input[name="type"][value="complaint"]');
    await page.selectOption('#channelId', { label: 'Telephone' });
    await page.fill('#subject', 'Phoned about the social worker again');
    await page.fill('#givenName', 'Margaret');
    await page.fill('#familyName', 'Jones');
    await page.fill('#email', 'margaret.jones@example.com');
    await page.click('[data-testid="record"]');
    assert.match(await page.locator('[data-testid="person-matches"]').innerText(), /Margaret Jones/);
    await accessible('record feedback (matches)');
    await page.locator('[data-testid="person-matches"] input[type="radio"]').first().check();
    await page.click('[data-testid="record"]');
    await page.waitForURL(/recorded=1/);
    await page.goto(`${server.url}/outbox`);
    await accessible('outbox');
    await page.locator('[data-testid="outbox"] a').first().click();
    assert.match(await page.locator('[data-testid="message-body"]').innerText(), /Your reference is CS-2024-/);
    await accessible('outbox message');
    assert.ok(checked.size >= 30, `checked ${checked.size} pages`);
  });
});
