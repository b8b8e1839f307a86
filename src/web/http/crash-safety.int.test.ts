import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../db/database.ts';
import { letters } from '../../db/schema/index.ts';
import type { Services } from '../../services/index.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { makeCase, makeUser, TEST_PASSWORD, testServices } from '../../../test/support/factories.ts';
import { HttpClient } from '../../../test/support/http-client.ts';
import { Browser, testConfig } from '../../../test/support/web.ts';
import { createApp } from '../app.ts';

/**
 * Inputs that used to stop the whole server, tried on a real socket (Node only
 * refuses a bad header when it really writes one). Each test then checks the
 * server still answers.
 */
describe('no request can stop the server', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let base: string;
  let caseId: string;
  let reference: string;
  const email = 'officer.crash@example.gov.uk';

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await createApp(svc, testConfig());
    // A public route that goes wrong the way a careless one could: a header built from data, sent while the session is saved.
    app.get('/health/test-bad-header', async (request, reply) => {
      request.session.userId = '00000000-0000-4000-8000-000000000000';
      return reply.redirect('/\r\nSet-Cookie: x=1');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const { actor } = await makeUser(svc, 'complaints_officer', { email });
    const made = await makeCase(svc, actor, { subject: 'A complaint' });
    caseId = made.id;
    reference = made.reference;
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  async function stillAnswers() {
    const res = await fetch(`${base}/health`);
    assert.equal(res.status, 200);
  }

  for (const next of ['/\r\n/', '/%0D%0A/', '/\u2028', '/\t/evil.example', '//evil.example', '/\\evil.example']) {
    it(`signing in with next=${JSON.stringify(next)} goes home, and the server keeps going`, async () => {
      const client = new HttpClient(base);
      await client.get(`/sign-in?next=${encodeURIComponent(next)}`);
      const res = await client.post('/sign-in', { email, password: TEST_PASSWORD, next });
      assert.equal(res.status, 302);
      // '/%0D%0A/' is an encoded path on this site and harmless in a header; every other one is refused.
      assert.equal(res.headers.get('location'), next === '/%0D%0A/' ? next : '/');
      await stillAnswers();
    });
  }

  it('a header Node cannot send costs that request an error page, not the process', async () => {
    const res = await fetch(`${base}/health/test-bad-header`, { redirect: 'manual' });
    assert.equal(res.status, 500);
    assert.equal(res.headers.get('location'), null);
    assert.match(await res.text(), /Sorry, there is a problem with the service/);
    await stillAnswers();
  });

  it('refuses a letter whose template key is not a template, and saves nothing', async () => {
    const b = new Browser(app);
    await b.signIn(email, TEST_PASSWORD);
    await b.get(`/cases/${reference}/letters/new?template=acknowledgement`);
    const res = await b.post(`/cases/${reference}/letters`, {
      templateKey: 'acknowledgement\r\nX-Evil: 1',
      subject: 'Hello',
      body: 'Text',
      delivery: 'word',
    });
    assert.equal(res.statusCode, 404);
    assert.equal((await handle.db.select().from(letters).where(eq(letters.caseId, caseId))).length, 0);
  });

  it('downloads a letter kept with an unsafe key under a safe file name', async () => {
    const [row] = await handle.db
      .insert(letters)
      .values({ caseId, templateKey: 'old\r\nkey\u2028é', subject: 'Old letter', body: 'Body', delivery: 'word' })
      .returning({ id: letters.id });
    const client = new HttpClient(base);
    await client.get('/sign-in');
    await client.post('/sign-in', { email, password: TEST_PASSWORD, next: '/' });
    const res = await client.get(`/cases/${reference}/letters/${row!.id}/word`);
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get('content-disposition'),
      `attachment; filename="${reference}-old__key_?.docx"; filename*=UTF-8''${reference}-old__key_%C3%A9.docx`,
    );
    await stillAnswers();
  });
});
