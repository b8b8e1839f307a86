import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../../db/database.ts';
import { feedbackCases } from '../../../db/schema/index.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

/**
 * A reference imported before references were checked can hold any characters (the import now refuses
 * them; this one is put straight into the database, as an older Heard could have): the report pages show it as text.
 */
let handle: DatabaseHandle;
let svc: Services;
let app: FastifyInstance;
const HOSTILE = '<i>CU1</i>"x';
before(async () => {
  handle = await testDatabase();
  svc = await testServices(handle);
  app = await testApp(svc);
  const { actor } = await makeUser(svc, 'administrator', { email: 'admin@example.gov.uk' });
  const csv = `legacy_reference,type,received_on\nCU1,complaint,2024-03-01\n`;
  const report = await svc.legacyImport.run(actor, {
    fileName: 'cases.csv',
    content: Buffer.from(csv),
    legacySystem: 'Old CRM',
    dryRun: false,
  });
  assert.equal(report.imported, 1, JSON.stringify(report.problems));
  await handle.db.update(feedbackCases).set({ reference: HOSTILE }).where(eq(feedbackCases.reference, 'CU1'));
});
after(async () => {
  await app.close();
  await handle.close();
});

it('the dashboard’s overdue list and the cases behind a figure escape a case reference', async () => {
  const b = new Browser(app);
  await b.signIn('admin@example.gov.uk', TEST_PASSWORD);
  const escaped = '&lt;i&gt;CU1&lt;/i&gt;&quot;x';
  const href = `/cases/${encodeURIComponent(HOSTILE)}`;
  const dashboard = await b.get('/dashboard');
  assert.match(dashboard.body, /data-testid="overdue"/, 'the imported case is open and overdue');
  assert.ok(!dashboard.body.includes('<i>CU1'), 'no markup from the reference');
  assert.ok(dashboard.body.includes(`href="${href}">${escaped}</a>`), 'linked by its encoded reference, shown as text');
  const behind = await b.get('/reports/annual/cases?table=by-type&row=0&from=2023-04-01');
  assert.equal(behind.statusCode, 200);
  assert.ok(!behind.body.includes('<i>CU1'), 'no markup from the reference');
  assert.ok(behind.body.includes(`href="${href}">${escaped}</a>`));
});
