import { londonDate } from '../../../domain/calendar/iso-date.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../../db/database.ts';
import type { Actor } from '../../../services/actor.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The hidden fields of the page's form, as a browser would send them back. */
function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([A-Za-z_]+)" value="([^"]*)">/g))
    out[m[1]!] = unescape(m[2]!);
  return out;
}

/** The draft page's textarea and inputs, as typed. */
function draftFields(html: string) {
  return {
    templateKey: hiddenFields(html).templateKey!,
    subject: unescape(/id="subject" name="subject" type="text" value="([^"]*)"/.exec(html)![1]!),
    body: unescape(/<textarea[^>]*id="body"[^>]*>\n?([\s\S]*?)<\/textarea>/.exec(html)![1]!),
  };
}

describe('a response letter: drafted with the findings merged, refused while a placeholder remains, checked, then sent', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let b: Browser;
  let ref: string;
  let caseId: string;
  let officer: Actor;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    const { user, actor } = await makeUser(svc, 'complaints_officer', { email: 'letters.officer@example.gov.uk' });
    const team = await makeTeam(svc, actor, 'Assessment Team');
    const made = await makeCase(svc, actor, {
      receivedOn: '2024-05-01',
      complainant: { givenName: 'Sarah', familyName: "O'Neill", email: 'sarah@example.com' },
    });
    await svc.triage.apply(actor, made.id, {
      type: 'complaint',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care',
      decision: 'stage1',
      teamId: team.id,
      investigatingManagerId: user.id,
      acknowledgedOn: '2024-05-02',
    });
    const inv = await svc.casework.addInvestigation(actor, made.id, 'stage1', {
      teamId: team.id,
      investigatorName: 'Ivy Investigator',
      startedOn: '2024-05-02',
    });
    await svc.casework.setHeads(actor, made.id, inv, [
      { summary: 'No call back for three weeks', finding: 'Calls were not returned <as logged>', outcome: 'upheld' },
    ]);
    await svc.casework.updateInvestigation(actor, made.id, inv, {
      teamId: team.id,
      investigatorName: 'Ivy Investigator',
      startedOn: '2024-05-02',
      outcome: 'upheld',
    });
    const apology = (await svc.referenceData.byCode('remedy_type')).get('APOLOGY')!.id;
    await svc.casework.addRemedy(actor, made.id, 'stage1', { remedyTypeId: apology, description: 'A written apology' });
    officer = actor;
    ref = made.reference;
    caseId = made.id;
    b = new Browser(app);
    await b.signIn(user.email, TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  const letterEmails = async () =>
    (await svc.notifications.list({ caseId })).filter((n) => n.template.startsWith('letter:'));

  it('offers the letters of the case’s procedure, and drafts the Stage 1 response with its findings merged', async () => {
    const list = await b.get(`/cases/${ref}/letters`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /letters\/new\?template=stage1_response">Stage 1 response</);
    assert.match(list.body, /template=stage3_response/, "the children's statutory procedure has a review panel");
    const page = await b.get(`/cases/${ref}/letters/new?template=stage1_response`);
    assert.equal(page.statusCode, 200);
    const draft = draftFields(page.body);
    assert.match(draft.body, /1\. No call back for three weeks\nWhat we found: Calls were not returned <as logged>\n/);
    assert.match(draft.body, /- Apology: A written apology/);
    assert.match(
      draft.body,
      /ask for an investigation by an independent investigating officer.*please tell us by 1 July 2024/,
    );
    assert.doesNotMatch(page.body, /data-testid="unfinished"/);
  });

  it('refuses to check or send a letter with the template’s instruction still in it, naming it, and sends nothing', async () => {
    const page = await b.get(`/cases/${ref}/letters/new?template=stage1_response`);
    const draft = draftFields(page.body);
    const body = draft.body.replace('What you told us', '[Write the findings here]\n\nWhat you told us');
    for (const action of ['preview', '']) {
      await b.get(`/cases/${ref}/letters/new?template=stage1_response`);
      const res = await b.post(`/cases/${ref}/letters${action ? `/${action}` : ''}`, {
        ...draft,
        body,
        delivery: 'email',
        to: 'sarah@example.com',
        confirmed: 'yes',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<title>Error: /);
      assert.ok(
        res.body.includes(
          'href="#body">Line 5 of the letter still has the template&#39;s instruction &quot;[Write the findings here]&quot;: replace it with what you want to say',
        ),
        'the error summary names the instruction and its line, linked to the letter',
      );
      // What the officer wrote is kept.
      assert.ok(res.body.includes('[Write the findings here]\n\nWhat you told us'));
    }
    assert.deepEqual(await letterEmails(), []);
  });

  it('shows exactly what will go (recipient, channel, subject, words); sends only from that page', async () => {
    const page = await b.get(`/cases/${ref}/letters/new?template=stage1_response`);
    const draft = { ...draftFields(page.body), to: 'sarah@example.com' };
    const preview = await b.post(`/cases/${ref}/letters/preview`, { ...draft, delivery: 'email' });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /<h1 class="govuk-heading-l">Check the email before you send it<\/h1>/);
    assert.match(preview.body, /Sarah O&#39;Neill, sarah@example.com/);
    assert.match(preview.body, /By email, sent by Heard when you confirm/);
    assert.ok(preview.body.includes(`Our response to your complaint: ${ref}`));
    const shown = unescape(/data-testid="letter-preview">([\s\S]*?)<\/div>/.exec(preview.body)![1]!);
    assert.equal(shown, draft.body.trim());
    assert.deepEqual(await letterEmails(), [], 'checking sends nothing');

    // Posted without the check page's confirmation (an old form, a replay), it is shown again, not sent.
    const confirmFields = hiddenFields(preview.body);
    const { confirmed: _none, ...unconfirmed } = confirmFields;
    const again = await b.post(`/cases/${ref}/letters`, unconfirmed);
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /Check the email before you send it/);
    assert.deepEqual(await letterEmails(), []);

    // "Change the letter" goes back to the draft with the words as they were.
    const change = await b.post(`/cases/${ref}/letters/edit`, confirmFields);
    assert.equal(change.statusCode, 200);
    assert.equal(draftFields(change.body).body, draft.body.trim());

    await b.post(`/cases/${ref}/letters/preview`, { ...draft, delivery: 'email' });
    const sent = await b.post(`/cases/${ref}/letters`, { ...hiddenFields(b.lastBody), confirmed: 'yes' });
    assert.equal(sent.statusCode, 302);
    assert.equal(sent.headers.location, `/cases/${ref}/letters?sent=1`);
    const emails = await letterEmails();
    assert.equal(emails.length, 1);
    assert.equal(emails[0]!.body, shown);
    assert.equal(emails[0]!.toAddress, 'sarah@example.com');
    const list = await b.get(sent.headers.location);
    assert.ok(list.body.includes(`is on its way to sarah@example.com`));
    const { audit } = await svc.cases.record(officer, caseId);
    assert.ok(audit.some((a) => a.action === 'letter.email'));
  });

  it('makes a Word document only from the check page too', async () => {
    const page = await b.get(`/cases/${ref}/letters/new?template=stage1_response`);
    const preview = await b.post(`/cases/${ref}/letters/preview`, { ...draftFields(page.body), delivery: 'word' });
    assert.match(preview.body, /Check the letter before you make it/);
    assert.match(preview.body, /As a Word document, to print and post/);
    const made = await b.post(`/cases/${ref}/letters`, { ...hiddenFields(preview.body), confirmed: 'yes' });
    assert.equal(made.statusCode, 302);
    assert.match(String(made.headers.location), new RegExp(`^/cases/${ref}/letters\\?made=[0-9a-f-]{36}$`));
    const list = await b.get(String(made.headers.location));
    assert.match(list.body, /is ready: download the Word document below/);
  });

  it('offers to record the response letter as the stage’s answer, and does so when asked', async () => {
    const page = await b.get(`/cases/${ref}/letters/new?template=stage1_response`);
    const preview = await b.post(`/cases/${ref}/letters/preview`, {
      ...draftFields(page.body),
      to: 'sarah@example.com',
      delivery: 'email',
    });
    assert.match(preview.body, /data-testid="record-response"/);
    assert.match(preview.body, /as the date Stage 1 was answered/);
    const sent = await b.post(`/cases/${ref}/letters`, {
      ...hiddenFields(preview.body),
      confirmed: 'yes',
      recordResponse: 'yes',
    });
    assert.equal(sent.headers.location, `/cases/${ref}/letters?sent=1&recorded=1`);
    const stage1 = (await svc.cases.record(officer, caseId)).stages.find((st) => st.kind === 'stage1')!;
    assert.equal(stage1.respondedOn, londonDate(svc.clock.now()));
    // Answered now: the next response letter does not offer it again.
    const again = await b.post(`/cases/${ref}/letters/preview`, {
      ...draftFields((await b.get(`/cases/${ref}/letters/new?template=stage1_response`)).body),
      delivery: 'word',
    });
    assert.doesNotMatch(again.body, /data-testid="record-response"/);
  });
});
