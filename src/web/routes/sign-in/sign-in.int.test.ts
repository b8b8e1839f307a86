import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DatabaseHandle } from '../../../db/database.ts';
import type { Services } from '../../../services/index.ts';
import type { User } from '../../../services/users.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeUser, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { testApp } from '../../../../test/support/web.ts';

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
    return this.keep(await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: { cookie: this.cookie() } }));
  }
  async signIn(email: string, password: string) {
    await this.get('/sign-in');
    const token = /name="_csrf" value="([^"]+)"/.exec(this.body)![1]!;
    const payload = new URLSearchParams({ _csrf: token, email, password, next: '/' }).toString();
    return this.keep(await this.app.inject({ method: 'POST', url: '/sign-in', remoteAddress: this.remoteAddress, payload, headers: { cookie: this.cookie(), 'content-type': 'application/x-www-form-urlencoded' } }));
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
    for (let i = 0; i < 5; i++) assert.match((await attacker.signIn(officer.email, 'not the password at all')).body, /The email address or password is not right/);
    const held = await attacker.signIn(officer.email, TEST_PASSWORD);
    assert.equal(held.statusCode, 400);
    assert.match(held.body, /<a href="#email">Too many failed attempts. Wait 1 minute and try again<\/a>/);

    const res = await new Client(app, '192.0.2.20').signIn(officer.email, TEST_PASSWORD);
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/');
  });
});
