import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DatabaseHandle } from '../../../db/database.ts';
import { rowsOf } from '../../../db/rows.ts';
import type { Services } from '../../../services/index.ts';
import type { User } from '../../../services/users.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { testApp, testConfig } from '../../../../test/support/web.ts';
import { createApp } from '../../app.ts';

/** One browser at one client address: keeps its cookies and the last page's CSRF token. */
class Client {
  private cookies = new Map<string, string>();
  private body = '';
  constructor(
    private readonly app: FastifyInstance,
    private readonly remoteAddress: string,
  ) {}
  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies) this.cookies.set(c.name, c.value);
    this.body = res.body;
    return res;
  }
  private cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(url: string) {
    return this.keep(
      await this.app.inject({
        method: 'GET',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookie() },
      }),
    );
  }
  async signIn(email: string, password: string) {
    await this.get('/sign-in');
    const token = /name="_csrf" value="([^"]+)"/.exec(this.body)![1]!;
    const payload = new URLSearchParams({ _csrf: token, email, password, next: '/' }).toString();
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url: '/sign-in',
        remoteAddress: this.remoteAddress,
        payload,
        headers: { cookie: this.cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  }
}

describe('signing in from more than one address', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let officer: User;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    officer = (await makeUser(svc, 'complaints_officer', { email: 'named.officer@example.gov.uk' })).user;
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  it('wrong guesses from one address hold back that address, not the officer at theirs', async () => {
    const attacker = new Client(app, '203.0.113.9');
    for (let i = 0; i < 5; i++)
      assert.match(
        (await attacker.signIn(officer.email, 'not the password at all')).body,
        /The email address or password is not right/,
      );
    const held = await attacker.signIn(officer.email, TEST_PASSWORD);
    assert.equal(held.statusCode, 400);
    assert.match(held.body, /<a href="#email">Too many failed attempts. Wait 1 minute and try again<\/a>/);

    const res = await new Client(app, '192.0.2.20').signIn(officer.email, TEST_PASSWORD);
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/');
  });
});

describe('pages seen without signing in', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    await makeUser(svc, 'complaints_officer', { email: 'cookieless@example.gov.uk' });
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  const sessionRows = async () =>
    rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from sessions`))[0]!.n;

  it('keep no session: fifty cookieless visits to the sign-in page and the feedback form’s start pages save nothing', async () => {
    for (let i = 0; i < 50; i++) {
      for (const url of ['/sign-in', '/feedback', '/feedback/young-person']) {
        const res = await app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 200, url);
        assert.ok(!res.cookies.some((c) => c.name === 'heard.sid'), `${url} sets no session cookie`);
      }
    }
    assert.equal(await sessionRows(), 0);
    // The sign-in form still carries a token.
    assert.match((await app.inject({ method: 'GET', url: '/sign-in' })).body, /name="_csrf" value="[^"]+"/);
  });

  it('keep no session when "Start now" is followed, until the first answer is sent', async () => {
    for (const route of ['adult', 'young-person']) {
      const start = await app.inject({ method: 'GET', url: `/feedback/${route}/start` });
      assert.equal(start.statusCode, 302);
      const first = await app.inject({ method: 'GET', url: start.headers.location as string });
      assert.equal(first.statusCode, 200, `${route}'s first question is shown`);
      assert.ok(!first.cookies.some((c) => c.name === 'heard.sid'));
    }
    assert.equal(await sessionRows(), 0);
    // The first answer begins the form, and the session with it.
    const page = await app.inject({ method: 'GET', url: '/feedback/adult/type' });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const answered = await app.inject({
      method: 'POST',
      url: '/feedback/adult/type',
      payload: new URLSearchParams({ _csrf: token, type: 'complaint' }).toString(),
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(answered.statusCode, 302);
    assert.notEqual(answered.headers.location, '/feedback/adult/start');
    assert.equal(await sessionRows(), 1);
    await handle.db.execute(sql`delete from sessions`);
  });

  it('still refuse a form sent without the token from the page, and sign in with it', async () => {
    const first = await app.inject({ method: 'GET', url: '/sign-in' });
    const csrfCookie = first.cookies.find((c) => c.name === 'heard.csrf')!;
    assert.equal(csrfCookie.httpOnly, true);
    assert.equal(csrfCookie.sameSite, 'Lax');
    const token = /name="_csrf" value="([^"]+)"/.exec(first.body)![1]!;
    const form = (fields: Record<string, string>) =>
      new URLSearchParams({ email: 'cookieless@example.gov.uk', password: TEST_PASSWORD, ...fields }).toString();
    const post = (payload: string, cookie: string) =>
      app.inject({
        method: 'POST',
        url: '/sign-in',
        payload,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const cookie = `heard.csrf=${csrfCookie.value}`;
    // No token, a made-up token, or the token without its cookie: refused, and nobody is signed in.
    for (const [payload, withCookie] of [
      [form({}), cookie],
      [form({ _csrf: 'made-up' }), cookie],
      [form({ _csrf: token }), ''],
      // A cookie that is not signed by Heard does not count either.
      [form({ _csrf: token }), `heard.csrf=${csrfCookie.value.split('.')[0]}`],
    ] as const) {
      const res = await post(payload, withCookie);
      assert.equal(res.statusCode, 403);
    }
    assert.equal(await sessionRows(), 0);
    const ok = await post(form({ _csrf: token }), cookie);
    assert.equal(ok.statusCode, 302);
    assert.equal(await sessionRows(), 1);
  });

  it('in production the CSRF cookie is a __Host- cookie: Secure, for this host and every path', async () => {
    const secure = await createApp(svc, testConfig({ secureCookies: true }));
    try {
      const page = await secure.inject({ method: 'GET', url: '/sign-in' });
      const c = page.cookies.find((x) => x.name === '__Host-heard.csrf');
      assert.ok(c, 'the cookie is set');
      assert.equal(c.secure, true);
      assert.equal(c.path, '/');
      assert.equal(c.domain, undefined);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const payload = new URLSearchParams({
        _csrf: token,
        email: 'nobody@example.gov.uk',
        password: 'not a password at all',
      }).toString();
      const res = await secure.inject({
        method: 'POST',
        url: '/sign-in',
        payload,
        headers: { cookie: `__Host-heard.csrf=${c.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(res.statusCode, 400, 'the token is accepted; the password is not');
    } finally {
      await secure.close();
    }
  });
});
