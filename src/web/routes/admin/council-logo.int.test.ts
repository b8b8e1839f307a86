import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { Resvg } from '@resvg/resvg-js';
import type { DatabaseHandle } from '../../../db/database.ts';
import { auditEvents } from '../../../db/schema/index.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/** A real PNG, 400 by 100 pixels: a wide logo, as councils' are. */
const LOGO = Buffer.from(
  new Resvg(
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100"><rect width="400" height="100" fill="#1d70b8"/></svg>',
  )
    .render()
    .asPng(),
);

/**
 * The council's logo for the report's cover: uploaded by an administrator
 * (a PNG only, at most 500 KB), audited without its bytes, drawn on the
 * Word document's cover, and removable.
 */
describe('the council’s logo', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let admin: Browser;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    await makeUser(svc, 'administrator', { email: 'logo.admin@example.gov.uk' });
    admin = new Browser(app);
    await admin.signIn('logo.admin@example.gov.uk', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('refuses a file that is not a PNG, and an upload with no file, saying why', async () => {
    await admin.get('/admin/council');
    const text = await admin.postMultipart('/admin/council/logo', {}, [
      { field: 'logo', fileName: 'logo.png', content: 'not an image at all', contentType: 'image/png' },
    ]);
    assert.equal(text.statusCode, 400);
    assert.match(text.body, /href="#logo"[^>]*>\s*The logo must be a PNG image/);
    await admin.get('/admin/council');
    const none = await admin.postMultipart('/admin/council/logo', {}, [
      { field: 'logo', fileName: '', content: '', contentType: 'application/octet-stream' },
    ]);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Choose a PNG file to upload/);
    assert.equal(await svc.councilSettings.logo(), null);
  });

  it('keeps an uploaded logo, shows it, audits it without its bytes, and puts it on the Word cover', async () => {
    await admin.get('/admin/council');
    const res = await admin.postMultipart('/admin/council/logo', {}, [
      { field: 'logo', fileName: 'council.png', content: LOGO, contentType: 'image/png' },
    ]);
    assert.equal(res.statusCode, 303);
    const page = await admin.get('/admin/council?done=logo');
    assert.match(page.body, /data-testid="logo-now"/);
    assert.match(page.body, /width="230" height="5[78]"/, 'drawn at most 230 pixels wide, keeping its shape');
    const served = await admin.get((/src="(\/admin\/council\/logo\.png\?v=[0-9a-f]+)"/.exec(page.body) ?? [])[1]!);
    assert.equal(served.headers['content-type'], 'image/png');
    assert.ok(served.rawPayload.equals(LOGO), 'the same bytes come back');
    const [audit] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'settings.logo'));
    assert.equal((audit!.after as { logo: string }).logo, '400 × 100 pixels');
    assert.ok(
      !JSON.stringify(audit).includes(LOGO.toString('base64').slice(0, 40)),
      'no image bytes in the audit trail',
    );
    const docx = await admin.get('/reports/annual.docx?from=2023-04-01&to=2024-03-31');
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    assert.match(xml, /name="logo" descr="[^"]+ logo"/);
    const media = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => f.startsWith('word/media/'))
        .map((f) => zip.file(f)!.async('nodebuffer')),
    );
    assert.ok(
      media.some((m) => m.equals(LOGO)),
      'the logo itself is in the document',
    );
  });

  it('removes the logo', async () => {
    await admin.get('/admin/council');
    const res = await admin.post('/admin/council/logo/remove', {});
    assert.equal(res.statusCode, 303);
    assert.equal(await svc.councilSettings.logo(), null);
    assert.equal((await admin.get('/admin/council/logo.png')).statusCode, 404);
  });
});
