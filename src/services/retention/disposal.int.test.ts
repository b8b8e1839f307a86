import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../domain/clock.ts';
import { REMOVED_MARKER } from '../../domain/retention/schedule.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { loadDemoData } from '../../cli/demo/load.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { makeUser, testServices } from '../../../test/support/factories.ts';
import type { Actor } from '../actor.ts';
import type { Services } from '../index.ts';

/**
 * Disposal under the retention schedule: the annual report for a past year is
 * exactly the same afterwards, and not one personal value of the disposed
 * cases is left anywhere in the database, in any text or JSON column of any
 * table (the audit trail included), while a case on legal hold keeps its own.
 */
const LOADED = '2019-06-01T09:00:00Z';
const LATER = '2026-06-01T09:00:00Z';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let handle: DatabaseHandle;
let early: Services;
let late: Services;
let admin: Actor;
const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await handle.db.execute(query));

before(async () => {
  handle = await testDatabase();
  early = await testServices(handle, fixedClock(LOADED));
  await loadDemoData(handle.db, fixedClock(LOADED), { referencePrefix: 'CS', years: 3, casesPerYear: 80, seed: 11 });
  admin = (await makeUser(early, 'administrator')).actor;
  late = await testServices(handle, fixedClock(LATER));
});
after(() => handle.close());

/** Every text, character and JSON column of every table. */
async function textColumns(): Promise<{ table: string; column: string }[]> {
  return q(sql`select table_name as "table", column_name as "column" from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
      and table_name in (select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE')`);
}

/**
 * Where any of the values is found, as "table.column: value": each column read once and searched here
 * (a query per column and value made the PostgreSQL server compare every value with every row: 12 s).
 */
async function findValues(values: string[]): Promise<string[]> {
  const found: string[] = [];
  const wanted = values.map((v) => v.toLowerCase());
  for (const { table, column } of await textColumns()) {
    const cells = await q<{ t: string }>(
      sql`select lower(${sql.identifier(column)}::text) t from ${sql.identifier(table)} where ${sql.identifier(column)} is not null`,
    );
    const text = cells.map((c) => c.t).join('\n');
    wanted.forEach((v, i) => {
      if (text.includes(v)) found.push(`${table}.${column}: ${values[i]}`);
    });
  }
  return found;
}

describe('disposal under the retention schedule', () => {
  let heldCase: { id: string; reference: string };
  let disposed: string[];
  let personal: string[];
  let heldValues: string[];

  it('previews the closed cases due, with a case on legal hold listed as held', async () => {
    const closed = await q<{ id: string; reference: string }>(
      sql`select f.id, f.reference from feedback_cases f where f.status = 'closed' and f.closed_on < '2019-01-01'
          and exists (select 1 from case_parties p join people pe on pe.id = p.person_id where p.case_id = f.id and pe.email is not null)
          order by f.reference limit 4`,
    );
    assert.equal(closed.length, 4, 'the demo data has old closed cases');
    // Letters, an attachment, a quote and a newly added person (with audit entries naming them) on three of them.
    const [template] = await q<{ key: string }>(sql`select key from letter_templates order by key limit 1`);
    for (const [i, c] of closed.slice(0, 3).entries()) {
      await early.casework.addPerson(admin, c.id, 'advocate', {
        givenName: `Ottoline${i}`,
        familyName: `Quarrender${i}`,
        email: `ottoline${i}@advocates.example.org`,
        phone: `07700 90012${i}`,
      });
      await early.letters.issue(admin, c.id, {
        templateKey: template!.key,
        subject: `Your complaint, Ottoline${i}`,
        body: `Dear Ottoline${i} Quarrender${i}, we have looked into what happened to your son.`,
        delivery: 'email',
        to: `ottoline${i}@advocates.example.org`,
      });
      await early.attachments.add(
        admin,
        c.id,
        (async function* () {
          yield { fileName: `Quarrender${i} school report.png`, stream: Readable.from([PNG]) };
        })(),
      );
      await early.examples.save(admin, c.id, `Ottoline${i} told us the social worker never called back.`);
    }
    heldCase = closed[3]!;
    await late.retention.setHold(
      admin,
      { caseId: heldCase.id },
      { reason: 'Ombudsman may reopen: keep until told otherwise' },
    );

    const preview = await late.retention.preview();
    const due = preview.filter((r) => r.due);
    assert.ok(due.length > 50, `many cases are due (${due.length})`);
    assert.ok(due.every((r) => r.disposeOn <= '2026-06-01' && r.years === 6));
    const held = preview.find((r) => r.caseId === heldCase.id);
    assert.ok(held && !held.due, 'the held case is listed, not due');
    assert.deepEqual(held.heldBy, ['Ombudsman may reopen: keep until told otherwise']);
    disposed = due.map((r) => r.caseId);
    for (const c of closed.slice(0, 3)) assert.ok(disposed.includes(c.id));
  });

  it('leaves the annual report for a past year exactly as it was', async () => {
    const ids = `{${disposed.join(',')}}`;
    // The personal values of the disposed cases and of the people only on them (not those also on a kept case).
    const values = await q<{ v: string }>(sql`
      with gone as (select unnest(${ids}::uuid[]) id),
      only_gone as (select pe.* from people pe where exists (select 1 from case_parties p where p.person_id = pe.id and p.case_id in (select id from gone))
          and not exists (select 1 from case_parties p where p.person_id = pe.id and p.case_id not in (select id from gone)))
      select distinct v from (
        select trim(given_name || ' ' || family_name) v from only_gone
        union select email from only_gone union select phone from only_gone union select address_line1 from only_gone
        union select description from feedback_cases where id in (select id from gone) and length(description) >= 20
      ) x where v is not null and length(v) >= 6`);
    const kept = await q<{ v: string }>(sql`
      select trim(given_name || ' ' || family_name) v from people where id in (select person_id from case_parties where not (case_id = any(${ids}::uuid[])))
      union select email from people where id in (select person_id from case_parties where not (case_id = any(${ids}::uuid[])))
      union select description from feedback_cases where not (id = any(${ids}::uuid[]))
      -- Staff are named as staff, not as the people a case is about: a complainant may share a name with one.
      union select display_name from users union select staff_name from compliments
      union select investigator_name from investigations union select owner_name from actions`);
    const keptSet = new Set(kept.map((k) => k.v));
    personal = values.map((r) => r.v).filter((v) => !keptSet.has(v));
    assert.ok(personal.length > 50, `personal values to look for (${personal.length})`);
    assert.ok(personal.includes('Ottoline0 Quarrender0') && personal.includes('ottoline1@advocates.example.org'));
    heldValues = (
      await q<{ v: string }>(
        sql`select pe.email v from people pe join case_parties p on p.person_id = pe.id where p.case_id = ${heldCase.id} and pe.email is not null`,
      )
    ).map((r) => r.v);
    assert.ok((await findValues(personal)).length > 0, 'the search finds them before disposal');

    const year = ['2017-04-01', '2018-03-31'] as const;
    const beforeModel = await late.reports.model(...year);
    const keysBefore = await q<{ storage_key: string }>(sql`select storage_key from attachments`);
    const result = await late.retention.dispose(admin);
    assert.equal(result.cases.length, disposed.length);
    assert.equal(result.filesNotDeleted, 0);
    // A fresh set of services: nothing cached from before.
    const fresh = await testServices(handle, fixedClock(LATER));
    const afterModel = await fresh.reports.model(...year);
    assert.deepEqual(afterModel, beforeModel);
    assert.ok(beforeModel.periods.at(-1)!.complaints > 0, 'the year had complaints');
    // The attachments' bytes went from the file store.
    for (const k of keysBefore) await assert.rejects(late.files.get(k.storage_key));
  });

  it('leaves none of their personal values in any text or JSON column of any table', async () => {
    assert.deepEqual(await findValues(personal), []);
    const [marked] = await q<{ n: number }>(
      sql`select count(*)::int n from audit_events where case_id = any(${`{${disposed.join(',')}}`}::uuid[]) and (before::text like ${'%' + REMOVED_MARKER + '%'} or after::text like ${'%' + REMOVED_MARKER + '%'})`,
    );
    assert.ok(marked!.n > 0, 'earlier audit entries carry the marker');
    // Emails still waiting to go are never sent to the marker.
    const waiting = await q<{ status: string }>(
      sql`select status from notifications where case_id = any(${`{${disposed.join(',')}}`}::uuid[])`,
    );
    assert.ok(waiting.length >= 3, 'the letters’ emails are there');
    assert.ok(waiting.every((n) => n.status !== 'pending'));
    const [run] = await q<{ n: number }>(
      sql`select count(*)::int n from audit_events where action = 'retention.disposal_run'`,
    );
    assert.equal(run!.n, 1);
  });

  it('keeps the case on legal hold as it was', async () => {
    assert.ok(heldValues.length > 0);
    assert.equal((await findValues(heldValues)).length > 0, true);
    const [c] = await q<{ anonymised_at: Date | null }>(
      sql`select anonymised_at from feedback_cases where id = ${heldCase.id}`,
    );
    assert.equal(c!.anonymised_at, null);
  });

  it('refuses erasure while a hold stands, and erases once it is lifted', async () => {
    const [p] = await q<{ person_id: string }>(
      sql`select person_id from case_parties where case_id = ${heldCase.id} and role = 'complainant'`,
    );
    await assert.rejects(late.retention.erasePerson(admin, p!.person_id), { code: 'RETENTION.HELD' });
    const refused = await late.retention.recordRightsRequest(admin, p!.person_id, {
      kind: 'erasure',
      receivedOn: '2026-05-20',
      request: 'Asked by letter to delete everything held',
      action: 'Erase',
    });
    assert.equal(refused.outcome, 'refused');
    assert.match(refused.message, /on legal hold/);
    const rectified = await late.retention.recordRightsRequest(admin, p!.person_id, {
      kind: 'rectification',
      receivedOn: '2026-05-21',
      request: 'Phone number was wrong',
      action: 'Corrected on the case',
    });
    assert.equal(rectified.outcome, 'done');
    const recorded = await q<{ kind: string; outcome: string; action: string }>(
      sql`select kind, outcome, action from data_rights_requests where person_id = ${p!.person_id} order by received_on`,
    );
    assert.deepEqual(
      recorded.map((r) => [r.kind, r.outcome]),
      [
        ['erasure', 'refused'],
        ['rectification', 'done'],
      ],
    );
    assert.equal(
      await q(sql`select 1 from audit_events where action in ('rights.erasure', 'rights.rectification')`).then(
        (r) => r.length,
      ),
      2,
    );
    const [hold] = await late.retention.holdsFor({ caseId: heldCase.id });
    await late.retention.liftHold(admin, hold!.id, { reason: 'Ombudsman closed the matter' });
    const erased = await late.retention.erasePerson(admin, p!.person_id);
    assert.ok(erased.cases.includes(heldCase.id));
    const [person] = await q<{ email: string | null; anonymised_at: Date | null }>(
      sql`select email, anonymised_at from people where id = ${p!.person_id}`,
    );
    assert.equal(person!.email, null);
    assert.ok(person!.anonymised_at);
  });
});
