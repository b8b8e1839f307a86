import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { fixedClock } from '../domain/clock.ts';
import { REDACTED } from '../domain/retention/redact.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { loadDemoData } from '../cli/demo/load.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeUser, testServices } from '../../test/support/factories.ts';
import type { Actor } from './actor.ts';
import type { Services } from './index.ts';

/**
 * A subject access export of a demo complainant: every case, letter,
 * attachment, message and audit entry about them, listed in the index; the
 * third parties on their cases redacted when the officer chooses; nobody
 * else's name anywhere.
 */
const NOW = '2024-06-01T09:00:00Z';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
let handle: DatabaseHandle;
let svc: Services;
let officer: Actor;
const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await handle.db.execute(query));

before(async () => {
  handle = await testDatabase();
  svc = await testServices(handle, fixedClock(NOW));
  await loadDemoData(handle.db, fixedClock(NOW), { referencePrefix: 'CS', years: 1, casesPerYear: 80, seed: 5 });
  officer = (await makeUser(svc, 'complaints_officer')).actor;
});
after(() => handle.close());

describe('subject access export', () => {
  it('holds every item about the person, redacts the chosen third parties, and names no one else', async () => {
    // A complainant with an email, on a case with a named child.
    const [subject] = await q<{ person_id: string; case_id: string; child_id: string; child: string }>(sql`
      select c.person_id, c.case_id, k.person_id as child_id, trim(ch.given_name || ' ' || ch.family_name) as child
      from case_parties c join people pe on pe.id = c.person_id
      join case_parties k on k.case_id = c.case_id and k.role = 'child' join people ch on ch.id = k.person_id
      where c.role = 'complainant' and pe.email is not null and length(ch.given_name) >= 3
      order by c.case_id limit 1`);
    assert.ok(subject, 'the demo data has a complainant with a child on their case');
    const [template] = await q<{ key: string }>(sql`select key from letter_templates order by key limit 1`);
    await svc.letters.issue(officer, subject.case_id, {
      templateKey: template!.key,
      subject: 'About your complaint',
      body: `We spoke to ${subject.child} about what happened.`,
      delivery: 'word',
    });
    await svc.attachments.add(
      officer,
      subject.case_id,
      (async function* () {
        yield { fileName: 'evidence.png', stream: Readable.from([PNG]) };
      })(),
    );
    const cases = await q<{ reference: string }>(sql`select distinct f.reference from case_parties p
      join feedback_cases f on f.id = p.case_id where p.person_id = ${subject.person_id}`);
    const third = await svc.subjectAccess.thirdParties([subject.person_id]);
    assert.ok(third.some((t) => t.personId === subject.child_id && t.name === subject.child));

    const read = (zip: Buffer) => {
      const files = unzipSync(new Uint8Array(zip));
      const texts = Object.entries(files)
        .filter(([name]) => !name.includes('/attachments/'))
        .map(([name, bytes]) => [name, strFromU8(bytes)] as const);
      return { files, texts, all: texts.map(([n, t]) => `${n}\n${t}`).join('\n') };
    };

    const plain = read((await svc.subjectAccess.export(officer, [subject.person_id], [])).content);
    assert.ok(plain.all.includes(subject.child), 'without redaction the child is named');

    const exported = await svc.subjectAccess.export(officer, [subject.person_id], [subject.child_id]);
    const { files, all } = read(exported.content);
    // Every case, with its record and audit trail; the letter; the attachment's bytes as stored; the index lists each file.
    for (const c of cases) {
      assert.ok(files[`${c.reference}/case.txt`], `case ${c.reference}`);
      assert.ok(files[`${c.reference}/audit-trail.csv`]);
    }
    const caseRef = (
      await q<{ reference: string }>(sql`select reference from feedback_cases where id = ${subject.case_id}`)
    )[0]!.reference;
    assert.match(strFromU8(files[`${caseRef}/letters/01.txt`]!), /We spoke to \[redacted\] about what happened/);
    assert.deepEqual(Buffer.from(files[`${caseRef}/attachments/01 evidence.png`]!), PNG);
    const index = strFromU8(files['index.csv']!);
    for (const name of Object.keys(files).filter((n) => n !== 'index.csv'))
      assert.ok(index.includes(name), `index lists ${name}`);
    assert.equal(exported.items, Object.keys(files).length - 1);
    // The subject's own details are there; the chosen third party is not.
    const [me] = await q<{ email: string; family_name: string }>(
      sql`select email, family_name from people where id = ${subject.person_id}`,
    );
    assert.ok(all.includes(me!.email));
    assert.ok(all.includes(REDACTED));
    assert.ok(!all.includes(subject.child), 'the redacted child is not named');
    // Nobody who is on none of these cases is named (staff act for the council and are kept).
    const others = await q<{ name: string }>(sql`
      select distinct trim(pe.given_name || ' ' || pe.family_name) as name from people pe
      where not exists (select 1 from case_parties p where p.person_id = pe.id and p.case_id in
          (select case_id from case_parties where person_id = ${subject.person_id}))
        and trim(pe.given_name || ' ' || pe.family_name) not in (select display_name from users)
        and trim(pe.given_name || ' ' || pe.family_name) not in (select trim(x.given_name || ' ' || x.family_name) from people x
          join case_parties p on p.person_id = x.id where p.case_id in (select case_id from case_parties where person_id = ${subject.person_id}))`);
    assert.ok(others.length > 20);
    const named = others.filter((o) => all.includes(o.name));
    assert.deepEqual(named, []);
    const [audited] = await q<{ n: number }>(
      sql`select count(*)::int n from audit_events where action = 'subject_access.export'`,
    );
    assert.equal(audited!.n, 2);
  });
});
