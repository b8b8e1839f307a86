import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { londonDate } from '../domain/calendar/iso-date.ts';
import { DEFAULT_LETTERS, SUPERSEDED_LETTERS, letterFitsProcedure } from '../domain/letters/default-letters.ts';
import { renderLetter } from '../domain/letters/merge.ts';
import { describeUnfinished, unfinishedParts, type UnfinishedPart } from '../domain/letters/unfinished.ts';
import { maybeProcedure, procedureLabel } from '../domain/procedures/registry.ts';
import type { Database } from '../db/database.ts';
import { letters, letterTemplates, notifications } from '../db/schema/index.ts';
import { SYSTEM_ACTOR, type Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { assertCaseAccess } from './case-access.ts';
import { caseChanger } from './case-change.ts';
import { caseRecord } from './case-record.ts';
import { parseCommand } from './commands.ts';
import { DomainError, NotFoundError, ValidationError } from './errors.ts';
import { letterFields, type CouncilContact } from './letters-fields.ts';
import type { CalendarService } from './calendar.ts';
import type { NotificationsService } from './notifications/notifications.ts';
import type { TimescalesService } from './timescales.ts';

/** A letter's subject fits an email subject line; its body, a long letter (about ten pages). */
export const LETTER_LIMITS = { subject: 200, body: 50_000 } as const;

const notBlank = (s: string) => s.trim() !== '';
/** A subject: not blank, and not too long as typed (spaces count). */
const letterSubject = z
  .string({ error: 'Enter the subject' })
  .refine(notBlank, 'Enter the subject')
  // An email's subject is one header line: a line break in it could add headers of its own.
  .refine((s) => !/[\r\n]/.test(s), 'The subject must be on one line')
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
 * A letter with words still to write (the template's bracketed instructions,
 * a merge field the case had nothing for) cannot be emailed or made for
 * printing. One field error per part, each saying what and where, so the page's
 * error summary names every one; `parts` keeps them for the API and tests.
 */
export class LetterUnfinishedError extends ValidationError {
  override readonly code = 'LETTER.UNFINISHED';
  constructor(readonly parts: UnfinishedPart[]) {
    super(parts.map((p) => ({ field: p.where, message: describeUnfinished(p) })));
  }
}

/** Refuses a letter with anything still to write in it. */
export function assertLetterFinished(subject: string, body: string): void {
  const parts = unfinishedParts(subject, body);
  if (parts.length) throw new LetterUnfinishedError(parts);
}

/** Exactly what will go, as the officer confirms it: the words, to whom, and how. */
export interface LetterPreview {
  templateKey: string;
  templateName: string;
  subject: string;
  body: string;
  delivery: 'email' | 'word';
  /** The email address, or null for a Word document. */
  to: string | null;
  /** Who the letter is to (the complainant), as the case names them. */
  recipientName: string | null;
}

/**
 * Letters from templates with the case's details merged in. The officer reads
 * and edits the draft, then emails it or downloads it as a Word document;
 * either way the letter, as it went, is kept on the case.
 */
export function lettersService(
  db: Database,
  clock: Clock,
  deps: {
    notifications: NotificationsService;
    timescales: TimescalesService;
    calendars: CalendarService;
    councilName: string;
    /** The council's contact details as they are now: read for each letter, so a change in the settings shows at once. */
    contact?: () => Promise<CouncilContact>;
  },
) {
  const changeCase = caseChanger(db, clock);
  const mergeDeps = async () => ({ ...deps, contact: (await deps.contact?.()) ?? {} });
  async function template(key: string) {
    const [t] = await db.select().from(letterTemplates).where(eq(letterTemplates.key, key));
    if (!t) throw new NotFoundError('That letter template');
    return t;
  }

  async function templates() {
    return db.select().from(letterTemplates).orderBy(asc(letterTemplates.name));
  }

  /** A response letter belongs only on a case whose procedure has the stage it answers. */
  function assertFits(key: string, procedure: string | null) {
    if (!letterFitsProcedure(key, maybeProcedure(procedure)))
      throw new DomainError(
        'LETTER.NOT_FOR_PROCEDURE',
        `That letter is not used in the ${procedureLabel(procedure).toLowerCase()} procedure`,
      );
  }

  /** Checks a letter as the officer would send it, and says exactly what would go. Changes nothing. */
  async function checked(actor: Actor, caseId: string, raw: LetterIssueCommand): Promise<LetterPreview> {
    await assertCaseAccess(db, actor, caseId, 'write');
    const input = parseCommand(LetterIssueCommand, raw);
    // The key is kept on the letter and names its Word file: only a template Heard has may be named.
    const t = await template(input.templateKey);
    const r = await caseRecord(db, caseId);
    assertFits(t.key, r.case.procedure);
    const subject = input.subject.trim();
    const body = input.body.replace(/\r\n/g, '\n').trim();
    assertLetterFinished(subject, body);
    return {
      templateKey: t.key,
      templateName: t.name,
      subject,
      body,
      delivery: input.delivery,
      to: input.delivery === 'email' ? input.to!.trim() : null,
      recipientName: r.parties.find((p) => p.role === 'complainant')?.name ?? null,
    };
  }

  return {
    template,

    async ensureDefaults(): Promise<void> {
      await db
        .insert(letterTemplates)
        .values(DEFAULT_LETTERS.map((l) => ({ key: l.key, name: l.name, subject: l.subject, body: l.body })))
        .onConflictDoNothing();
      // Shipped words nobody has edited are brought up to date; an administrator's own are left alone.
      for (const old of SUPERSEDED_LETTERS) {
        const now = DEFAULT_LETTERS.find((l) => l.key === old.key)!;
        await db.transaction(async (tx) => {
          const changed = await tx
            .update(letterTemplates)
            .set({ subject: now.subject, body: now.body, updatedAt: clock.now() })
            .where(
              and(
                eq(letterTemplates.key, old.key),
                eq(letterTemplates.subject, old.subject),
                eq(letterTemplates.body, old.body),
              ),
            )
            .returning({ key: letterTemplates.key });
          if (changed.length)
            await recordAudit(tx, clock, SYSTEM_ACTOR, {
              action: 'letter_template.update',
              entity: 'letter_template',
              entityId: old.key,
              before: { subject: old.subject, body: old.body },
              after: { subject: now.subject, body: now.body },
            });
        });
      }
    },

    templates,

    /** The templates an officer may use on this case: response letters only for the stages its procedure has. */
    async templatesFor(caseId: string) {
      const r = await caseRecord(db, caseId);
      const procedure = maybeProcedure(r.case.procedure);
      return (await templates()).filter((t) => letterFitsProcedure(t.key, procedure));
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
      const r = await caseRecord(db, caseId);
      assertFits(t.key, r.case.procedure);
      const fields = await letterFields(r, t.key, londonDate(clock.now()), await mergeDeps());
      const subject = renderLetter(t.subject, fields);
      const body = renderLetter(t.body, fields);
      return {
        template: t,
        subject: subject.text,
        body: body.text,
        missing: [...new Set([...subject.missing, ...body.missing])],
        /** What is still to write, as the officer will be told when they try to send it. */
        unfinished: unfinishedParts(subject.text, body.text).map(describeUnfinished),
        email: r.parties.find((p) => p.role === 'complainant')?.email ?? null,
      };
    },

    /**
     * The letter exactly as it would go (words, recipient, how), for the officer
     * to confirm; refused, with every part still to write, while any remains.
     */
    preview: checked,

    /**
     * Issues a letter: queued as an email, or kept for download as Word. The
     * same checks as the preview, again: nothing unfinished goes, whatever the
     * page sent, and a refused letter leaves no trace (no letter, email or audit).
     */
    async issue(actor: Actor, caseId: string, raw: LetterIssueCommand): Promise<string> {
      const input = await checked(actor, caseId, raw);
      return changeCase(actor, caseId, 'issue_letter', async (tx) => {
        const [row] = await tx
          .insert(letters)
          .values({
            caseId,
            templateKey: input.templateKey,
            subject: input.subject,
            body: input.body,
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
            subject: input.subject,
            body: input.body,
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
          after: { template: input.templateKey, subject: input.subject, to: input.to },
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
      // Loaded on the first letter, not with the services: docx takes a while to load (ADR 0013).
      const { Document, Packer, Paragraph, TextRun } = await import('docx');
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
