import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../../db/database.ts';
import { rowsOf } from '../../../db/rows.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { testServices } from '../../../../test/support/factories.ts';
import { storedFiles, testFileStore } from '../../../../test/support/files.ts';
import { answerUpToEvidence, Browser, testApp } from '../../../../test/support/web.ts';

const note = (bytes: number, name = 'note.txt') => [
  { field: 'file', fileName: name, content: Buffer.alloc(bytes, 'a'), contentType: 'text/plain' },
];

describe('files on the public form', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  const store = testFileStore();
  let at = new Date('2024-03-27T10:00:00Z').getTime();
  const clock = { now: () => new Date(at) };
  const staged = async () =>
    rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from pending_uploads`))[0]!.n;

  before(async () => {
    handle = await testDatabase();
    // Room for two 10 KB files from one address, and six from everyone.
    svc = await testServices(handle, clock, {
      files: store,
      stagedUploadQuota: { perAddressBytes: 22_000, totalBytes: 66_000 },
    });
    app = await testApp(svc);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('takes no file until the questions before it are answered', async () => {
    const b = new Browser(app, { remoteAddress: '192.0.2.10' });
    await b.get('/feedback/adult/start');
    // A form not yet begun (no answer sent, so nothing saved) is sent to its start, which goes to the first question.
    assert.equal((await b.get('/feedback/adult/evidence')).headers.location, '/feedback/adult/start');
    await b.get('/feedback/adult/type');
    const res = await b.postMultipart('/feedback/adult/evidence', {}, note(10_000));
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/feedback/adult/start');
    // Half way through: back to the first question not answered.
    await b.get('/feedback/adult/type');
    await b.post('/feedback/adult/type', { type: 'complaint' });
    await b.get('/feedback/adult/relationship');
    assert.equal(
      (await b.postMultipart('/feedback/adult/evidence', {}, note(10_000))).headers.location,
      '/feedback/adult/relationship',
    );
    assert.equal(await staged(), 0);
    assert.deepEqual(storedFiles(store), []);
  });

  it('streams a file into the file store, outside the database', async () => {
    const b = new Browser(app, { remoteAddress: '192.0.2.11' });
    await answerUpToEvidence(b);
    const res = await b.postMultipart('/feedback/adult/evidence', {}, [
      { field: 'file', fileName: 'call log.txt', content: 'Called 1, 8 and 15 March.', contentType: 'text/plain' },
    ]);
    assert.equal(res.statusCode, 302);
    assert.match((await b.get('/feedback/adult/evidence')).body, /call log\.txt/);
    const files = storedFiles(store);
    assert.equal(files.length, 1);
    assert.equal(
      readFileSync(path.join(store.dir, files[0]!.slice(0, 2), files[0]!), 'utf8'),
      'Called 1, 8 and 15 March.',
    );
    assert.deepEqual(
      rowsOf(
        await handle.db.execute(
          sql`select content is null as outside, size_bytes, client_address from pending_uploads`,
        ),
      ),
      [{ outside: true, size_bytes: 25, client_address: '192.0.2.11' }],
    );
  });

  it('an address that has used its room is told so on the page, with a way on; another address is not', async () => {
    const b = new Browser(app, { remoteAddress: '192.0.2.12' });
    await answerUpToEvidence(b);
    for (let i = 0; i < 2; i++) {
      assert.equal((await b.postMultipart('/feedback/adult/evidence', {}, note(10_000))).statusCode, 302);
      await b.get('/feedback/adult/evidence');
    }
    // Starting the form again brings no new room.
    await answerUpToEvidence(b);
    const refused = await b.postMultipart('/feedback/adult/evidence', {}, note(10_000));
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /govuk-error-summary/);
    assert.match(refused.body, /href="#file">We cannot take more files from you for now/);
    assert.match(refused.body, /data-testid="continue"/, 'the person can carry on without the file');
    const other = new Browser(app, { remoteAddress: '198.51.100.7' });
    await answerUpToEvidence(other);
    assert.equal((await other.postMultipart('/feedback/adult/evidence', {}, note(10_000))).statusCode, 302);
  });

  it('files deleted after an hour are named on the check page and at sending, never dropped without a word', async () => {
    const b = new Browser(app, { remoteAddress: '203.0.113.20' });
    await answerUpToEvidence(b);
    await b.postMultipart('/feedback/adult/evidence', {}, note(100, 'photo notes.txt'));
    for (const [step, form] of [
      ['evidence', {}],
      ['your-name', { givenName: 'Ann', familyName: 'Lee' }],
      ['contact-by', { contactBy: 'post' }],
      ['contact-details', { addressLine1: '1 High Street', postcode: 'SY2 6ND' }],
    ] as const) {
      await b.get(`/feedback/adult/${step}`);
      assert.equal((await b.post(`/feedback/adult/${step}`, form)).statusCode, 302, step);
    }
    at += 61 * 60_000;
    await svc.intake.purgeStaleUploads();
    const check = await b.get('/feedback/adult/check');
    assert.match(check.body, /data-testid="lost-files"[\s\S]*We no longer have photo notes\.txt/);
    const send = await b.post('/feedback/adult/check', {});
    assert.equal(send.statusCode, 400);
    assert.match(send.body, /href="#files">We no longer have photo notes\.txt: files are kept for one hour/);
    assert.match(send.body, /id="files"/);
    const again = await b.post('/feedback/adult/check', {});
    assert.equal(again.headers.location, '/feedback/confirmation', 'sending again sends without it');
  });
});
