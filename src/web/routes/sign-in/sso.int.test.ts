import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '../../../domain/access/roles.ts';
import type { DatabaseHandle } from '../../../db/database.ts';
import { auditEvents, users } from '../../../db/schema/index.ts';
import { SYSTEM_ACTOR } from '../../../services/actor.ts';
import type { Services } from '../../../services/index.ts';
import { testDatabase } from '../../../../test/support/database.ts';
import { makeUser, TEST_NOW, TEST_PASSWORD, testServices } from '../../../../test/support/factories.ts';
import { startTestProvider, TEST_CLIENT, type ProviderAccount } from '../../../../test/support/oidc-provider.ts';
import { Browser, testConfig } from '../../../../test/support/web.ts';
import { createApp } from '../../app.ts';
import { ConfigError } from '../../../config.ts';
import { fixedClock } from '../../../domain/clock.ts';
import { startServer } from '../../../server.ts';

const HEARD = 'http://heard.test';
const REDIRECT_URI = `${HEARD}/sign-in/sso/callback`;
const POST_LOGOUT = `${HEARD}/sign-in?ended=signed-out`;
const GROUP_OF: Record<Role, string> = {
  administrator: 'group-heard-admins',
  complaints_officer: 'group-complaints-team',
  investigating_manager: 'group-investigators',
  senior_manager: 'group-senior-managers',
  report_viewer: 'group-report-readers',
};

describe('single sign-on against a real OpenID provider', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  let provider: Awaited<ReturnType<typeof startTestProvider>>;
  const accounts = new Map<string, ProviderAccount>();

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    provider = await startTestProvider({ redirectUri: REDIRECT_URI, postLogoutRedirectUri: POST_LOGOUT, accounts });
    const config = testConfig({ baseUrl: HEARD, sso: ssoConfig() });
    app = await createApp(svc, config);
    await app.ready();
    // The administrator's mapping: each role from its own group.
    for (const role of ROLES) await svc.sso.setMapping(SYSTEM_ACTOR, { groupId: GROUP_OF[role], role });
  });
  after(async () => {
    await app.close();
    await provider.close();
    await handle.close();
  });

  function ssoConfig() {
    return {
      issuer: provider.issuer,
      clientId: TEST_CLIENT.id,
      clientSecret: TEST_CLIENT.secret,
      redirectUri: REDIRECT_URI,
      postLogoutRedirectUri: POST_LOGOUT,
      scopes: 'openid profile email',
      groupRoles: '',
    };
  }

  let counter = 0;
  function account(groups: string[], email?: string): string {
    const id = `person-${++counter}`;
    accounts.set(id, { email: email ?? `${id}@council.example.gov.uk`, name: `Person ${counter}`, groups });
    return id;
  }

  /** Heard's redirect to the provider, after the sign-in page's button. */
  async function startAtHeard(b: Browser, next = '/'): Promise<string> {
    const page = await b.get('/sign-in');
    assert.match(page.body, /Sign in with your council account/);
    const res = await b.get(`/sign-in/sso?next=${encodeURIComponent(next)}`);
    assert.equal(res.statusCode, 302);
    const location = String(res.headers.location);
    assert.ok(location.startsWith(`${provider.issuer}/auth?`), location);
    return location;
  }

  const pathOf = (url: URL) => `${url.pathname}${url.search}`;

  async function signInAs(accountId: string, next = '/') {
    const b = new Browser(app);
    const authUrl = await startAtHeard(b, next);
    const callback = await provider.signIn(authUrl, accountId);
    const res = await b.get(pathOf(callback));
    return { b, res, authUrl, callback };
  }

  const lastAudit = async (action: string) =>
    (await handle.db.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(desc(auditEvents.id)))[0];

  it('asks the provider for the code flow with PKCE (S256), state and nonce', async () => {
    const url = new URL(await startAtHeard(new Browser(app)));
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('client_id'), TEST_CLIENT.id);
    assert.equal(url.searchParams.get('redirect_uri'), REDIRECT_URI);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.ok((url.searchParams.get('state') ?? '').length >= 20);
    assert.ok((url.searchParams.get('nonce') ?? '').length >= 20);
  });

  it('signs in a new person, creating their account with the role of their group, and goes where they were going', async () => {
    const id = account([GROUP_OF.complaints_officer, 'some-other-group']);
    const { b, res } = await signInAs(id, '/triage');
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/triage');
    const [row] = await handle.db
      .select()
      .from(users)
      .where(eq(users.email, `${id}@council.example.gov.uk`));
    assert.equal(row?.role, 'complaints_officer');
    assert.equal(row?.displayName, `Person ${counter}`);
    assert.equal(row?.passwordHash, null);
    assert.equal(row?.ssoSubject, `${provider.issuer} ${id}`);
    assert.equal((await b.get('/triage')).statusCode, 200);
    assert.match((await b.get('/account/password')).body, /data-testid="sso-password-note"/);
    const created = await lastAudit('user.create');
    assert.equal(created?.entityId, row!.id);
    const signedIn = await lastAudit('sign_in');
    assert.equal(signedIn?.entityId, row!.id);
    assert.equal((signedIn?.after as { method: string }).method, 'single sign-on');
  });

  it('matches an existing account by its email address and sets its role from the groups', async () => {
    const { user } = await makeUser(svc, 'report_viewer', { email: 'existing.person@council.example.gov.uk' });
    const id = account([GROUP_OF.senior_manager], 'Existing.Person@council.example.gov.uk');
    const { res } = await signInAs(id);
    assert.equal(res.statusCode, 302);
    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    assert.equal(row?.role, 'senior_manager');
    assert.equal(row?.ssoSubject, `${provider.issuer} ${id}`);
    assert.equal((await handle.db.select().from(users).where(eq(users.email, row!.email))).length, 1);
    // Signing in again finds the same account by its link.
    await signInAs(id);
    assert.equal((await handle.db.select().from(users).where(eq(users.ssoSubject, row!.ssoSubject!))).length, 1);
  });

  it('gives each role from the group mapped to it, and the most trusted of several', async () => {
    for (const role of ROLES) {
      const id = account([GROUP_OF[role]]);
      const { b, res } = await signInAs(id);
      assert.equal(res.statusCode, 302, role);
      const [row] = await handle.db
        .select()
        .from(users)
        .where(eq(users.email, `${id}@council.example.gov.uk`));
      assert.equal(row?.role, role);
      // What the role may open, the server decides: administration only for administrators.
      assert.equal((await b.get('/admin')).statusCode, role === 'administrator' ? 200 : 403, role);
    }
    const both = account([GROUP_OF.report_viewer, GROUP_OF.administrator]);
    await signInAs(both);
    const [row] = await handle.db
      .select()
      .from(users)
      .where(eq(users.email, `${both}@council.example.gov.uk`));
    assert.equal(row?.role, 'administrator');
  });

  it('refuses someone in no mapped group, with a clear page, no account and a failed sign-in in the audit trail', async () => {
    const id = account(['group-finance']);
    const { b, res } = await signInAs(id);
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /not in a group that has access to Heard/);
    assert.equal(
      (
        await handle.db
          .select()
          .from(users)
          .where(eq(users.email, `${id}@council.example.gov.uk`))
      ).length,
      0,
    );
    const failed = await lastAudit('sign_in.failed');
    assert.equal((failed?.after as { reason: string }).reason, 'no_role');
    assert.equal((failed?.after as { email: string }).email, `${id}@council.example.gov.uk`);
    assert.equal((await b.get('/')).headers.location, '/sign-in?next=%2F');
  });

  it('refuses a deactivated account whatever its groups say', async () => {
    const { user } = await makeUser(svc, 'complaints_officer', { email: 'gone.person@council.example.gov.uk' });
    await svc.users.update(SYSTEM_ACTOR, user.id, { active: false });
    const id = account([GROUP_OF.administrator], 'gone.person@council.example.gov.uk');
    const { b, res } = await signInAs(id);
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /has been deactivated/);
    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    assert.equal(row?.role, 'complaints_officer');
    assert.equal(row?.active, false);
    const failed = await lastAudit('sign_in.failed');
    assert.equal(failed?.entityId, user.id);
    assert.equal((failed?.after as { reason: string }).reason, 'inactive');
    assert.equal((await b.get('/')).statusCode, 302);
  });

  it('refuses an answer whose state was changed, and the answer cannot be used again', async () => {
    const id = account([GROUP_OF.complaints_officer]);
    const b = new Browser(app);
    const callback = await provider.signIn(await startAtHeard(b), id);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'a-state-heard-never-sent-0123456789');
    const res = await b.get(pathOf(tampered));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /could not be checked/);
    assert.match(
      JSON.stringify((await lastAudit('sign_in.failed'))?.after),
      /unexpected \\"state\\" response parameter/,
    );
    // The genuine answer, after the tampered one, finds the sign-in already used.
    const again = await b.get(pathOf(callback));
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /expired or was already used/);
    assert.equal(
      (
        await handle.db
          .select()
          .from(users)
          .where(eq(users.email, `${id}@council.example.gov.uk`))
      ).length,
      0,
    );
  });

  it('refuses an ID token whose nonce is not the one Heard sent', async () => {
    const id = account([GROUP_OF.complaints_officer]);
    const b = new Browser(app);
    const authUrl = new URL(await startAtHeard(b));
    authUrl.searchParams.set('nonce', 'a-nonce-heard-never-sent-0123456789');
    const callback = await provider.signIn(authUrl.href, id);
    const res = await b.get(pathOf(callback));
    assert.equal(res.statusCode, 400);
    const failed = await lastAudit('sign_in.failed');
    assert.match(JSON.stringify(failed?.after), /\\"nonce\\" claim/);
    assert.equal((await b.get('/')).statusCode, 302);
    assert.equal(
      (
        await handle.db
          .select()
          .from(users)
          .where(eq(users.email, `${id}@council.example.gov.uk`))
      ).length,
      0,
    );
  });

  it('refuses an answer that names another issuer, and one from another browser’s sign-in', async () => {
    const id = account([GROUP_OF.complaints_officer]);
    const b = new Browser(app);
    const callback = await provider.signIn(await startAtHeard(b), id);
    const otherIssuer = new URL(callback);
    otherIssuer.searchParams.set('iss', 'https://evil.example');
    assert.equal((await b.get(pathOf(otherIssuer))).statusCode, 400);
    // Another browser that never started a sign-in cannot use this answer.
    const stranger = new Browser(app);
    const res = await stranger.get(pathOf(callback));
    assert.equal(res.statusCode, 400);
    assert.equal((await stranger.get('/')).statusCode, 302);
  });

  it('an administrator gives a group a role on the Sign-in page, audited; removing it refuses the group again', async () => {
    const { user: admin } = await makeUser(svc, 'administrator');
    const b = new Browser(app);
    await b.signIn(admin.email, TEST_PASSWORD);
    const page = await b.get('/admin/sign-in');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /group-heard-admins/);
    const blank = await b.post('/admin/sign-in/groups', { groupId: ' ', role: '' });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /Select a role/);
    await b.get('/admin/sign-in');
    const saved = await b.post('/admin/sign-in/groups', { groupId: 'group-new-starters', role: 'report_viewer' });
    assert.equal(saved.headers.location, '/admin/sign-in?done=1');
    const audit = await lastAudit('sso.group_role');
    assert.equal(audit?.actorId, admin.id);
    assert.deepEqual(audit?.after, { groupId: 'group-new-starters', role: 'report_viewer' });
    const id = account(['group-new-starters']);
    assert.equal((await signInAs(id)).res.statusCode, 302);

    await b.get('/admin/sign-in');
    await b.post('/admin/sign-in/groups/remove', { groupId: 'group-new-starters' });
    assert.deepEqual((await lastAudit('sso.group_role_removed'))?.before, {
      groupId: 'group-new-starters',
      role: 'report_viewer',
    });
    assert.equal((await signInAs(id)).res.statusCode, 403);
    // Nobody else may change the mapping.
    const officer = new Browser(app);
    await officer.signIn((await makeUser(svc, 'complaints_officer')).user.email, TEST_PASSWORD);
    await officer.get('/account/password');
    const refused = await officer.post('/admin/sign-in/groups', { groupId: 'x', role: 'administrator' });
    assert.equal(refused.statusCode, 403);
  });

  it('HEARD_OIDC_GROUP_ROLES at start-up adds only groups not mapped yet, so the administrator’s changes stay', async () => {
    const added = await svc.sso.seed([
      { groupId: GROUP_OF.administrator, role: 'report_viewer' },
      { groupId: 'group-from-environment', role: 'senior_manager' },
    ]);
    assert.equal(added, 1);
    const mappings = await svc.sso.mappings();
    assert.equal(mappings.find((m) => m.groupId === GROUP_OF.administrator)?.role, 'administrator');
    assert.equal(mappings.find((m) => m.groupId === 'group-from-environment')?.role, 'senior_manager');
    assert.equal((await lastAudit('sso.group_role'))?.actorLabel, 'Heard (HEARD_OIDC_GROUP_ROLES)');
  });

  it('a mistake in HEARD_OIDC_GROUP_ROLES stops Heard before it starts, naming it', async () => {
    const config = testConfig({ baseUrl: HEARD, sso: { ...ssoConfig(), groupRoles: 'group-a=boss' } });
    await assert.rejects(
      startServer(config, fixedClock(TEST_NOW)),
      (err: Error) =>
        err instanceof ConfigError && /HEARD_OIDC_GROUP_ROLES: "group-a" must map to one of/.test(err.message),
    );
  });

  it('with passwords for administrators only, an administrator still signs in with one (audited) and others are told to use their council account', async () => {
    const config = testConfig({ baseUrl: HEARD, sso: ssoConfig(), localSignIn: 'administrators' });
    const strict = await createApp(svc, config);
    await strict.ready();
    try {
      const { user: officer } = await makeUser(svc, 'complaints_officer');
      const b = new Browser(strict);
      const refused = await b.signIn(officer.email, TEST_PASSWORD);
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Sign in with your council account/);
      assert.equal((await lastAudit('sign_in.failed'))?.entityId, officer.id);
      assert.equal((await b.get('/')).statusCode, 302);
      const { user: admin } = await makeUser(svc, 'administrator');
      const a = new Browser(strict);
      assert.equal((await a.signIn(admin.email, TEST_PASSWORD)).statusCode, 302);
      assert.equal((await lastAudit('sign_in.break_glass'))?.entityId, admin.id);
    } finally {
      await strict.close();
    }
  });

  it('signing out ends the session and sends the browser to the provider to sign out there too', async () => {
    const id = account([GROUP_OF.complaints_officer]);
    const { b } = await signInAs(id);
    await b.get('/');
    const sid = /heard\.sid=([^;.]+)/.exec(b.cookieHeaderForTests())?.[1];
    assert.ok(sid);
    const res = await b.post('/sign-out', {});
    assert.equal(res.statusCode, 302);
    const to = new URL(String(res.headers.location));
    assert.equal(`${to.origin}${to.pathname}`, `${provider.issuer}/session/end`);
    assert.equal(to.searchParams.get('post_logout_redirect_uri'), POST_LOGOUT);
    const hint = to.searchParams.get('id_token_hint') ?? '';
    assert.equal(hint.split('.').length, 3);
    const claims = JSON.parse(Buffer.from(hint.split('.')[1]!, 'base64url').toString()) as { sub: string; aud: string };
    assert.equal(claims.sub, id);
    assert.equal(claims.aud, TEST_CLIENT.id);
    // The provider accepts it (its sign-out confirmation), and Heard has forgotten the session.
    assert.equal((await fetch(to)).status, 200);
    assert.equal((await b.get('/')).statusCode, 302);
    const [row] = await handle.db
      .select()
      .from(users)
      .where(and(eq(users.email, `${id}@council.example.gov.uk`)));
    assert.equal(await svc.sessions.countFor(row!.id), 0);
    const back = await b.get('/sign-in?ended=signed-out');
    assert.match(back.body, /You have signed out/);
  });
});
