import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const base = { NODE_ENV: 'test', SESSION_SECRET: 'a-test-secret-that-is-at-least-32-characters-long' } as const;

it('sessions last 30 minutes idle and 12 hours in all unless configured', () => {
  assert.deepEqual(loadConfig({ ...base }).session, { idleMinutes: 30, absoluteHours: 12 });
  assert.deepEqual(loadConfig({ ...base, SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '9' }).session, {
    idleMinutes: 30,
    absoluteHours: 9,
  });
});

it('refuses a session lifetime that is not a whole number in range', () => {
  for (const bad of [
    { SESSION_IDLE_MINUTES: '0' },
    { SESSION_IDLE_MINUTES: 'eight hours' },
    { SESSION_ABSOLUTE_HOURS: '0' },
    { SESSION_ABSOLUTE_HOURS: '1.5' },
    { SESSION_ABSOLUTE_HOURS: '100000' },
  ]) {
    assert.throws(() => loadConfig({ ...base, ...bad }), ConfigError, JSON.stringify(bad));
  }
});

it('background work runs every 15 seconds unless HEARD_BACKGROUND_SECONDS says otherwise (fractions allowed)', () => {
  assert.equal(loadConfig({ ...base }).backgroundEveryMs, 15_000);
  assert.equal(loadConfig({ ...base, HEARD_BACKGROUND_SECONDS: '0.2' }).backgroundEveryMs, 200);
  for (const bad of ['0', '-1', 'often', '3601'])
    assert.throws(() => loadConfig({ ...base, HEARD_BACKGROUND_SECONDS: bad }), ConfigError, bad);
});

it('single sign-on: off without an issuer, complete with one, refused when half set', () => {
  assert.equal(loadConfig({ ...base }).sso, null);
  const sso = loadConfig({
    ...base,
    HEARD_BASE_URL: 'https://heard.example.gov.uk/',
    HEARD_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
    HEARD_OIDC_CLIENT_ID: 'client',
    HEARD_OIDC_CLIENT_SECRET: 'secret',
    HEARD_OIDC_GROUP_ROLES: 'g1=administrator,g2=report_viewer',
  }).sso;
  assert.deepEqual(sso, {
    issuer: 'https://login.microsoftonline.com/tenant/v2.0',
    clientId: 'client',
    clientSecret: 'secret',
    redirectUri: 'https://heard.example.gov.uk/sign-in/sso/callback',
    postLogoutRedirectUri: 'https://heard.example.gov.uk/sign-in?ended=signed-out',
    scopes: 'openid profile email',
    groupRoles: 'g1=administrator,g2=report_viewer',
  });
  for (const [env, message] of [
    [{ HEARD_OIDC_ISSUER: 'https://idp.example' }, /needs HEARD_OIDC_CLIENT_ID/],
    [{ HEARD_OIDC_ISSUER: 'https://idp.example', HEARD_OIDC_CLIENT_ID: 'c' }, /needs HEARD_BASE_URL/],
    [{ HEARD_OIDC_CLIENT_ID: 'c' }, /HEARD_OIDC_ISSUER is not/],
  ] as const)
    assert.throws(() => loadConfig({ ...base, ...env }), message);
  assert.equal(loadConfig({ ...base }).mfa.administrators, true);
  assert.equal(loadConfig({ ...base, HEARD_MFA_FOR_ADMINISTRATORS: 'false' }).mfa.administrators, false);
});

it('email by SMTP: an address that is not an SMTP URL is refused at start, without repeating it (it holds the password)', () => {
  const smtp = (url: string) => loadConfig({ ...base, NOTIFICATIONS: 'smtp', SMTP_URL: url });
  assert.deepEqual(smtp('smtps://user:p%40ss@mail.example.gov.uk:465').notifications, {
    via: 'smtp',
    url: 'smtps://user:p%40ss@mail.example.gov.uk:465',
    from: 'Heard <no-reply@example.gov.uk>',
  });
  for (const bad of [
    '//user:s3cret-pw@mail.example.gov.uk:587',
    'https://user:s3cret-pw@mail.example.gov.uk',
    'smtp://user:s3cret-pw@mail.example.gov.uk:99999',
  ])
    assert.throws(
      () => smtp(bad),
      (err: Error) =>
        err instanceof ConfigError &&
        /SMTP_URL is not an SMTP address/.test(err.message) &&
        !err.message.includes('s3cret-pw'),
      bad,
    );
});
