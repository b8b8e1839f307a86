import http from 'node:http';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { freePort } from './free-port.ts';

/** Someone the test provider knows: their claims, as Entra ID would put them in the ID token. */
export interface ProviderAccount {
  email: string;
  name: string;
  groups: string[];
}

export const TEST_CLIENT = { id: 'heard-test', secret: 'a-client-secret-only-for-the-test-provider' };

/**
 * A real OpenID provider (oidc-provider) on a free port of 127.0.0.1: one
 * client registered, PKCE required, claims in the ID token (as Entra ID does),
 * its development login form taking any account the test names, consent
 * already given. `signIn` plays the browser at the provider: from Heard's
 * redirect to the provider's redirect back to Heard.
 */
export async function startTestProvider(opts: {
  redirectUri: string;
  postLogoutRedirectUri: string;
  accounts: Map<string, ProviderAccount>;
}) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.id,
        client_secret: TEST_CLIENT.secret,
        redirect_uris: [opts.redirectUri],
        post_logout_redirect_uris: [opts.postLogoutRedirectUri],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email'], profile: ['name', 'groups'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['a-cookie-key-only-for-the-test-provider'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = opts.accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    // Consent is taken as given, so a sign-in is the login form alone.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const clientId = ctx.oidc.client!.clientId;
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  /** The browser's cookies at the provider, one jar per sign-in. */
  function jar() {
    const cookies = new Map<string, string>();
    return {
      header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      keep(res: Response) {
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const at = pair!.indexOf('=');
          cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
        }
      },
    };
  }

  return {
    issuer,
    /**
     * Follows the provider's redirects from Heard's authorisation URL, signing
     * in as `accountId` on its login form, until it sends the browser back to
     * Heard: returns that address (the callback, with code and state).
     */
    async signIn(authorizationUrl: string, accountId: string): Promise<URL> {
      const cookies = jar();
      let url = authorizationUrl;
      let form: URLSearchParams | null = null;
      for (let hop = 0; hop < 12; hop++) {
        if (url.startsWith(opts.redirectUri)) return new URL(url);
        const res: Response = await fetch(url, {
          method: form ? 'POST' : 'GET',
          redirect: 'manual',
          headers: {
            cookie: cookies.header(),
            ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          body: form ?? undefined,
        });
        cookies.keep(res);
        form = null;
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location) {
          url = new URL(location, url).href;
          continue;
        }
        const page: string = await res.text();
        const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
        if (res.status !== 200 || !action)
          throw new Error(`The provider answered ${res.status}: ${page.slice(0, 300)}`);
        url = new URL(action, url).href;
        form = page.includes('name="login"')
          ? new URLSearchParams({ prompt: 'login', login: accountId, password: 'any' })
          : new URLSearchParams({ prompt: 'consent' });
      }
      throw new Error('The provider never sent the browser back to Heard');
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
