import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../domain/clock.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { rowsOf } from '../../db/schema-version.ts';
import type { Services } from '../../services/index.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { makeCase, makeUser, TEST_PASSWORD, testServices } from '../../../test/support/factories.ts';
import { answerUpToEvidence, Browser, multipartForm, testApp } from '../../../test/support/web.ts';

describe('file uploads carry their CSRF token as the first form field', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let staff: Browser;
  let reference: string;
  const count = async (table: string) => rowsOf<{ n: number }>(await handle.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-03-27T10:00:00Z'));
    app = await testApp(svc);
    const { actor } = await makeUser(svc, 'administrator', { email: 'admin@example.gov.uk' });
    reference = (await makeCase(svc, actor, { receivedOn: '2024-03-20' })).reference;
    staff = new Browser(app);
    await staff.signIn('admin@example.gov.uk', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  async function publicAtEvidence(): Promise<Browser> {
    const pub = new Browser(app);
    await answerUpToEvidence(pub);
    return pub;
  }

  it('every upload form puts the token first, before the file, and never in its address', async () => {
    const pub = await publicAtEvidence();
    const pages = [[staff, '/admin/import'], [staff, '/admin/calendar'], [staff, `/cases/${reference}`], [pub, '/feedback/adult/evidence']] as const;
    for (const [browser, url] of pages) {
      const body = (await browser.get(url)).body;
      const forms = [...body.matchAll(/<form([^>]*enctype="multipart\/form-data"[^>]*)>\s*(<[^>]+>)/g)];
      assert.equal(forms.length, 1, `${url} has one upload form`);
      const [, attributes, firstElement] = forms[0]!;
      assert.doesNotMatch(attributes!, /_csrf/, `${url}: no token in the form's address`);
      assert.match(firstElement!, /^<input type="hidden" name="_csrf" value="[^"]+">$/, `${url}: the token is the first field`);
    }
  });

  it('a token in the address is refused and nothing is stored', async () => {
    await staff.get(`/cases/${reference}`);
    const file = [{ field: 'file', fileName: 'note.txt', content: 'A note', contentType: 'text/plain' }];
    const res = await staff.upload(`/cases/${reference}/attachments?_csrf=${encodeURIComponent(staff.csrf())}`, multipartForm({}, file));
    assert.equal(res.statusCode, 403);
    const pub = await publicAtEvidence();
    const publicRes = await pub.upload(`/feedback/adult/evidence?_csrf=${encodeURIComponent(pub.csrf())}`, multipartForm({}, file));
    assert.equal(publicRes.statusCode, 403);
    assert.equal(await count('attachments'), 0);
    assert.equal(await count('pending_uploads'), 0);
  });

  it('a file sent before the token is refused before it is read', async () => {
    await staff.get(`/cases/${reference}`);
    const boundary = 'fileFirst';
    const payload = [`--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="note.txt"', 'Content-Type: text/plain', '', 'A note', `--${boundary}`, 'Content-Disposition: form-data; name="_csrf"', '', staff.csrf(), `--${boundary}--`, ''].join('\r\n');
    const res = await staff.upload(`/cases/${reference}/attachments`, { payload, contentType: `multipart/form-data; boundary=${boundary}` });
    assert.equal(res.statusCode, 403);
    assert.equal(await count('attachments'), 0);
  });

  it('the token as the first field is accepted', async () => {
    await staff.get(`/cases/${reference}`);
    const res = await staff.postMultipart(`/cases/${reference}/attachments`, {}, [{ field: 'file', fileName: 'note.txt', content: 'A note', contentType: 'text/plain' }]);
    assert.equal(res.statusCode, 302);
    assert.equal(await count('attachments'), 1);
  });
});
