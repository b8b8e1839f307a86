import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { loadDemoData } from '../cli/demo/load.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeUser, testServices } from '../../test/support/factories.ts';
import type { Services } from '../services/index.ts';
import { FACTS_LOCK, refreshAllReportFacts, refreshReportFacts, REPORT_FACTS_FORMAT } from './facts.ts';
import { loadReportRows } from './load.ts';

/**
 * The prepared report documents (report_case_facts) must never let a report
 * show a case as it was: every change to a row the report reads marks the
 * case's document out of date in the same transaction, and a document built
 * from an older version of the case is never stored.
 */
const TODAY = '2026-06-01T09:00:00Z';
let handle: DatabaseHandle;
let svc: Services;
before(async () => {
  handle = await testDatabase();
  svc = await testServices(handle, fixedClock(TODAY));
  await loadDemoData(handle.db, fixedClock(TODAY), { referencePrefix: 'CS', years: 1, casesPerYear: 150, seed: 3 });
});
after(() => handle.close());

type Facts = { version: number; doc: string | null; format: number | null };
const factsOf = async (caseId: string): Promise<Facts> =>
  rowsOf<Facts>(
    await handle.db.execute(
      sql`select version::int as version, doc, format from report_case_facts where case_id = ${caseId}`,
    ),
  )[0]!;
const one = async (query: ReturnType<typeof sql>): Promise<string> => {
  const row = rowsOf<{ case_id: string }>(await handle.db.execute(query))[0];
  assert.ok(row, 'the demo data has a row to change');
  return row.case_id;
};

describe('prepared report documents', () => {
  it('are all built after the demo load, one per case, in the current format', async () => {
    const [counts] = rowsOf<{ cases: number; built: number }>(
      await handle.db.execute(
        sql`select (select count(*)::int from feedback_cases) as cases, (select count(*)::int from report_case_facts where doc is not null and format = ${REPORT_FACTS_FORMAT}) as built`,
      ),
    );
    assert.ok(counts!.cases > 100);
    assert.equal(counts!.built, counts!.cases);
  });

  // Each statement changes one row of one table the report reads, and returns the case it belongs to.
  const changes: Record<string, ReturnType<typeof sql>> = {
    feedback_cases: sql`update feedback_cases set subject = subject || '.' where id = (select id from feedback_cases order by reference limit 1) returning id as case_id`,
    case_parties: sql`update case_parties set looked_after = not coalesce(looked_after, false) where id = (select id from case_parties where role = 'child' order by id limit 1) returning case_id`,
    case_themes: sql`delete from case_themes where (case_id, theme_id) = (select case_id, theme_id from case_themes order by case_id limit 1) returning case_id`,
    stages: sql`update stages set requested_on = requested_on where id = (select id from stages order by id limit 1) returning case_id`,
    investigations: sql`with i as (update investigations set outcome = outcome where id = (select id from investigations order by id limit 1) returning stage_id) select s.case_id from i join stages s on s.id = i.stage_id`,
    remedies: sql`with m as (update remedies set amount_pence = coalesce(amount_pence, 0) + 100 where id = (select id from remedies order by id limit 1) returning stage_id) select s.case_id from m join stages s on s.id = m.stage_id`,
    learning_points: sql`update learning_points set learning_type_id = learning_type_id where id = (select id from learning_points order by id limit 1) returning case_id`,
    actions: sql`update actions set completed_on = null where id = (select id from actions order by id limit 1) returning case_id`,
    compliments: sql`update compliments set theme_id = null where case_id = (select case_id from compliments order by case_id limit 1) returning case_id`,
    clock_events: sql`delete from clock_events where id = (select id from clock_events order by id limit 1) returning case_id`,
    people: sql`with p as (update people set ethnicity_id = null where id = (select person_id from case_parties where role = 'child' order by id limit 1) returning id) select c.case_id from p join case_parties c on c.person_id = p.id limit 1`,
  };
  for (const [table, change] of Object.entries(changes)) {
    it(`a change to ${table} marks the case's document out of date, and the next refresh rebuilds it`, async () => {
      await refreshAllReportFacts(handle.db);
      const changed = await one(change);
      const after = await factsOf(changed);
      assert.equal(after.doc, null, 'document cleared');
      assert.equal(after.format, null);
      await refreshAllReportFacts(handle.db);
      const rebuilt = await factsOf(changed);
      assert.ok(rebuilt.doc, 'document rebuilt');
      assert.equal(rebuilt.version, after.version);
    });
  }

  it('a change after a document was built in the same transaction still clears it', async () => {
    await refreshAllReportFacts(handle.db);
    const caseId = await one(sql`select case_id from stages order by id limit 1`);
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`update stages set requested_on = requested_on where case_id = ${caseId}`);
      assert.equal(await refreshReportFacts(tx, { which: sql`select ${caseId}::uuid` }), 1);
      await tx.execute(sql`update stages set requested_on = requested_on where case_id = ${caseId}`);
    });
    assert.equal((await factsOf(caseId)).doc, null);
  });

  it('a report reads the same rows from prepared documents as from documents built while it reads', async () => {
    await refreshAllReportFacts(handle.db);
    const prepared = await loadReportRows(handle.db, '2024-03-31', '2026-03-31');
    await handle.db.execute(sql`update report_case_facts set doc = null, format = null`);
    const built = await loadReportRows(handle.db, '2024-03-31', '2026-03-31');
    assert.ok(prepared.cases.length > 100);
    assert.deepEqual(built, prepared);
  });

  it('a change not yet rebuilt shows at once: the report builds that document itself', async () => {
    await refreshAllReportFacts(handle.db);
    const caseId = await one(
      // A case with no other investigation not upheld (ids are random: the first one found may have a second).
      sql`update investigations set outcome = 'upheld' where id = (
        select i.id from investigations i join stages s on s.id = i.stage_id
        where i.outcome = 'not_upheld' and not exists (
          select 1 from investigations j join stages t on t.id = j.stage_id
          where t.case_id = s.case_id and j.id <> i.id and j.outcome = 'not_upheld')
        order by i.id limit 1)
      returning (select s.case_id from stages s where s.id = stage_id) as case_id`,
    );
    const rows = await loadReportRows(handle.db, '2024-03-31', '2026-03-31');
    assert.ok(rows.investigations.some((i) => i.caseId === caseId && i.outcome === 'upheld'));
    assert.ok(!rows.investigations.some((i) => i.caseId === caseId && i.outcome === 'not_upheld'));
  });

  it('a case with no report_case_facts row at all (SQL by hand) is still in the report, built from its rows', async () => {
    await refreshAllReportFacts(handle.db);
    const before = await loadReportRows(handle.db, '2024-03-31', '2026-03-31');
    const caseId = await one(
      sql`delete from report_case_facts where case_id = (select f.id from feedback_cases f where f.received_on between '2025-04-01' and '2026-03-31' and f.merged_into_id is null and exists (select 1 from stages s where s.case_id = f.id) order by f.reference limit 1) returning case_id`,
    );
    const after = await loadReportRows(handle.db, '2024-03-31', '2026-03-31');
    assert.ok(after.stages.some((s) => s.caseId === caseId));
    assert.deepEqual(after, before);
    await handle.db.execute(sql`insert into report_case_facts (case_id) values (${caseId})`);
  });

  it('a document of another format is rebuilt, never misread', async () => {
    await refreshAllReportFacts(handle.db);
    const caseId = await one(
      sql`select f.id as case_id from feedback_cases f where f.received_on between '2025-04-01' and '2026-03-31' and f.merged_into_id is null order by f.reference limit 1`,
    );
    const good = (await loadReportRows(handle.db, '2025-04-01', '2026-03-31')).cases.find((c) => c.id === caseId);
    await handle.db.execute(
      sql`update report_case_facts set doc = '["not", "this", "shape"]', format = ${REPORT_FACTS_FORMAT - 1} where case_id = ${caseId}`,
    );
    assert.deepEqual(
      (await loadReportRows(handle.db, '2025-04-01', '2026-03-31')).cases.find((c) => c.id === caseId),
      good,
    );
    assert.equal(await refreshReportFacts(handle.db), 1);
    assert.equal((await factsOf(caseId)).format, REPORT_FACTS_FORMAT);
  });

  it('a backlog is built a bounded number of batches at a time', async () => {
    await handle.db.execute(sql`update report_case_facts set doc = null, format = null`);
    assert.equal(await refreshAllReportFacts(handle.db, { batch: 10, maxBatches: 3 }), 30);
    const [left] = rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int as n from report_case_facts where doc is null`),
    );
    assert.ok(left!.n > 100);
    assert.equal(await refreshAllReportFacts(handle.db), left!.n);
  });

  it('a case created by the services waits for the background refresh, which builds its document', async () => {
    await refreshAllReportFacts(handle.db);
    const { actor } = await makeUser(svc, 'complaints_officer');
    const created = await svc.cases.create(actor, { type: 'complaint', receivedOn: '2026-05-20', subject: 'Fresh' });
    assert.equal((await factsOf(created.id)).doc, null);
    assert.equal(await svc.reports.refreshFacts(), 1);
    assert.match((await factsOf(created.id)).doc!, new RegExp(`"${created.reference}"`));
  });
});

describe(
  'prepared report documents under concurrent change (PostgreSQL)',
  { skip: !process.env.DATABASE_URL && 'needs two connections: PostgreSQL only' },
  () => {
    it('a document built while its case changes is not stored; the next refresh builds the new one', async () => {
      await refreshAllReportFacts(handle.db);
      const caseId = await one(
        sql`select s.case_id from stages s join investigations i on i.stage_id = s.id order by s.case_id limit 1`,
      );
      await handle.db.execute(sql`update report_case_facts set doc = null, format = null where case_id = ${caseId}`);
      let building: Promise<number> | null = null;
      await handle.db.transaction(async (tx) => {
        // This change holds the case's facts row until it commits. The refresh starts meanwhile, on another
        // connection: it reads the old version, builds the old document, and waits for the row.
        await tx.execute(
          sql`update investigations set outcome = 'upheld' where stage_id in (select id from stages where case_id = ${caseId})`,
        );
        building = refreshReportFacts(handle.db, { which: sql`select ${caseId}::uuid` });
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
      assert.equal(await building!, 0, 'the old document was not stored');
      assert.equal((await factsOf(caseId)).doc, null);
      assert.equal(await refreshReportFacts(handle.db, { which: sql`select ${caseId}::uuid` }), 1);
      assert.match((await factsOf(caseId)).doc!, /"upheld"/);
    });

    it('the background refresh runs on one server at a time: another server holding it means this one leaves it', async () => {
      await refreshAllReportFacts(handle.db);
      await handle.db.execute(sql`update report_case_facts set doc = null, format = null`);
      const [all] = rowsOf<{ n: number }>(
        await handle.db.execute(sql`select count(*)::int as n from report_case_facts`),
      );
      await handle.db.transaction(async (tx) => {
        // Another server's refresh, holding the lock on its own connection.
        await tx.execute(sql`select pg_advisory_xact_lock(${FACTS_LOCK})`);
        assert.equal(await svc.reports.refreshFacts(), null);
      });
      const [left] = rowsOf<{ n: number }>(
        await handle.db.execute(sql`select count(*)::int as n from report_case_facts where doc is null`),
      );
      assert.equal(left!.n, all!.n, 'nothing was built while the other server held the lock');
      assert.equal(await svc.reports.refreshFacts(), all!.n);
    });
  },
);
