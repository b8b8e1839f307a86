import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Clock } from '../../domain/clock.ts';
import type { Database } from '../../db/database.ts';
import { contextFigures } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { ValidationError } from '../errors.ts';

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

    async set(
      actor: Actor,
      input: { financialYearStart: number; measure: string; value: string; note?: string },
    ): Promise<void> {
      const measure = input.measure
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, '');
      const value = Number(input.value.replace(/,/g, ''));
      const errors: { field: string; message: string }[] = [];
      if (
        !Number.isInteger(input.financialYearStart) ||
        input.financialYearStart < 2000 ||
        input.financialYearStart > 2100
      )
        errors.push({ field: 'financialYearStart', message: 'Choose the financial year' });
      if (!measure) errors.push({ field: 'measure', message: 'Name the figure, like "children worked with"' });
      if (!Number.isFinite(value) || value <= 0)
        errors.push({ field: 'value', message: 'Enter a number greater than 0' });
      if (errors.length) throw new ValidationError(errors);
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
