import { asc, desc, eq } from 'drizzle-orm';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { formatLongDate, londonDate } from '../domain/calendar/iso-date.ts';
import { OUTCOME_LABELS } from '../domain/cases/vocabulary.ts';
import { DEFAULT_LETTERS, renderLetter, type MergeField } from '../domain/letters/merge.ts';
import type { Database } from '../db/database.ts';
import { letters, letterTemplates, notifications } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { assertCaseAccess } from './case-access.ts';
import { caseChanger } from './case-change.ts';
import { caseRecord } from './case-record.ts';
import { parseCommand } from './commands.ts';
import { DomainError, NotFoundError } from './errors.ts';
import type { NotificationsService } from './notifications/notifications.ts';
import type { TimescalesService } from './timescales.ts';

/** A letter's subject fits an email subject line; its body, a long letter (about ten pages). */
export const LETTER_LIMITS = { subject: 200, body: 50_000 } as const;

const notBlank = (s: string) => s.trim() !== '';
/** A subject: not blank, and not too long as typed (spaces count). */
const letterSubject = z
  .string({ error: 'Enter the subject' })
  .refine(notBlank, 'Enter the subject')
  .max(LETTER_LIMITS.subject, `The subject must be ${LETTER_LIMITS.subject} characters or fewer`);
/** A letter's words, with what to say when there are none. */
const letterBody = (blank: string) =>
  z
    .string({ error: blank })
    .refine(notBlank, blank)
    .max(LETTER_LIMITS.body, `The letter must be ${LETTER_LIMITS.body.toLocaleString('en-GB')} characters or fewer`);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A template as an administrator edits it: only merge fields Heard knows, in the subject or the letter. */
export const LetterTemplateCommand = z
  .object({ subject: letterSubject, body: letterBody('Enter the letter') })
  .superRefine(({ subject, body }, ctx) => {
    const unknown = [...renderLetter(subject, {}).unknown, ...renderLetter(body, {}).unknown];
    if (unknown.length)
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: `There is no merge field called ${unknown.map((u) => `{{${u}}}`).join(', ')}`,
      });
  });
export type LetterTemplateCommand = z.input<typeof LetterTemplateCommand>;

/** A letter as the officer issues it: emailed (to an address) or made as a Word document. */
export const LetterIssueCommand = z
  .object({
    // Checked against the templates by the service.
    templateKey: z.string(),
    subject: letterSubject,
    body: letterBody('The letter is empty'),
    // Emailed, or made as a Word document: anything else would be kept with nothing sent.
    delivery: z.enum(['email', 'word'], { error: 'Choose whether to email it or make a Word document' }),
    to: z.string({ error: 'Enter the email address to send it to' }).nullish(),
  })
  .superRefine(({ delivery, to }, ctx) => {
    if (delivery === 'email' && !EMAIL.test(to ?? ''))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Enter the email address to send it to' });
  });
export type LetterIssueCommand = z.input<typeof LetterIssueCommand>;

/**
 * Letters from templates with the case's details merged in. The officer reads
 * and edits the draft, then emails it or downloads it as a Word document;
 * either way the letter, as it went, is kept on the case.
 */
export function lettersService(
  db: Database,
  clock: Clock,
  deps: { notifications: NotificationsService; timescales: TimescalesService; councilName: string },
) {
  const changeCase = caseChanger(db, clock);
  async function fieldsFor(caseId: string): Promise<Partial<Record<MergeField, string>>> {
    const r = await caseRecord(db, caseId);
    const { clocks } = await deps.timescales.clocksForCase(caseId);
    const running = clocks
      .filter((k) => k.rule.kind === 'response' && !k.result.completedOn && k.result.dueOn)
      .sort((a, b) => a.result.dueOn!.localeCompare(b.result.dueOn!))[0];
    const window = clocks.filter((k) => k.rule.kind === 'window' && !k.result.completedOn && k.result.dueOn).pop();
    const complainant = r.parties.find((p) => p.role === 'complainant');
    return {
      reference: r.case.reference,
      complainant_name: complainant?.name,
      child_name: r.parties.find((p) => p.role === 'child')?.name,
      received_on: formatLongDate(r.case.receivedOn),
      today: formatLongDate(londonDate(clock.now())),
      council_name: deps.councilName,
      team: r.case.teamName ?? undefined,
      investigating_manager: r.case.investigatingManager ?? undefined,
      response_due_on: running ? formatLongDate(running.result.dueOn!) : undefined,
      extended_to: running?.result.extendedDueOn ? formatLongDate(running.result.extendedDueOn) : undefined,
      outcome: r.case.outcome ? OUTCOME_LABELS[r.case.outcome].toLowerCase() : undefined,
      next_stage_by: window ? formatLongDate(window.result.dueOn!) : undefined,
    };
  }

  async function template(key: string) {
    const [t] = await db.select().from(letterTemplates).where(eq(letterTemplates.key, key));
    if (!t) throw new NotFoundError('That letter template');
    return t;
  }

  return {
    template,

    async ensureDefaults(): Promise<void> {
      await db
        .insert(letterTemplates)
        .values(DEFAULT_LETTERS.map((l) => ({ key: l.key, name: l.name, subject: l.subject, body: l.body })))
        .onConflictDoNothing();
    },

    async templates() {
      return db.select().from(letterTemplates).orderBy(asc(letterTemplates.name));
    },

    async updateTemplate(actor: Actor, key: string, raw: LetterTemplateCommand): Promise<void> {
      const input = parseCommand(LetterTemplateCommand, raw);
      await db.transaction(async (tx) => {
        const [before] = await tx.select().from(letterTemplates).where(eq(letterTemplates.key, key));
        if (!before) throw new NotFoundError('That letter template');
        await tx
          .update(letterTemplates)
          .set({
            subject: input.subject.trim(),
            body: input.body.replace(/\r\n/g, '\n').trim(),
            updatedBy: actor.userId,
            updatedAt: clock.now(),
          })
          .where(eq(letterTemplates.key, key));
        await recordAudit(tx, clock, actor, {
          action: 'letter_template.update',
          entity: 'letter_template',
          entityId: key,
          before: { subject: before.subject, body: before.body },
          after: { subject: input.subject.trim(), body: input.body.trim() },
        });
      });
    },

    /** A draft for the officer to read and edit: the template with this case's details. */
    async draft(actor: Actor, caseId: string, key: string) {
      await assertCaseAccess(db, actor, caseId, 'write');
      const t = await template(key);
      const fields = await fieldsFor(caseId);
      const subject = renderLetter(t.subject, fields);
      const body = renderLetter(t.body, fields);
      const r = await caseRecord(db, caseId);
      return {
        template: t,
        subject: subject.text,
        body: body.text,
        missing: [...new Set([...subject.missing, ...body.missing])],
        email: r.parties.find((p) => p.role === 'complainant')?.email ?? null,
      };
    },

    /** Issues a letter: queued as an email, or kept for download as Word. */
    async issue(actor: Actor, caseId: string, raw: LetterIssueCommand): Promise<string> {
      const input = parseCommand(LetterIssueCommand, raw);
      // The key is kept on the letter and names its Word file: only a template Heard has may be named.
      await template(input.templateKey);
      return changeCase(actor, caseId, 'issue_letter', async (tx) => {
        const [row] = await tx
          .insert(letters)
          .values({
            caseId,
            templateKey: input.templateKey,
            subject: input.subject.trim(),
            body: input.body.replace(/\r\n/g, '\n').trim(),
            delivery: input.delivery,
            toAddress: input.delivery === 'email' ? input.to! : null,
            createdBy: actor.userId,
            createdAt: clock.now(),
          })
          .returning({ id: letters.id });
        if (input.delivery === 'email') {
          await deps.notifications.enqueue(tx, {
            caseId,
            dedupeKey: `letter:${row!.id}`,
            template: `letter:${input.templateKey}`,
            to: input.to!,
            subject: input.subject.trim(),
            body: input.body.trim(),
          });
          const [n] = await tx
            .select({ id: notifications.id })
            .from(notifications)
            .where(eq(notifications.dedupeKey, `letter:${row!.id}`));
          await tx.update(letters).set({ notificationId: n!.id }).where(eq(letters.id, row!.id));
        }
        await recordAudit(tx, clock, actor, {
          action: `letter.${input.delivery}`,
          entity: 'letter',
          entityId: row!.id,
          caseId,
          after: { template: input.templateKey, subject: input.subject.trim(), to: input.to ?? null },
        });
        return row!.id;
      });
    },

    async forCase(caseId: string) {
      return db.select().from(letters).where(eq(letters.caseId, caseId)).orderBy(desc(letters.createdAt));
    },

    /** The letter as a Word document the team can edit and print on letterhead. */
    async word(actor: Actor, caseId: string, letterId: string): Promise<{ fileName: string; content: Buffer }> {
      await assertCaseAccess(db, actor, caseId, 'read');
      const [l] = await db.select().from(letters).where(eq(letters.id, letterId));
      if (!l || l.caseId !== caseId) throw new NotFoundError('That letter');
      const doc = new Document({
        creator: deps.councilName,
        title: l.subject,
        styles: { default: { document: { run: { font: 'Arial', size: 24 } } } },
        sections: [
          {
            children: [
              new Paragraph({ children: [new TextRun({ text: l.subject, bold: true })], spacing: { after: 240 } }),
              ...l.body.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })),
            ],
          },
        ],
      });
      const content = await Packer.toBuffer(doc);
      const ref = (await caseRecord(db, caseId)).case.reference;
      if (!content.length) throw new DomainError('LETTER.EMPTY', 'The document could not be made');
      return { fileName: `${ref}-${l.templateKey}.docx`, content };
    },
  };
}
export type LettersService = ReturnType<typeof lettersService>;
