import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, testServices } from '../../test/support/factories.ts';
import { DomainError, ValidationError } from './errors.ts';
import type { Services } from './index.ts';

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
});
