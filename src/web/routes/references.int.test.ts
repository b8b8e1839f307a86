import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../db/database.ts';
import { feedbackCases } from '../../db/schema/index.ts';
import type { Actor } from '../../services/actor.ts';
import type { Services } from '../../services/index.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { makeTeam, makeUser, TEST_PASSWORD, testServices } from '../../../test/support/factories.ts';
import { Browser, testApp } from '../../../test/support/web.ts';

const HEADER = 'Legacy Reference,Type,Received On,Channel,Procedure,Team';
const csv = (lines: string[]) => Buffer.from([HEADER, ...lines].join('\n'));

describe('case references from a legacy system', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let admin: Actor;
  const email = 'officer.refs@example.gov.uk';

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    admin = (await makeUser(svc, 'administrator')).actor;
    await makeUser(svc, 'complaints_officer', { email });
    await makeTeam(svc, admin, 'Fostering Team', '2018-04-01');
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('refuses a reference that could be markup or break an address, and names the line', async () => {
    const report = await svc.legacyImport.run(admin, {
      fileName: 'cases.csv',
      content: csv([
        '<img src=x onerror=alert(1)>,Complaint,03/04/2023,Email,Corporate,Fostering Team',
        'CU/2023/7,Complaint,03/04/2023,Email,Corporate,Fostering Team',
      ]),
      legacySystem: 'Old CRM',
      dryRun: false,
    });
    assert.equal(report.imported, 0);
    assert.deepEqual(
      report.problems.filter((p) => p.column === 'legacy_reference').map((p) => p.line),
      [2, 3],
    );
    assert.equal((await handle.db.select().from(feedbackCases)).length, 0);
  });

  it('treats references that differ only in case as the same', async () => {
    const report = await svc.legacyImport.run(admin, {
      fileName: 'cases.csv',
      content: csv([
        'cu-77,Complaint,03/04/2023,Email,Corporate,Fostering Team',
        'CU-77,Complaint,04/04/2023,Email,Corporate,Fostering Team',
      ]),
      legacySystem: 'Old CRM',
      dryRun: true,
    });
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.column]),
      [[3, 'legacy_reference']],
    );
  });

  it('finds an imported lower-case reference however it is typed', async () => {
    const report = await svc.legacyImport.run(admin, {
      fileName: 'cases.csv',
      content: csv(['cu-78,Complaint,03/04/2023,Email,Corporate,Fostering Team']),
      legacySystem: 'Old CRM',
      dryRun: false,
    });
    assert.equal(report.imported, 1);
    const b = new Browser(app);
    await b.signIn(email, TEST_PASSWORD);
    for (const typed of ['cu-78', 'CU-78', 'Cu-78']) {
      const res = await b.get(`/cases/${typed}`);
      assert.equal(res.statusCode, 200, typed);
      assert.match(res.body, /<h1[^>]*>[\s\S]*cu-78/);
    }
  });
});
