import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../../domain/clock.ts';
import type { DatabaseHandle } from '../../../db/database.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { Browser, testApp } from '../../../../test/support/web.ts';

const EXAMPLE = readFileSync('docs/examples/setup.yaml', 'utf8');
const yamlFile = (content: string) => [
  { field: 'file', fileName: 'setup.yaml', content, contentType: 'application/yaml' },
];

describe('Administration > Set up from a file', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let b: Browser;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-06-01T09:00:00Z'));
    app = await testApp(svc);
    await makeUser(svc, 'administrator', { email: 'admin@example.gov.uk' });
    b = new Browser(app);
    await b.signIn('admin@example.gov.uk', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('is linked from Administration, and a file with problems lists each in an error summary and loads nothing', async () => {
    assert.match((await b.get('/admin')).body, /href="\/admin\/setup">Set up from a file/);
    const form = await b.get('/admin/setup');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /href="\/admin\/setup\/export"/);
    const bad =
      "organisation:\n  - directorate: Children's Services\n    opened: 2015-02-30\n    teams: [Lost]\nreferenceData:\n  flavour: [Salty]\n";
    const res = await b.postMultipart('/admin/setup', { mode: 'load' }, yamlFile(bad));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /govuk-error-summary/);
    assert.match(
      res.body,
      /href="#problem-1">Line 3, organisation › Children&#39;s Services › opened: &quot;2015-02-30&quot; is not a real date/,
    );
    assert.match(
      res.body,
      /href="#problem-2">Line 4, organisation › Children&#39;s Services › Lost: A team must sit under a service/,
    );
    assert.match(
      res.body,
      /href="#problem-3">Line 6, referenceData › flavour: &quot;flavour&quot; is not a list Heard has/,
    );
    assert.match(res.body, /id="problem-3"/);
    assert.match(res.body, /Nothing has been loaded/);
    assert.equal((await svc.organisation.all()).length, 0);
  });

  it('a dry run lists what would be added and writes nothing; then loading adds it, and again adds nothing', async () => {
    await b.get('/admin/setup');
    const checked = await b.postMultipart('/admin/setup', { mode: 'check' }, yamlFile(EXAMPLE));
    assert.equal(checked.statusCode, 200);
    assert.match(checked.body, /data-testid="setup-units"/);
    assert.match(checked.body, /Children&#39;s Services &gt; Early Help &gt; Youth Justice/);
    assert.match(checked.body, /Time and trouble payment/);
    assert.match(checked.body, /name="mode" type="radio" value="load" checked/);
    assert.equal((await svc.organisation.all()).length, 0);

    await b.get('/admin/setup');
    const loaded = await b.postMultipart('/admin/setup', { mode: 'load' }, yamlFile(EXAMPLE));
    assert.equal(loaded.statusCode, 200);
    assert.match(loaded.body, /Set-up loaded/);
    assert.equal((await svc.organisation.all()).length, 17);

    await b.get('/admin/setup');
    const again = await b.postMultipart('/admin/setup', { mode: 'load' }, yamlFile(EXAMPLE));
    assert.match(again.body, /Heard has everything in this file already/);
    assert.equal((await svc.organisation.all()).length, 17);
  });

  it('downloads the current set-up as YAML, and a missing file is an error by its field', async () => {
    const res = await b.get('/admin/setup/export');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/yaml/);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="heard-setup.yaml"/);
    assert.match(res.body, /directorate: Children's Services/);
    await b.get('/admin/setup');
    const none = await b.postMultipart('/admin/setup', { mode: 'check' }, []);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /href="#file">Choose a set-up file/);
  });
});
