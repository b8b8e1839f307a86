import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { unzipSync, strFromU8 } from 'fflate';
import { fixedClock } from '../../../domain/clock.ts';
import type { DatabaseHandle } from '../../../db/database.ts';
import { rowsOf } from '../../../db/rows.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeCase, makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/** The subject access pages: find, choose the records, choose whom to redact, download the zip. */
describe('subject access pages', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let officer: Browser;
  let manager: Browser;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-06-03T10:00:00Z'));
    app = await testApp(svc);
    const { actor } = await makeUser(svc, 'complaints_officer', { email: 'officer@sar.gov.uk' });
    await makeUser(svc, 'investigating_manager', { email: 'manager@sar.gov.uk' });
    await makeCase(svc, actor, {
      subject: 'Contact arrangements',
      description: 'Mum says Kit Marlowe missed the visit.',
      complainant: { givenName: 'Wilhelmina', familyName: 'Thistlewood', email: 'wil@example.com' },
      child: { givenName: 'Kit', familyName: 'Marlowe' },
    });
    await makeCase(svc, actor, {
      subject: 'Another family',
      complainant: { givenName: 'Obadiah', familyName: 'Pennyfeather', email: 'obi@example.com' },
    });
    officer = new Browser(app);
    manager = new Browser(app);
    await officer.signIn('officer@sar.gov.uk', TEST_PASSWORD);
    await manager.signIn('manager@sar.gov.uk', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('finds the person, offers the third party for redaction, and exports a zip without them', async () => {
    const found = await officer.get('/people/subject-access?q=thistlewood');
    assert.equal(found.statusCode, 200);
    assert.match(found.body, /Wilhelmina Thistlewood · wil@example\.com/);
    assert.doesNotMatch(found.body, /Pennyfeather/);
    const personId = /name="personIds" type="checkbox" value="([^"]+)"/.exec(found.body)?.[1];
    assert.ok(personId);
    const review = await officer.post('/people/subject-access/review', { personIds: personId });
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /data-testid="sar-third-parties"[\s\S]*Kit Marlowe/);
    const childId = /name="redact" type="checkbox" value="([^"]+)"/.exec(review.body)?.[1];
    const res = await officer.post('/people/subject-access/export', { personIds: personId, redact: childId! });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/zip');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const all = Object.entries(files)
      .map(([n, b]) => `${n}\n${strFromU8(b)}`)
      .join('\n');
    assert.match(all, /Mum says \[redacted\] missed the visit/);
    assert.doesNotMatch(all, /Marlowe|Pennyfeather/);
    assert.match(all, /wil@example\.com/);
    const [n] = rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int n from audit_events where action = 'subject_access.export'`),
    );
    assert.equal(n!.n, 1);
  });

  it('asks for a person when none is chosen, and refuses an investigating manager', async () => {
    await officer.get('/people/subject-access');
    const none = await officer.post('/people/subject-access/review', {});
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Choose at least one person/);
    assert.equal((await manager.get('/people/subject-access')).statusCode, 403);
  });
});
