import type { Configuration } from 'openid-client';
import { lazyImport } from '../../lazy-import.js';
import type { UpstreamProvider } from '../../config/upstream-providers.js';

/**
 * The relying-party side of sign-in with an upstream provider (OpenID Connect Core 1.0 §3.1, the
 * authorization code flow, with PKCE and a nonce), through openid-client. The provider's metadata is
 * discovered once per process and kept; a failed discovery is tried again at the next sign-in.
 */
export interface PendingUpstream {
  providerId: string;
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

export interface UpstreamClaims {
  email: string | undefined;
  emailVerified: boolean;
  givenName: string | undefined;
  familyName: string | undefined;
}

const openIdClient = lazyImport(() => import('openid-client'));

const isLoopback = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

export class UpstreamClients {
  private readonly configs = new Map<string, Promise<Configuration>>();

  constructor(private readonly providers: readonly UpstreamProvider[]) {}

  provider(id: string): UpstreamProvider | undefined {
    return this.providers.find((p) => p.id === id);
  }

  private configuration(provider: UpstreamProvider): Promise<Configuration> {
    let config = this.configs.get(provider.id);
    if (!config) {
      // http is allowed for a loopback issuer only (config/upstream-providers.ts refuses it elsewhere).
      config = openIdClient().then((oidc) =>
        oidc.discovery(
          new URL(provider.issuer),
          provider.clientId,
          provider.clientSecret,
          undefined,
          isLoopback(provider.issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
        ),
      );
      config.catch(() => this.configs.delete(provider.id));
      this.configs.set(provider.id, config);
    }
    return config;
  }

  /** Where to send the browser, and what to keep until it comes back. */
  async start(provider: UpstreamProvider, redirectUri: string, returnTo: string): Promise<{ url: URL; pending: PendingUpstream }> {
    const config = await this.configuration(provider);
    const oidc = await openIdClient();
    const pending: PendingUpstream = {
      providerId: provider.id,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      returnTo,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /** Checks the callback (state, code, ID token signature, nonce), then reads the email claim from the ID token or userinfo. */
  async finish(provider: UpstreamProvider, callbackUrl: URL, pending: PendingUpstream): Promise<UpstreamClaims> {
    const config = await this.configuration(provider);
    const oidc = await openIdClient();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
    });
    const idClaims: Record<string, unknown> = { ...tokens.claims() };
    const needsUserinfo = idClaims[provider.emailClaim] === undefined && tokens.access_token && config.serverMetadata().userinfo_endpoint;
    const claims: Record<string, unknown> = needsUserinfo
      ? { ...(await oidc.fetchUserInfo(config, tokens.access_token, String(idClaims.sub))), ...idClaims }
      : idClaims;
    const email = claims[provider.emailClaim];
    return {
      email: typeof email === 'string' ? email : undefined,
      emailVerified: claims.email_verified === true,
      givenName: typeof claims.given_name === 'string' ? claims.given_name : undefined,
      familyName: typeof claims.family_name === 'string' ? claims.family_name : undefined,
    };
  }
}
