import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../db/database.ts';
import type { Services } from '../../services/index.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { makeCase, makeUser, TEST_PASSWORD, testServices } from '../../../test/support/factories.ts';
import { Browser, testConfig } from '../../../test/support/web.ts';
import { createApp } from '../app.ts';

describe('requests the public could craft', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  const apps: FastifyInstance[] = [];
  const email = 'officer.requests@example.gov.uk';
  let reference: string;

  async function appWith(overrides: Parameters<typeof testConfig>[0] = {}) {
    const app = await createApp(svc, testConfig(overrides));
    await app.ready();
    apps.push(app);
    return app;
  }

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    const { actor } = await makeUser(svc, 'complaints_officer', { email });
    reference = (await makeCase(svc, actor, { subject: 'A complaint' })).reference;
  });
  after(async () => {
    for (const app of apps) await app.close();
    await handle.close();
  });

  it('believes no X-Forwarded-For unless the proxy is trusted, so the sign-in limit cannot be dodged', async () => {
    // Production too: it used to trust any client's header there.
    const app = await appWith({ env: 'production', secureCookies: false });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i += 1) {
      const res = await app.inject({
        method: 'POST',
        url: '/sign-in',
        remoteAddress: '203.0.113.9',
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
        payload: {},
      });
      statuses.push(res.statusCode);
    }
    assert.equal(statuses.filter((s) => s === 429).length, 2, `the 21st and 22nd are refused: ${statuses.join(',')}`);
  });

  it('believes X-Forwarded-For from a proxy named in TRUSTED_PROXIES', async () => {
    const app = await appWith({ trustedProxies: ['203.0.113.0/24'] });
    const res = await app.inject({
      method: 'GET',
      url: '/health',
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    assert.equal(res.statusCode, 200);
    const limited = await appWith({ trustedProxies: ['203.0.113.0/24'] });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i += 1)
      statuses.push(
        (
          await limited.inject({
            method: 'POST',
            url: '/sign-in',
            remoteAddress: '203.0.113.9',
            headers: { 'x-forwarded-for': `198.51.100.${i}` },
            payload: {},
          })
        ).statusCode,
      );
    const seen = statuses.join(',');
    assert.ok(!statuses.includes(429), `each client behind the trusted proxy has its own limit: ${seen}`);
  });

  it('sends HSTS and upgrade-insecure-requests only when Heard is served over HTTPS', async () => {
    const plain = await (await appWith({ secureCookies: false })).inject({ method: 'GET', url: '/sign-in' });
    assert.equal(plain.headers['strict-transport-security'], undefined);
    assert.doesNotMatch(String(plain.headers['content-security-policy']), /upgrade-insecure-requests/);
    const secure = await (await appWith({ secureCookies: true })).inject({ method: 'GET', url: '/sign-in' });
    assert.match(String(secure.headers['strict-transport-security']), /max-age=31536000/);
    assert.match(String(secure.headers['content-security-policy']), /upgrade-insecure-requests/);
  });

  it('refuses a repeated form field with a 400 page, never a 500 or a stack trace', async () => {
    const app = await appWith({ env: 'development' });
    const b = new Browser(app);
    await b.get('/sign-in');
    const token = b.csrf();
    const res = await app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: `_csrf=${token}&email=a@b.c&email=d@e.f&password=x`,
      headers: { cookie: b.cookieHeaderForTests(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /answered more than once/);
    assert.doesNotMatch(res.body, /at .*\.ts:\d+/);
  });

  it('answers a malformed id with 400 and no SQL, in development too', async () => {
    const app = await appWith({ env: 'development' });
    const b = new Browser(app);
    await b.signIn(email, TEST_PASSWORD);
    for (const url of [
      '/reports/annual?unit=not-a-uuid',
      '/dashboard?unit=%27%3Bdrop',
      `/cases/${reference}/attachments/not-a-uuid`,
      `/cases/${reference}/letters/42/word`,
    ]) {
      const res = await b.get(url);
      assert.ok(res.statusCode === 400 || res.statusCode === 404, `${url}: ${res.statusCode}`);
      assert.doesNotMatch(res.body, /select |where |Failed query|at .*\.ts:\d+/i, url);
    }
  });

  it('shows no stack trace on a server error unless HEARD_DEBUG is on', async () => {
    const quiet = await createApp(svc, testConfig({ env: 'development' }));
    const loud = await createApp(svc, testConfig({ env: 'production', debug: true }));
    for (const app of [quiet, loud]) {
      app.get('/health/boom', async () => {
        throw new Error('kaboom inside Heard');
      });
      await app.ready();
      apps.push(app);
    }
    const q = await quiet.inject({ method: 'GET', url: '/health/boom' });
    assert.equal(q.statusCode, 500);
    assert.doesNotMatch(q.body, /kaboom/);
    const l = await loud.inject({ method: 'GET', url: '/health/boom' });
    assert.match(l.body, /kaboom inside Heard/);
  });
});
