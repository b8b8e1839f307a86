import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../domain/clock.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
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
  const count = async (table: string) =>
    rowsOf<{ n: number }>(await handle.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

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
    const pages = [
      [staff, '/admin/import'],
      [staff, '/admin/calendar'],
      [staff, `/cases/${reference}`],
      [pub, '/feedback/adult/evidence'],
    ] as const;
    for (const [browser, url] of pages) {
      const body = (await browser.get(url)).body;
      const forms = [...body.matchAll(/<form([^>]*enctype="multipart\/form-data"[^>]*)>\s*(<[^>]+>)/g)];
      assert.equal(forms.length, 1, `${url} has one upload form`);
      const [, attributes, firstElement] = forms[0]!;
      assert.doesNotMatch(attributes!, /_csrf/, `${url}: no token in the form's address`);
      assert.match(
        firstElement!,
        /^<input type="hidden" name="_csrf" value="[^"]+">$/,
        `${url}: the token is the first field`,
      );
    }
  });

  it('an upload with no boundary is a bad request, not a server error', async () => {
    for (const url of ['/feedback/adult/evidence', '/feedback/young-person/evidence']) {
      const res = await app.inject({
        method: 'POST',
        url,
        payload: 'x',
        headers: { 'content-type': 'multipart/form-data' },
      });
      assert.equal(res.statusCode, 400, url);
      assert.match(res.body, /could not read that request/);
    }
  });

  it('a token in the address is refused and nothing is stored', async () => {
    await staff.get(`/cases/${reference}`);
    const file = [{ field: 'file', fileName: 'note.txt', content: 'A note', contentType: 'text/plain' }];
    const res = await staff.upload(
      `/cases/${reference}/attachments?_csrf=${encodeURIComponent(staff.csrf())}`,
      multipartForm({}, file),
    );
    assert.equal(res.statusCode, 403);
    const pub = await publicAtEvidence();
    const publicRes = await pub.upload(
      `/feedback/adult/evidence?_csrf=${encodeURIComponent(pub.csrf())}`,
      multipartForm({}, file),
    );
    assert.equal(publicRes.statusCode, 403);
    assert.equal(await count('attachments'), 0);
    assert.equal(await count('pending_uploads'), 0);
  });

  it('a file sent before the token is refused before it is read', async () => {
    await staff.get(`/cases/${reference}`);
    const boundary = 'fileFirst';
    const payload = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="note.txt"',
      'Content-Type: text/plain',
      '',
      'A note',
      `--${boundary}`,
      'Content-Disposition: form-data; name="_csrf"',
      '',
      staff.csrf(),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const res = await staff.upload(`/cases/${reference}/attachments`, {
      payload,
      contentType: `multipart/form-data; boundary=${boundary}`,
    });
    assert.equal(res.statusCode, 403);
    assert.equal(await count('attachments'), 0);
  });

  it('the token as the first field is accepted', async () => {
    await staff.get(`/cases/${reference}`);
    const res = await staff.postMultipart(`/cases/${reference}/attachments`, {}, [
      { field: 'file', fileName: 'note.txt', content: 'A note', contentType: 'text/plain' },
    ]);
    assert.equal(res.statusCode, 302);
    assert.equal(await count('attachments'), 1);
  });

  it('a reply before the whole upload is read (a bad token, an unanswered form) leaves the connection ready for the next request', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const pub = new Browser(app);
    await pub.get('/feedback/adult/start');
    await pub.get('/feedback/adult/type');
    const big = [
      { field: 'file', fileName: 'note.txt', content: Buffer.alloc(5_000_000, 'a'), contentType: 'text/plain' },
    ];
    for (const [token, status] of [
      [pub.csrf(), 302],
      ['not the token', 403],
    ] as const) {
      // As a browser on one kept-alive connection: the whole upload, then the next page. The server answers the
      // upload early; unless it reads (and drops) the rest, it never reaches the next request.
      const form = multipartForm({ _csrf: token }, big);
      const upload = Buffer.concat([
        Buffer.from(
          `POST /feedback/adult/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${pub.cookieHeaderForTests()}\r\nContent-Type: ${form.contentType}\r\nContent-Length: ${form.payload.length}\r\n\r\n`,
        ),
        form.payload,
      ]);
      const next = Buffer.from(
        `GET /feedback/adult/type HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${pub.cookieHeaderForTests()}\r\n\r\n`,
      );
      const statuses = await new Promise<string[]>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let seen = '';
        const deadline = setTimeout(() => {
          socket.destroy();
          reject(
            new Error(
              `no answer to the next request in 10 s (answers so far: ${seen.match(/HTTP\/1\.1 \d+/g)?.join(', ') ?? 'none'})`,
            ),
          );
        }, 10_000);
        socket.on('data', (d: Buffer) => {
          seen += d.toString('latin1');
          const answers = seen.match(/HTTP\/1\.1 \d+/g) ?? [];
          if (answers.length === 2) {
            clearTimeout(deadline);
            socket.destroy();
            resolve(answers);
          }
        });
        socket.on('error', reject);
        socket.write(upload);
        socket.write(next);
      });
      assert.deepEqual(statuses, [`HTTP/1.1 ${status}`, 'HTTP/1.1 200']);
    }
  });
});
