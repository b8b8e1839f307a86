import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/db/rows.ts';
import { scaleDatabase } from './scale-database.ts';
import { ms, rows, sample } from './harness.ts';
import { benchEngines } from './targets.ts';

/**
 * The annual report model on PostgreSQL at a large council's scale: about
 * 1,000,000 cases over ten years. The demo generator writes ten years of a
 * smaller council with every kind of row; SQL then copies those cases (with
 * their stages, investigations, parties, themes, remedies, learning, actions,
 * compliments and clock events) under new ids and references until the
 * target is reached. The model's time is set beside the time of the raw SQL
 * aggregates for the same headline figures.
 */
export async function reportScaleBench(target = 1_000_000, basePerYear = 2_000): Promise<void> {
  const postgres = (await benchEngines()).find((e) => e.name === 'postgres');
  if (!postgres) {
    rows.push({
      benchmark: 'annual report model at scale',
      engine: 'postgres',
      size: `${target.toLocaleString('en-GB')} cases`,
      result: 'skipped: no PostgreSQL server',
      target: '< 3 s',
    });
    return;
  }
  // BENCH_REPORT_SCALE_DB=name keeps the loaded database under that name for the next run (about
  // 10 minutes saved); drop it by hand when done: `drop database name with (force)`.
  const keep = process.env.BENCH_REPORT_SCALE_DB;
  // The same large-council database as the scale bench (bench/scale-database.ts), kept the same way.
  const {
    handle,
    svc,
    cases: total,
    copiedMs,
    factsMs: builtMs,
  } = await scaleDatabase(postgres.url!, target, {
    keep,
    basePerYear,
  });
  try {
    const inYear = Number(
      rowsOf<{ n: string }>(
        await handle.db.execute(
          sql`select count(*) as n from feedback_cases where received_on between '2025-04-01' and '2026-03-31'`,
        ),
      )[0]!.n,
    );

    const model = await sample(() => svc.reports.model('2025-04-01', '2026-03-31', undefined, { cached: false }), 3, 1);
    const raw = await sample(() => handle.db.execute(rawAggregates('2023-04-01', '2026-03-31')), 3, 1);
    rows.push({
      benchmark: 'annual report model at scale (3 years)',
      engine: 'postgres',
      size: `${total.toLocaleString('en-GB')} cases over ten years (${inYear.toLocaleString('en-GB')} in the year; copied in ${copiedMs === null ? 'an earlier run' : ms(copiedMs)})`,
      result: `p50 ${ms(model.p50)}, max ${ms(model.max)}`,
      target: '< 3 s',
    });
    rows.push({
      benchmark: 'report documents built for every case',
      engine: 'postgres',
      size: `${total.toLocaleString('en-GB')} cases`,
      result: builtMs === null ? 'built in an earlier run' : ms(builtMs),
      target: 'timed',
    });
    rows.push({
      benchmark: 'raw SQL aggregates, same headline figures',
      engine: 'postgres',
      size: 'the same three years',
      result: `p50 ${ms(raw.p50)}; the model takes ${(model.p50 / raw.p50).toFixed(1)}× as long`,
      target: 'ratio reported',
    });
  } finally {
    await handle.close();
  }
}

/**
 * The headline figures written as hand-made SQL aggregates over the same
 * three years: what a report would cost if it were only GROUP BYs.
 */
function rawAggregates(from: string, to: string) {
  const inRange = sql`f.received_on between ${from} and ${to} and f.merged_into_id is null`;
  return sql`select
    (select json_agg(x) from (select date_trunc('month', f.received_on) m, f.type, count(*) from feedback_cases f where ${inRange} group by 1, 2) x) as by_month_type,
    (select json_agg(x) from (select f.team_id, count(*) from feedback_cases f where ${inRange} and f.type = 'complaint' group by 1) x) as by_team,
    (select json_agg(x) from (select f.procedure, count(*) from feedback_cases f where ${inRange} and f.type = 'complaint' group by 1) x) as by_procedure,
    (select json_agg(x) from (select r.label, count(*) from case_themes ct join feedback_cases f on f.id = ct.case_id join reference_items r on r.id = ct.theme_id where ${inRange} group by 1) x) as by_theme,
    (select json_agg(x) from (select i.team_id, i.outcome, count(*) from investigations i join stages s on s.id = i.stage_id join feedback_cases f on f.id = s.case_id where ${inRange} and s.kind = 'stage1' group by 1, 2) x) as outcomes,
    (select json_agg(x) from (select s.kind, count(*), sum(coalesce(s.investigator_cost_pence, 0) + coalesce(s.panel_cost_pence, 0)) from stages s join feedback_cases f on f.id = s.case_id where ${inRange} group by 1) x) as stages,
    (select json_agg(x) from (select f.procedure, avg(s.responded_on - f.received_on) from stages s join feedback_cases f on f.id = s.case_id where ${inRange} and s.kind = 'stage1' and s.responded_on is not null group by 1) x) as days,
    (select json_agg(x) from (select r.label, count(*) from learning_points l join feedback_cases f on f.id = l.case_id join reference_items r on r.id = l.learning_type_id where ${inRange} group by 1) x) as learning,
    (select json_agg(x) from (select p.relationship_id, count(*) from case_parties p join feedback_cases f on f.id = p.case_id where ${inRange} and p.role = 'complainant' group by 1) x) as relationship`;
}
