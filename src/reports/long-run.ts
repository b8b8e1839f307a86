import { sql } from 'drizzle-orm';
import { FEEDBACK_TYPES, type FeedbackType, type Procedure } from '../domain/cases/vocabulary.ts';
import type { Database } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import type { Period } from './figures.ts';

/**
 * Feedback by type over more years than the report's three (Warwickshire's
 * six-year chart): counts only, by SQL, under the same definitions as
 * "Feedback received" (received in the period, type as corrected, merged
 * duplicates left out, the same filters). It counts the years before the
 * report's three; the three come from the figures (a test checks that this
 * count gives the same for them). The references behind the latest year are
 * the report's, so nothing here needs to carry them.
 */
export interface YearCounts {
  period: Period;
  byType: Record<FeedbackType, number>;
  /** False for a year that ended before the earliest case held: "no data", not 0 (set by the model). */
  held?: boolean;
}

export async function longRunCounts(
  db: Database,
  periods: Period[],
  filter: { teamIds: Set<string> | null; procedures: Procedure[] | null },
): Promise<YearCounts[]> {
  if (!periods.length) return [];
  const values = sql.join(
    periods.map((p, i) => sql`(${i}::int, ${p.from}::date, ${p.to}::date)`),
    sql`, `,
  );
  const teams = filter.teamIds
    ? filter.teamIds.size
      ? sql`and f.team_id in (${sql.join(
          [...filter.teamIds].map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`
      : sql`and false`
    : sql``;
  const procedures = filter.procedures?.length
    ? sql`and f.procedure in (${sql.join(
        filter.procedures.map((p) => sql`${p}`),
        sql`, `,
      )})`
    : sql``;
  const result = await db.execute(sql`select p.i, f.type, count(*)::int as n
    from (values ${values}) as p(i, pfrom, pto)
    join feedback_cases f on f.received_on between p.pfrom and p.pto
    where f.merged_into_id is null ${teams} ${procedures}
    group by p.i, f.type`);
  const out = periods.map((period) => ({
    period,
    byType: Object.fromEntries(FEEDBACK_TYPES.map((t) => [t, 0])) as Record<FeedbackType, number>,
  }));
  for (const r of rowsOf<{ i: number; type: FeedbackType; n: number | string }>(result))
    out[Number(r.i)]!.byType[r.type] = Number(r.n);
  return out;
}
