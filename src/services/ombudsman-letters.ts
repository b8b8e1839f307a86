import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { IsoDate } from '../domain/calendar/iso-date.ts';
import type { Clock } from '../domain/clock.ts';
import type { Database } from '../db/database.ts';
import { ombudsmanLetters, users } from '../db/schema/index.ts';
import type { OmbudsmanLetter } from '../reports/ombudsman-letter.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { parseCommand } from './commands.ts';

/** A whole number as typed: digits only (no "0x10", "1e1" or blank read as a number), refused with a message. */
const count = (what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .regex(/^\d{1,6}$/, `Enter ${what} as a whole number, such as 12`)
    .transform(Number);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null || v === undefined || String(v).trim() === '' ? null : v), schema.nullable());

/** The letter's figures as an officer enters them. */
export const OmbudsmanLetterCommand = z
  .object({
    received: count('the complaints and enquiries received'),
    detailedInvestigations: count('the detailed investigations'),
    upheld: count('the number upheld'),
    compliancePercent: optional(
      z
        .string()
        .trim()
        .regex(/^\d{1,3}$/, 'Enter the compliance rate as a whole number from 0 to 100')
        .transform(Number)
        .refine((n) => n <= 100, 'Enter the compliance rate as a whole number from 0 to 100'),
    ),
    satisfactoryRemedy: optional(count('the cases with a satisfactory remedy')),
  })
  .superRefine((v, ctx) => {
    if (v.upheld > v.detailedInvestigations)
      ctx.addIssue({
        code: 'custom',
        path: ['upheld'],
        message: 'Upheld cannot be more than the detailed investigations',
      });
    if (v.satisfactoryRemedy !== null && v.satisfactoryRemedy > v.upheld)
      ctx.addIssue({
        code: 'custom',
        path: ['satisfactoryRemedy'],
        message: 'Cases with a satisfactory remedy cannot be more than the cases upheld',
      });
  });

/** The financial year a period is, when it is exactly one (1 April to 31 March). */
export function financialYearOf(from: IsoDate, to: IsoDate): number | null {
  const year = Number(from.slice(0, 4));
  return from.endsWith('-04-01') && to === `${year + 1}-03-31` ? year : null;
}

/** The Ombudsman's annual letters, a year at a time: entered by officers, audited, shown in that year's report. */
export function ombudsmanLettersService(db: Database, clock: Clock) {
  async function forYear(
    year: number,
  ): Promise<(OmbudsmanLetter & { changedBy: string | null; changedAt: Date }) | null> {
    const [row] = await db
      .select({
        financialYearStart: ombudsmanLetters.financialYearStart,
        received: ombudsmanLetters.received,
        detailedInvestigations: ombudsmanLetters.detailedInvestigations,
        upheld: ombudsmanLetters.upheld,
        compliancePercent: ombudsmanLetters.compliancePercent,
        satisfactoryRemedy: ombudsmanLetters.satisfactoryRemedy,
        changedBy: users.displayName,
        changedAt: ombudsmanLetters.updatedAt,
      })
      .from(ombudsmanLetters)
      .leftJoin(users, eq(users.id, ombudsmanLetters.updatedBy))
      .where(eq(ombudsmanLetters.financialYearStart, year));
    return row ?? null;
  }
  return {
    forYear,

    /** The letter for a report's period, when the period is a financial year and a letter was entered. */
    async forPeriod(from: IsoDate, to: IsoDate): Promise<OmbudsmanLetter | null> {
      const year = financialYearOf(from, to);
      if (year === null) return null;
      const letter = await forYear(year);
      if (!letter) return null;
      const { changedBy: _by, changedAt: _at, ...figures } = letter;
      return figures;
    },

    async save(actor: Actor, year: number, raw: unknown): Promise<void> {
      const v = parseCommand(OmbudsmanLetterCommand, raw);
      await db.transaction(async (tx) => {
        const [before] = await tx
          .select()
          .from(ombudsmanLetters)
          .where(eq(ombudsmanLetters.financialYearStart, year))
          .for('update');
        const values = { ...v, updatedBy: actor.userId, updatedAt: clock.now() };
        await tx
          .insert(ombudsmanLetters)
          .values({ financialYearStart: year, ...values })
          .onConflictDoUpdate({ target: ombudsmanLetters.financialYearStart, set: values });
        await recordAudit(tx, clock, actor, {
          action: 'report.ombudsman_letter',
          entity: 'ombudsman_letter',
          entityId: String(year),
          before: before
            ? {
                received: before.received,
                detailedInvestigations: before.detailedInvestigations,
                upheld: before.upheld,
                compliancePercent: before.compliancePercent,
                satisfactoryRemedy: before.satisfactoryRemedy,
              }
            : null,
          after: v,
        });
      });
    },
  };
}
export type OmbudsmanLettersService = ReturnType<typeof ombudsmanLettersService>;
