import { and, asc, between, eq, inArray, sql } from 'drizzle-orm';
import type { IsoDate } from '../domain/calendar/iso-date.ts';
import type { Clock } from '../domain/clock.ts';
import type { Database } from '../db/database.ts';
import {
  actions,
  feedbackCases,
  learningPoints,
  referenceItems,
  reportEditions,
  reportLearningChoices,
  reportTexts,
  users,
} from '../db/schema/index.ts';
import {
  ALL_BLOCK_KEYS,
  MAX_BLOCK_LENGTH,
  type ReportTexts,
  type TextBlockKey,
  type YouSaidWeDid,
} from '../reports/text-blocks.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { ValidationError } from './errors.ts';

/** A learning point recorded in the period, offered for "You said, we did". */
export interface LearningChoice {
  id: string;
  caseId: string;
  reference: string;
  type: string;
  text: string;
  recordedOn: IsoDate;
  inReport: boolean;
  actions: { text: string; completedOn: IsoDate | null }[];
}

export interface ReportTextsInput {
  blocks: Partial<Record<TextBlockKey, string>>;
  status: 'draft' | 'final';
  /** The learning points (of those recorded in the period) chosen for "You said, we did". */
  chosenLearning: string[];
}

/** The field a block's text is entered in, on the page (and in the error summary). */
export const blockField = (key: TextBlockKey) => `block-${key.replace(':', '-')}`;

/**
 * The council's own words in a period's annual report, and the learning
 * chosen for "You said, we did": read by every output, written by officers
 * and administrators (each change audited, a block at a time).
 */
export function reportTextsService(db: Database, clock: Clock) {
  async function learningIn(from: IsoDate, to: IsoDate): Promise<LearningChoice[]> {
    const points = await db
      .select({
        id: learningPoints.id,
        caseId: learningPoints.caseId,
        reference: feedbackCases.reference,
        type: referenceItems.label,
        text: learningPoints.text,
        recordedOn: learningPoints.recordedOn,
        inReport: sql<boolean>`${reportLearningChoices.learningPointId} is not null`,
      })
      .from(learningPoints)
      .innerJoin(feedbackCases, eq(feedbackCases.id, learningPoints.caseId))
      .leftJoin(
        reportLearningChoices,
        and(
          eq(reportLearningChoices.learningPointId, learningPoints.id),
          eq(reportLearningChoices.periodFrom, from),
          eq(reportLearningChoices.periodTo, to),
        ),
      )
      .innerJoin(referenceItems, eq(referenceItems.id, learningPoints.learningTypeId))
      .where(between(learningPoints.recordedOn, from, to))
      .orderBy(asc(learningPoints.recordedOn), asc(feedbackCases.reference));
    const linked = points.length
      ? await db
          .select({ learningPointId: actions.learningPointId, text: actions.text, completedOn: actions.completedOn })
          .from(actions)
          .where(
            inArray(
              actions.learningPointId,
              points.map((p) => p.id),
            ),
          )
          .orderBy(asc(actions.createdAt))
      : [];
    return points.map((p) => ({
      ...p,
      actions: linked.filter((a) => a.learningPointId === p.id).map(({ text, completedOn }) => ({ text, completedOn })),
    }));
  }

  return {
    /** What every output of the period's report carries. */
    async forPeriod(from: IsoDate, to: IsoDate): Promise<ReportTexts> {
      const [rows, [edition], learning] = await Promise.all([
        db
          .select({
            block: reportTexts.block,
            body: reportTexts.body,
            at: reportTexts.updatedAt,
            by: users.displayName,
          })
          .from(reportTexts)
          .leftJoin(users, eq(users.id, reportTexts.updatedBy))
          .where(and(eq(reportTexts.periodFrom, from), eq(reportTexts.periodTo, to))),
        db
          .select({ status: reportEditions.status, at: reportEditions.updatedAt, by: users.displayName })
          .from(reportEditions)
          .leftJoin(users, eq(users.id, reportEditions.updatedBy))
          .where(and(eq(reportEditions.periodFrom, from), eq(reportEditions.periodTo, to))),
        learningIn(from, to),
      ]);
      const edits = [...rows.map((r) => ({ at: r.at, by: r.by })), ...(edition ? [edition] : [])];
      const last = edits.sort((a, b) => b.at.getTime() - a.at.getTime())[0];
      const youSaidWeDid: YouSaidWeDid[] = learning
        .filter((l) => l.inReport)
        .map((l) => ({ learning: l.text, actions: l.actions.filter((a) => a.completedOn).map((a) => a.text) }));
      return {
        blocks: Object.fromEntries(rows.map((r) => [r.block, r.body])),
        status: edition ? (edition.status as 'draft' | 'final') : rows.length ? 'draft' : null,
        lastEdit: last ? { by: last.by ?? 'Heard', at: last.at } : null,
        youSaidWeDid,
      };
    },

    /** The learning points recorded in the period, each with its actions and whether it is chosen. */
    learningIn,

    async save(actor: Actor, from: IsoDate, to: IsoDate, input: ReportTextsInput): Promise<void> {
      const problems = Object.entries(input.blocks)
        .filter(([, body]) => (body ?? '').length > MAX_BLOCK_LENGTH)
        .map(([key]) => ({
          field: blockField(key as TextBlockKey),
          message: `Shorten this text to ${MAX_BLOCK_LENGTH.toLocaleString('en-GB')} characters or fewer`,
        }));
      const unknown = Object.keys(input.blocks).filter((k) => !ALL_BLOCK_KEYS.includes(k as TextBlockKey));
      if (unknown.length) problems.push({ field: 'blocks', message: 'There is no such part of the report' });
      if (problems.length) throw new ValidationError(problems);
      const now = clock.now();
      await db.transaction(async (tx) => {
        const existing = new Map(
          (
            await tx
              .select({ block: reportTexts.block, body: reportTexts.body })
              .from(reportTexts)
              .where(and(eq(reportTexts.periodFrom, from), eq(reportTexts.periodTo, to)))
              .for('update')
          ).map((r) => [r.block, r.body]),
        );
        for (const [key, raw] of Object.entries(input.blocks)) {
          const body = (raw ?? '').replace(/\r\n?/g, '\n').trim();
          const before = existing.get(key) ?? '';
          if (body === before) continue;
          if (body)
            await tx
              .insert(reportTexts)
              .values({ periodFrom: from, periodTo: to, block: key, body, updatedBy: actor.userId, updatedAt: now })
              .onConflictDoUpdate({
                target: [reportTexts.periodFrom, reportTexts.periodTo, reportTexts.block],
                set: { body, updatedBy: actor.userId, updatedAt: now },
              });
          else
            await tx
              .delete(reportTexts)
              .where(and(eq(reportTexts.periodFrom, from), eq(reportTexts.periodTo, to), eq(reportTexts.block, key)));
          await recordAudit(tx, clock, actor, {
            action: 'report.text',
            entity: 'report_text',
            entityId: `${from}/${to}/${key}`,
            before: { text: before || null },
            after: { text: body || null },
          });
        }
        const [edition] = await tx
          .select({ status: reportEditions.status })
          .from(reportEditions)
          .where(and(eq(reportEditions.periodFrom, from), eq(reportEditions.periodTo, to)))
          .for('update');
        if (edition?.status !== input.status) {
          await tx
            .insert(reportEditions)
            .values({ periodFrom: from, periodTo: to, status: input.status, updatedBy: actor.userId, updatedAt: now })
            .onConflictDoUpdate({
              target: [reportEditions.periodFrom, reportEditions.periodTo],
              set: { status: input.status, updatedBy: actor.userId, updatedAt: now },
            });
          await recordAudit(tx, clock, actor, {
            action: 'report.status',
            entity: 'report_edition',
            entityId: `${from}/${to}`,
            before: { status: edition?.status ?? null },
            after: { status: input.status },
          });
        }
        // Only learning recorded in the period can be chosen for it, and only for it (never for another period
        // that covers the same day); each change is on its case's history.
        const offered = await tx
          .select({
            id: learningPoints.id,
            caseId: learningPoints.caseId,
            chosen: sql<boolean>`${reportLearningChoices.learningPointId} is not null`,
          })
          .from(learningPoints)
          .leftJoin(
            reportLearningChoices,
            and(
              eq(reportLearningChoices.learningPointId, learningPoints.id),
              eq(reportLearningChoices.periodFrom, from),
              eq(reportLearningChoices.periodTo, to),
            ),
          )
          .where(between(learningPoints.recordedOn, from, to));
        const chosen = new Set(input.chosenLearning);
        for (const lp of offered) {
          const wanted = chosen.has(lp.id);
          if (wanted === lp.chosen) continue;
          if (wanted)
            await tx.insert(reportLearningChoices).values({
              periodFrom: from,
              periodTo: to,
              learningPointId: lp.id,
              chosenBy: actor.userId,
              chosenAt: now,
            });
          else
            await tx
              .delete(reportLearningChoices)
              .where(
                and(
                  eq(reportLearningChoices.periodFrom, from),
                  eq(reportLearningChoices.periodTo, to),
                  eq(reportLearningChoices.learningPointId, lp.id),
                ),
              );
          await recordAudit(tx, clock, actor, {
            action: 'learning.in_report',
            entity: 'learning_point',
            entityId: lp.id,
            caseId: lp.caseId,
            before: { inReport: lp.chosen },
            after: { inReport: wanted },
            about: { period: `${from} to ${to}` },
          });
        }
      });
    },
  };
}
export type ReportTextsService = ReturnType<typeof reportTextsService>;
