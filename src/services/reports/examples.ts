import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.ts';
import type { IsoDate } from '../../domain/calendar/iso-date.ts';
import type { Database } from '../../db/database.ts';
import { feedbackCases, reportExamples } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { assertCaseAccess } from '../case-access.ts';
import { caseChanger } from '../case-change.ts';
import { caseRecord } from '../case-record.ts';
import { parseCommand } from '../commands.ts';
import { redact } from '../../reports/redact.ts';

/** The words an officer keeps to quote; a blank quote is refused before its length is counted. */
export const ReportQuoteCommand = z.object({
  text: z
    .string({ error: 'Enter the words to quote' })
    .refine((t) => t.trim() !== '', { message: 'Enter the words to quote', abort: true })
    .max(3000, 'Keep a quote to 3,000 characters or fewer'),
});
export type ReportQuoteCommand = z.input<typeof ReportQuoteCommand>;

/** Quotes for the annual report: redacted by Heard, read and edited by an officer, then kept. */
export function examplesService(db: Database, clock: Clock) {
  const changeCase = caseChanger(db, clock);
  return {
    /** The case's words with names, contact details and addresses removed, or the saved quote if there is one. */
    async draft(actor: Actor, caseId: string): Promise<{ text: string; saved: boolean }> {
      await assertCaseAccess(db, actor, caseId, 'write');
      const [saved] = await db.select().from(reportExamples).where(eq(reportExamples.caseId, caseId));
      if (saved) return { text: saved.text, saved: true };
      const r = await caseRecord(db, caseId);
      const names = [
        ...r.parties.map((p) => p.name),
        ...(r.compliment?.staff ? [r.compliment.staff] : []),
        ...(r.case.investigatingManager ? [r.case.investigatingManager] : []),
      ];
      return { text: redact(r.case.description || r.case.subject, names), saved: false };
    },

    async save(actor: Actor, caseId: string, quote: ReportQuoteCommand['text']): Promise<void> {
      const { text } = parseCommand(ReportQuoteCommand, { text: quote });
      await changeCase(actor, caseId, 'quote_in_report', async (tx) => {
        await tx
          .insert(reportExamples)
          .values({ caseId, text: text.trim(), chosenBy: actor.userId, chosenAt: clock.now() })
          .onConflictDoUpdate({
            target: reportExamples.caseId,
            set: { text: text.trim(), chosenBy: actor.userId, chosenAt: clock.now() },
          });
        await recordAudit(tx, clock, actor, {
          action: 'report.quote',
          entity: 'report_example',
          entityId: caseId,
          caseId,
          after: { text: text.trim() },
        });
      });
    },

    async remove(actor: Actor, caseId: string): Promise<void> {
      await changeCase(actor, caseId, 'quote_in_report', async (tx) => {
        await tx.delete(reportExamples).where(eq(reportExamples.caseId, caseId));
        await recordAudit(tx, clock, actor, {
          action: 'report.unquote',
          entity: 'report_example',
          entityId: caseId,
          caseId,
          after: { removed: true },
        });
      });
    },

    /** Quotes for cases received in the period, compliments and complaints apart: the words and the team, never the case they came from. */
    async forPeriod(
      from: IsoDate,
      to: IsoDate,
    ): Promise<{
      compliments: { team: string | null; text: string }[];
      complaints: { team: string | null; text: string }[];
    }> {
      const rows = await db
        .select({ type: feedbackCases.type, text: reportExamples.text, caseId: feedbackCases.id })
        .from(reportExamples)
        .innerJoin(feedbackCases, eq(feedbackCases.id, reportExamples.caseId))
        .where(and(gte(feedbackCases.receivedOn, from), lte(feedbackCases.receivedOn, to)))
        .orderBy(asc(feedbackCases.receivedOn));
      const withTeam = await Promise.all(
        rows.map(async (r) => ({ ...r, team: (await caseRecord(db, r.caseId)).case.teamName })),
      );
      const pick = (t: string) => withTeam.filter((r) => r.type === t).map((r) => ({ team: r.team, text: r.text }));
      return { compliments: pick('compliment'), complaints: pick('complaint') };
    },
  };
}
export type ExamplesService = ReturnType<typeof examplesService>;
