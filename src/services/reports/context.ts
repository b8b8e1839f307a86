import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.ts';
import type { Database } from '../../db/database.ts';
import { contextFigures } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { parseCommand } from '../commands.ts';

const YEAR = 'Choose the financial year';
const MEASURE = 'Name the figure, like "children worked with"';
const VALUE = 'Enter a number greater than 0';

/** A figure for a financial year: the measure named in words ("Children worked with" → children_worked_with), the value as typed ("1,250"). */
export const ContextFigureCommand = z.object({
  financialYearStart: z.number({ error: YEAR }).refine((y) => Number.isInteger(y) && y >= 2000 && y <= 2100, YEAR),
  measure: z
    .string({ error: MEASURE })
    .transform((m) =>
      m
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, ''),
    )
    .refine((m) => m !== '', MEASURE),
  value: z
    .string({ error: VALUE })
    .transform((v) => Number(v.replace(/,/g, '')))
    .refine((n) => Number.isFinite(n) && n > 0, VALUE),
  note: z.string().optional(),
});
export type ContextFigureCommand = z.input<typeof ContextFigureCommand>;

/** Figures the council enters per financial year (children worked with, referrals…) so reports give rates per 1,000. */
export function contextService(db: Database, clock: Clock) {
  return {
    async list() {
      return db
        .select()
        .from(contextFigures)
        .where(isNull(contextFigures.orgUnitId))
        .orderBy(asc(contextFigures.financialYearStart), asc(contextFigures.measure));
    },

    async set(actor: Actor, raw: ContextFigureCommand): Promise<void> {
      const input = parseCommand(ContextFigureCommand, raw);
      const { measure, value } = input;
      await db.transaction(async (tx) => {
        const [before] = await tx
          .select()
          .from(contextFigures)
          .where(
            and(
              eq(contextFigures.financialYearStart, input.financialYearStart),
              eq(contextFigures.measure, measure),
              isNull(contextFigures.orgUnitId),
            ),
          );
        if (before)
          await tx
            .update(contextFigures)
            .set({ value, note: input.note?.trim() || before.note, updatedBy: actor.userId, updatedAt: clock.now() })
            .where(eq(contextFigures.id, before.id));
        else
          await tx.insert(contextFigures).values({
            financialYearStart: input.financialYearStart,
            measure,
            value,
            note: input.note?.trim() || null,
            updatedBy: actor.userId,
            updatedAt: clock.now(),
          });
        await recordAudit(tx, clock, actor, {
          action: 'context.set',
          entity: 'context_figure',
          entityId: `${input.financialYearStart}:${measure}`,
          before: before ? { value: before.value } : null,
          after: { financialYearStart: input.financialYearStart, measure, value },
        });
      });
    },
  };
}
export type ContextService = ReturnType<typeof contextService>;
