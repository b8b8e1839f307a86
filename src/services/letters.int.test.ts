import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, testServices } from '../../test/support/factories.ts';
import { and, count, eq } from 'drizzle-orm';
import { auditEvents, letters, letterTemplates, notifications } from '../db/schema/index.ts';
import { SUPERSEDED_LETTERS } from '../domain/letters/default-letters.ts';
import { DomainError, ValidationError } from './errors.ts';
import type { Services } from './index.ts';
import { LetterUnfinishedError } from './letters.ts';

describe('letters', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-04-03T09:00:00Z'));
  });
  after(() => handle.close());

  it('drafts from a template with the case merged in, emails it, keeps it, and makes a Word document', async () => {
    const { actor } = await makeUser(svc, 'complaints_officer');
    const team = await makeTeam(svc, actor, 'Assessment Team 1');
    const { user: manager } = await makeUser(svc, 'investigating_manager', { displayName: 'Priya Shah' });
    const c = await makeCase(svc, actor, {
      receivedOn: '2024-03-27',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care',
      complainant: { givenName: 'Sarah', familyName: 'Jones', email: 'sarah@example.com' },
    });
    await svc.triage.apply(actor, c.id, {
      type: 'complaint',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care',
      decision: 'stage1',
      teamId: team.id,
      investigatingManagerId: manager.id,
      acknowledgedOn: '2024-03-28',
    });
    const draft = await svc.letters.draft(actor, c.id, 'acknowledgement');
    assert.equal(draft.subject, `Your complaint: ${c.reference}`);
    assert.match(draft.body, /Dear Sarah Jones,/);
    assert.match(
      draft.body,
      /Priya Shah from Assessment Team 1 will look into your complaint and reply by 12 April 2024/,
    );
    assert.deepEqual(draft.missing, []);
    assert.equal(draft.email, 'sarah@example.com');
    await assert.rejects(
      svc.letters.issue(actor, c.id, {
        templateKey: 'acknowledgement',
        subject: draft.subject,
        body: draft.body,
        delivery: 'email',
        to: 'nope',
      }),
      (e: unknown) => e instanceof ValidationError && e.fieldErrors[0]!.field === 'to',
    );
    await svc.letters.issue(actor, c.id, {
      templateKey: 'acknowledgement',
      subject: draft.subject,
      body: `${draft.body}\nP.S. edited`,
      delivery: 'email',
      to: 'sarah@example.com',
    });
    const wordId = await svc.letters.issue(actor, c.id, {
      templateKey: 'acknowledgement',
      subject: draft.subject,
      body: draft.body,
      delivery: 'word',
    });
    const kept = await svc.letters.forCase(c.id);
    assert.equal(kept.length, 2);
    const mail = (await svc.notifications.list({ caseId: c.id })).find((n) => n.template === 'letter:acknowledgement')!;
    assert.match(mail.body, /P\.S\. edited/);
    const doc = await svc.letters.word(actor, c.id, wordId);
    assert.equal(doc.fileName, `${c.reference}-acknowledgement.docx`);
    const xml = await (await JSZip.loadAsync(doc.content)).file('word/document.xml')!.async('string');
    assert.match(xml, /Priya Shah from Assessment Team 1/);
  });

  it('an administrator edits a template; unknown merge fields are refused', async () => {
    const { actor } = await makeUser(svc, 'administrator');
    await assert.rejects(
      svc.letters.updateTemplate(actor, 'extension', { subject: 'x', body: 'Dear {{complainant}}' }),
      (e: unknown) => e instanceof ValidationError && /\{\{complainant\}\}/.test(e.fieldErrors[0]!.message),
    );
    // A subject or letter too long for any email or page is refused by its field, and nothing is saved.
    await assert.rejects(
      svc.letters.updateTemplate(actor, 'extension', { subject: 's'.repeat(201), body: 'b'.repeat(50_001) }),
      (e: unknown) => e instanceof ValidationError && e.fieldErrors.map((f) => f.field).join() === 'subject,body',
    );
    await svc.letters.updateTemplate(actor, 'extension', {
      subject: 'New date: {{reference}}',
      body: 'Dear {{complainant_name}}, new date {{extended_to}}.',
    });
    assert.equal((await svc.letters.template('extension')).subject, 'New date: {{reference}}');
    await assert.rejects(svc.letters.template('nope'), (e: unknown) => e instanceof DomainError);
  });

  /** A triaged complaint with one Stage 1 investigation, its heads found, and a remedy agreed. */
  async function investigatedCase(procedure: 'childrens_statutory' | 'corporate') {
    const { actor } = await makeUser(svc, 'complaints_officer');
    const team = await makeTeam(svc, actor);
    const { user: manager } = await makeUser(svc, 'investigating_manager', { displayName: 'Priya Shah' });
    const c = await makeCase(svc, actor, {
      receivedOn: '2024-03-27',
      procedure,
      procedureReason: 'Social care',
      complainant: { givenName: 'Sarah', familyName: 'Jones', email: 'sarah@example.com' },
    });
    await svc.triage.apply(actor, c.id, {
      type: 'complaint',
      procedure,
      procedureReason: 'Social care',
      decision: 'stage1',
      teamId: team.id,
      investigatingManagerId: manager.id,
      acknowledgedOn: '2024-03-28',
    });
    const inv = await svc.casework.addInvestigation(actor, c.id, 'stage1', {
      teamId: team.id,
      investigatorId: manager.id,
      startedOn: '2024-03-28',
    });
    await svc.casework.setHeads(actor, c.id, inv, [
      {
        summary: 'No call back for three weeks',
        finding: 'Calls from 4 to 25 March were not returned',
        outcome: 'upheld',
      },
      { summary: 'The assessment was late', finding: 'It was done in time', outcome: 'not_upheld' },
    ]);
    await svc.casework.updateInvestigation(actor, c.id, inv, {
      teamId: team.id,
      investigatorId: manager.id,
      startedOn: '2024-03-28',
      outcome: 'partially_upheld',
    });
    const apology = (await svc.referenceData.byCode('remedy_type')).get('APOLOGY')!.id;
    await svc.casework.addRemedy(actor, c.id, 'stage1', {
      remedyTypeId: apology,
      description: 'A written apology from the team manager',
    });
    return { actor, c, team };
  }

  async function traces(caseId: string) {
    const n = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n;
    return {
      letters: await n(handle.db.select({ n: count() }).from(letters).where(eq(letters.caseId, caseId))),
      emails: await n(handle.db.select({ n: count() }).from(notifications).where(eq(notifications.caseId, caseId))),
      audit: await n(handle.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.caseId, caseId))),
    };
  }

  it('merges the heads with their findings, the remedies and the next steps into the Stage 1 response; previews it, then sends exactly that', async () => {
    const { actor, c } = await investigatedCase('childrens_statutory');
    const draft = await svc.letters.draft(actor, c.id, 'stage1_response');
    assert.deepEqual(draft.missing, []);
    assert.deepEqual(draft.unfinished, []);
    assert.match(
      draft.body,
      /at Stage 1 of the statutory children's social care complaints procedure\. Our overall finding is: partially upheld\./,
    );
    assert.match(
      draft.body,
      /1\. No call back for three weeks\nWhat we found: Calls from 4 to 25 March were not returned\nOur decision on this point: upheld\./,
    );
    assert.match(draft.body, /- Apology: A written apology from the team manager/);
    // Answered today, 3 April 2024 (not yet recorded): the Stage 2 window runs 20 working days from it.
    assert.match(
      draft.body,
      /ask for an investigation by an independent investigating officer.*please tell us by 1 May 2024 \(20 working days/,
    );
    const letter = {
      templateKey: 'stage1_response',
      subject: draft.subject,
      body: draft.body,
      delivery: 'email' as const,
      to: 'sarah@example.com',
    };
    const before = await traces(c.id);
    const preview = await svc.letters.preview(actor, c.id, letter);
    assert.deepEqual(
      { ...preview, body: undefined },
      {
        templateKey: 'stage1_response',
        templateName: 'Stage 1 response',
        subject: `Our response to your complaint: ${c.reference}`,
        body: undefined,
        delivery: 'email',
        to: 'sarah@example.com',
        recipientName: 'Sarah Jones',
      },
    );
    assert.deepEqual(await traces(c.id), before, 'a preview changes nothing');
    const id = await svc.letters.issue(actor, c.id, letter);
    const mail = (await svc.notifications.list({ caseId: c.id })).find((m) => m.template === 'letter:stage1_response')!;
    assert.equal(mail.body, preview.body);
    assert.equal(mail.subject, preview.subject);
    const [audit] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, 'letter'), eq(auditEvents.entityId, id)));
    assert.equal(audit!.action, 'letter.email');
  });

  it('refuses to send, print or preview a letter with a placeholder or an empty merge field: nothing is kept, emailed or audited', async () => {
    const { actor, c } = await investigatedCase('childrens_statutory');
    const draft = await svc.letters.draft(actor, c.id, 'stage1_response');
    const body = draft.body.replace(
      /What you told us[\s\S]*?What we will do/,
      'Our findings\n\n[Write the findings for each point of the complaint here, with any apology and what we will do.]\n\nWhat we will do',
    );
    const before = await traces(c.id);
    for (const delivery of ['email', 'word'] as const) {
      const letter = {
        templateKey: 'stage1_response',
        subject: `${draft.subject} [the team]`,
        body,
        delivery,
        to: 'sarah@example.com',
      };
      for (const attempt of [
        () => svc.letters.issue(actor, c.id, letter),
        () => svc.letters.preview(actor, c.id, letter),
      ])
        await assert.rejects(attempt(), (e: unknown) => {
          assert.ok(e instanceof LetterUnfinishedError);
          assert.equal(e.code, 'LETTER.UNFINISHED');
          assert.deepEqual(e.fieldErrors, [
            {
              field: 'subject',
              message:
                'The subject has an empty merge field, "[the team]": the case has nothing for it yet. Record it on the case and draft the letter again, or write the words in',
            },
            {
              field: 'body',
              message: `Line 7 of the letter still has the template's instruction "[Write the findings for each point of the complaint here, w…]": replace it with what you want to say`,
            },
          ]);
          return true;
        });
    }
    assert.deepEqual(await traces(c.id), before);
  });

  it('follows the corporate procedure: no review panel letter, and after Stage 2 the Ombudsman', async () => {
    const { actor, c, team } = await investigatedCase('corporate');
    assert.deepEqual((await svc.letters.templatesFor(c.id)).map((t) => t.key).sort(), [
      'acknowledgement',
      'extension',
      'signposting_ombudsman',
      'stage1_response',
      'stage2_outcome',
    ]);
    await assert.rejects(
      svc.letters.draft(actor, c.id, 'stage3_response'),
      (e: unknown) => e instanceof DomainError && e.code === 'LETTER.NOT_FOR_PROCEDURE',
    );
    const stage1 = await svc.letters.draft(actor, c.id, 'stage1_response');
    assert.match(
      stage1.body,
      /a review of your complaint by a senior manager who was not involved before \(Stage 2\) under the council's corporate complaints procedure/,
    );
    await svc.casework.updateStage(actor, c.id, 'stage1', { respondedOn: '2024-04-02' });
    await svc.casework.escalate(actor, c.id, { to: 'stage2', requestedOn: '2024-04-03' });
    const inv = await svc.casework.addInvestigation(actor, c.id, 'stage2', {
      teamId: team.id,
      investigatorName: 'Dee Reviewer',
      startedOn: '2024-04-03',
    });
    await svc.casework.setHeads(actor, c.id, inv, [
      { summary: 'No call back for three weeks', finding: null, outcome: null },
    ]);
    const stage2 = await svc.letters.draft(actor, c.id, 'stage2_outcome');
    assert.equal(stage2.subject, `The outcome of Stage 2: ${c.reference}`);
    assert.match(
      stage2.body,
      /This is the final response under the council's corporate complaints procedure\. .*Local Government and Social Care Ombudsman/,
    );
    assert.doesNotMatch(stage2.body, /panel/);
    // Stage 2's own finding is not written yet, nor its outcome: the draft says so, and would be refused.
    assert.match(stage2.body, /What we found: \[Write what we found about point 1\]/);
    assert.ok(stage2.missing.includes('outcome'));
    assert.ok(stage2.unfinished.some((u) => /Write what we found about point 1/.test(u)));
  });

  it('brings shipped templates nobody edited up to date when Heard starts, and leaves edited ones alone', async () => {
    const old = SUPERSEDED_LETTERS.find((l) => l.key === 'stage1_response')!;
    await handle.db
      .update(letterTemplates)
      .set({ subject: old.subject, body: old.body })
      .where(eq(letterTemplates.key, 'stage1_response'));
    await handle.db
      .update(letterTemplates)
      .set({ body: 'Our own words {{reference}}' })
      .where(eq(letterTemplates.key, 'stage2_outcome'));
    await svc.letters.ensureDefaults();
    assert.match((await svc.letters.template('stage1_response')).body, /\{\{findings\}\}/);
    assert.equal((await svc.letters.template('stage2_outcome')).body, 'Our own words {{reference}}');
    const upgrades = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'letter_template.update'), eq(auditEvents.entityId, 'stage1_response')));
    assert.equal(upgrades.at(-1)!.actorLabel, 'Heard (system)');
  });
});
