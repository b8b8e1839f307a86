import { testDatabase } from './test/support/database.ts';
import { makeTeam, makeUser, TEST_PASSWORD, testServices } from './test/support/factories.ts';
import { Browser, testApp } from './test/support/web.ts';
const h = await testDatabase();
const svc = await testServices(h);
const app = await testApp(svc);
const { actor } = await makeUser(svc, 'complaints_officer', { email: 'o@example.gov.uk' });
await makeTeam(svc, actor, 'SEND Team');
const b = new Browser(app);
await b.signIn('o@example.gov.uk', TEST_PASSWORD);
for (const u of ['/triage', '/cases/new', '/outbox']) {
  const r = await b.get(u);
  console.log(u, r.statusCode, r.statusCode !== 200 ? r.body.slice(0, 300) : '');
}
await app.close();
await h.close();
