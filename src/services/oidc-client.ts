import * as oidc from 'openid-client';
import type { SsoConfig } from '../config.ts';
import type { ProviderIdentity } from './sso.ts';

/** What a sign-in keeps between sending someone to the provider and their coming back (in the session). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
}

/** A provider on this machine (development, tests) may be reached over plain HTTP; any other must use HTTPS. */
function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * The OpenID Connect relying party (openid-client, ADR 0013): the
 * authorisation code flow with PKCE (S256), state and nonce, the ID token
 * verified by the library (issuer, audience, signature against the provider's
 * keys, expiry, nonce), and sign-out at the provider. The provider's metadata
 * is fetched once, when first needed, and again after a failure.
 */
export function oidcClient(config: SsoConfig) {
  let discovered: Promise<oidc.Configuration> | null = null;

  function configuration(): Promise<oidc.Configuration> {
    discovered ??= (async () => {
      const issuer = new URL(config.issuer);
      const auth = config.clientSecret ? oidc.ClientSecretPost(config.clientSecret) : oidc.None();
      return oidc.discovery(
        issuer,
        config.clientId,
        { redirect_uris: [config.redirectUri], response_types: ['code'] },
        auth,
        isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
      );
    })().catch((err: unknown) => {
      discovered = null;
      throw err;
    });
    return discovered;
  }

  return {
    /** The provider's address to send someone to, and what to keep until they come back. */
    async start(next: string): Promise<{ url: string; pending: PendingSignIn }> {
      const cfg = await configuration();
      const pending: PendingSignIn = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        next,
      };
      const url = oidc.buildAuthorizationUrl(cfg, {
        redirect_uri: config.redirectUri,
        scope: config.scopes,
        response_type: 'code',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, pending };
    },

    /**
     * The provider's answer (the callback's query string) exchanged for tokens
     * and checked; throws when anything does not match (state, nonce, PKCE,
     * signature, issuer, audience, expiry). Claims the ID token lacks (a
     * provider that gives email or groups only from user info) are filled in
     * from the user info endpoint when there is one.
     */
    async finish(query: string, pending: PendingSignIn): Promise<{ identity: ProviderIdentity; idToken: string }> {
      const cfg = await configuration();
      const callback = new URL(config.redirectUri);
      callback.search = query;
      const tokens = await oidc.authorizationCodeGrant(cfg, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims || !tokens.id_token) throw new Error('The provider sent no ID token');
      let merged: Record<string, unknown> = { ...claims };
      const needsMore =
        !('email' in claims || 'preferred_username' in claims) || !('groups' in claims || 'roles' in claims);
      if (needsMore && cfg.serverMetadata().userinfo_endpoint) {
        try {
          const info = await oidc.fetchUserInfo(cfg, tokens.access_token, claims.sub);
          merged = { ...info, ...claims };
        } catch {
          // The ID token alone decides then; a missing address or group refuses the sign-in with a reason.
        }
      }
      return { identity: { issuer: claims.iss, subject: claims.sub, claims: merged }, idToken: tokens.id_token };
    },

    /** Where to send someone to sign out at the provider too, or null when it has no end-session endpoint. */
    async endSessionUrl(idToken: string | undefined): Promise<string | null> {
      const cfg = await configuration();
      if (!cfg.serverMetadata().end_session_endpoint) return null;
      const params: Record<string, string> = { post_logout_redirect_uri: config.postLogoutRedirectUri };
      if (idToken) params.id_token_hint = idToken;
      else params.client_id = config.clientId;
      return oidc.buildEndSessionUrl(cfg, params).href;
    },
  };
}
export type OidcClient = ReturnType<typeof oidcClient>;
