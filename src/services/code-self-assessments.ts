import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import type { Database } from '../db/database.ts';
import { codeSelfAssessments, users } from '../db/schema/index.ts';
import {
  CODE_REQUIREMENTS,
  COMPLIES,
  MAX_COMMENTARY,
  MAX_EVIDENCE_LINK,
  type CodeAnswer,
} from '../reports/code-self-assessment.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { parseCommand } from './commands.ts';
import { ValidationError } from './errors.ts';

/** The form field for a requirement's part: `complies-6-2` for 6.2's answer. */
export const answerField = (part: 'complies' | 'commentary' | 'evidence', key: string) =>
  `${part}-${key.replace(/[^A-Za-z0-9]/g, '-')}`;

const trimmed = (max: number, what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : v),
    z
      .string({ error: `Enter ${what} as text` })
      .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`),
  );

/**
 * The whole self-assessment as the form sends it, a field per part of each
 * requirement's answer. Answering Partly or No asks for the reason: a
 * governing body reading "No" needs to know why and what is being done.
 */
export const CodeSelfAssessmentCommand = z
  .object(
    Object.fromEntries(
      CODE_REQUIREMENTS.flatMap((r) => [
        [
          answerField('complies', r.key),
          z.preprocess(
            (v) => (v === '' || v === undefined || v === null ? null : v),
            z.enum(COMPLIES, { error: `Choose yes, partly or no for ${r.paragraph}` }).nullable(),
          ),
        ],
        [answerField('commentary', r.key), trimmed(MAX_COMMENTARY, `the commentary for ${r.paragraph}`)],
        [answerField('evidence', r.key), trimmed(MAX_EVIDENCE_LINK, `the evidence for ${r.paragraph}`)],
      ]),
    ),
  )
  .transform((v) =>
    Object.fromEntries(
      CODE_REQUIREMENTS.map((r): [string, CodeAnswer] => [
        r.key,
        {
          complies: (v[answerField('complies', r.key)] as CodeAnswer['complies']) ?? null,
          commentary: v[answerField('commentary', r.key)] as string,
          evidenceLink: v[answerField('evidence', r.key)] as string,
        },
      ]),
    ),
  );

/**
 * Answering Partly or No asks for the reason: a governing body reading "No"
 * needs to know why and what is being done. Read from the form as sent, so
 * these errors are listed with any others at once.
 */
function reasonsMissing(raw: unknown): { field: string; message: string }[] {
  const form = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const said = (field: string) => (typeof form[field] === 'string' ? (form[field] as string).trim() : '');
  return CODE_REQUIREMENTS.filter(
    (r) => ['partly', 'no'].includes(said(answerField('complies', r.key))) && !said(answerField('commentary', r.key)),
  ).map((r) => ({
    field: answerField('commentary', r.key),
    message: `Say in the commentary for ${r.paragraph} why the council does not fully comply, and what it is doing`,
  }));
}

/** Errors in the order their fields stand on the form, as the error summary lists them. */
function orderedByForm(errors: { field: string; message: string }[]) {
  const order = CODE_REQUIREMENTS.flatMap((r) =>
    (['complies', 'commentary', 'evidence'] as const).map((p) => answerField(p, r.key)),
  );
  return [...errors].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

const isEmpty = (a: CodeAnswer) => !a.complies && !a.commentary && !a.evidenceLink;
const same = (a: CodeAnswer, b: CodeAnswer) =>
  a.complies === b.complies && a.commentary === b.commentary && a.evidenceLink === b.evidenceLink;

/** The council's self-assessments against the Complaint Handling Code, a financial year at a time; audited. */
export function codeSelfAssessmentsService(db: Database, clock: Clock) {
  async function forYear(year: number): Promise<{
    answers: Record<string, CodeAnswer>;
    lastEdit: { by: string; at: Date } | null;
  }> {
    const rows = await db
      .select({
        requirement: codeSelfAssessments.requirement,
        complies: codeSelfAssessments.complies,
        commentary: codeSelfAssessments.commentary,
        evidenceLink: codeSelfAssessments.evidenceLink,
        by: users.displayName,
        at: codeSelfAssessments.updatedAt,
      })
      .from(codeSelfAssessments)
      .leftJoin(users, eq(users.id, codeSelfAssessments.updatedBy))
      .where(eq(codeSelfAssessments.financialYearStart, year));
    const latest = rows.reduce<(typeof rows)[number] | null>((l, r) => (!l || r.at > l.at ? r : l), null);
    return {
      answers: Object.fromEntries(
        rows.map((r) => [
          r.requirement,
          { complies: r.complies as CodeAnswer['complies'], commentary: r.commentary, evidenceLink: r.evidenceLink },
        ]),
      ),
      lastEdit: latest ? { by: latest.by ?? 'Heard', at: latest.at } : null,
    };
  }

  return {
    forYear,

    /** Saves the requirements whose answer changed, in one audit event listing them before and after. */
    async save(actor: Actor, year: number, raw: unknown): Promise<{ changed: number }> {
      const missing = reasonsMissing(raw);
      let answers: Record<string, CodeAnswer>;
      try {
        answers = parseCommand(CodeSelfAssessmentCommand, raw);
      } catch (err) {
        if (err instanceof ValidationError) throw new ValidationError(orderedByForm([...err.fieldErrors, ...missing]));
        throw err;
      }
      if (missing.length) throw new ValidationError(missing);
      return db.transaction(async (tx) => {
        const rows = await tx
          .select()
          .from(codeSelfAssessments)
          .where(eq(codeSelfAssessments.financialYearStart, year))
          .for('update');
        const existing = new Map(
          rows.map((r) => [
            r.requirement,
            { complies: r.complies as CodeAnswer['complies'], commentary: r.commentary, evidenceLink: r.evidenceLink },
          ]),
        );
        type Audited = { complies: string | null; commentary: string; evidenceLink: string } | null;
        const before: Record<string, Audited> = {};
        const after: Record<string, Audited> = {};
        for (const [key, answer] of Object.entries(answers)) {
          const was = existing.get(key);
          if (was ? same(was, answer) : isEmpty(answer)) continue;
          before[key] = was ? { ...was } : null;
          after[key] = { ...answer };
          const values = { ...answer, updatedBy: actor.userId, updatedAt: clock.now() };
          await tx
            .insert(codeSelfAssessments)
            .values({ financialYearStart: year, requirement: key, ...values })
            .onConflictDoUpdate({
              target: [codeSelfAssessments.financialYearStart, codeSelfAssessments.requirement],
              set: values,
            });
        }
        const changed = Object.keys(after).length;
        if (changed)
          await recordAudit(tx, clock, actor, {
            action: 'report.code_self_assessment',
            entity: 'code_self_assessment',
            entityId: String(year),
            before,
            after,
          });
        return { changed };
      });
    },
  };
}
export type CodeSelfAssessmentsService = ReturnType<typeof codeSelfAssessmentsService>;
