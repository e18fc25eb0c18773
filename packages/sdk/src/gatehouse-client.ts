import type { AnyScope } from './oauth/scope-names.js';
import { CommentsResource } from './api/resources/comments-resource.js';
import { SitesResource } from './api/resources/sites-resource.js';
import { TokenResource } from './api/resources/token-resource.js';
import { WebhooksResource } from './api/resources/webhooks-resource.js';
import { WorkspacesResource } from './api/resources/workspaces-resource.js';
import type { AuthorizedUser } from './api/types/token.js';
import { buildAuthorizeUrl, type AuthorizeUrlParams } from './oauth/authorize-url.js';
import { requireClientId } from './oauth/client-credentials.js';
import { introspectToken, type TokenIntrospection } from './oauth/introspect.js';
import { revokeAuthorization, revokeRfc7009 } from './oauth/revoke.js';
import { exchangeAuthorizationCode, exchangeRefreshToken, type AccessTokenResponse, type GetAccessTokenParams } from './oauth/token-endpoint.js';
import { resolveOptions, type GatehouseClientOptions, type ResolvedOptions } from './options.js';

/**
 * The Gatehouse client: the OAuth calls of an app (authorize URL, code exchange, revocation,
 * introspection) and, given an access token, every `/v2` Data API call.
 *
 * @example
 * const gatehouse = new GatehouseClient({ baseUrl: 'http://127.0.0.1:8080', clientId, clientSecret });
 * const url = gatehouse.authorizeURL({ scope: ['sites:read'], state, redirectUri });
 * const { accessToken } = await gatehouse.getAccessToken({ code, redirectUri });
 * const { sites } = await gatehouse.withAccessToken(accessToken).sites.list();
 *
 * // A product with its own catalogue names its scopes:
 * const acme = new GatehouseClient<'projects:read' | 'projects:write'>({ clientId, clientSecret });
 */
export class GatehouseClient<S extends string = AnyScope> {
  private readonly options: ResolvedOptions;
  private readonly input: GatehouseClientOptions;
  /** `/v2/token/*`. */
  readonly token: TokenResource;
  /** `/v2/sites`. */
  readonly sites: SitesResource;
  /** `/v2/sites/{id}/webhooks` and `/v2/webhooks/{id}`. */
  readonly webhooks: WebhooksResource;
  /** `/v2/sites/{id}/comments`. */
  readonly comments: CommentsResource;
  /** `/v2/workspaces`. */
  readonly workspaces: WorkspacesResource;

  constructor(options: GatehouseClientOptions = {}) {
    this.input = options;
    this.options = resolveOptions(options);
    this.token = new TokenResource(this.options);
    this.sites = new SitesResource(this.options);
    this.webhooks = new WebhooksResource(this.options);
    this.comments = new CommentsResource(this.options);
    this.workspaces = new WorkspacesResource(this.options);
  }

  /**
   * A client with the same configuration that calls the Data API with `accessToken`.
   *
   * @example
   * const api = gatehouse.withAccessToken(req.session.accessToken);
   */
  withAccessToken(accessToken: string): GatehouseClient<S> {
    return new GatehouseClient<S>({ ...this.input, accessToken });
  }

  /**
   * The URL to send the user to for consent (`GET /oauth/authorize`).
   *
   * @example
   * res.redirect(gatehouse.authorizeURL({ scope: ['sites:read'], state, redirectUri, codeChallenge }));
   */
  authorizeURL(params: AuthorizeUrlParams<S>): string {
    return buildAuthorizeUrl(this.options.authorizeBaseUrl, params.clientId ?? requireClientId(this.options, 'authorizeURL'), params);
  }

  /**
   * Exchanges an authorization code for an access token (`POST /oauth/access_token`).
   *
   * @example
   * const { accessToken, scope } = await gatehouse.getAccessToken({ code, redirectUri, codeVerifier });
   */
  getAccessToken(params: GetAccessTokenParams): Promise<AccessTokenResponse> {
    return exchangeAuthorizationCode(this.options, params);
  }

  /**
   * Exchanges a refresh token for a new access token (only when the server issues expiring tokens).
   *
   * @example
   * const next = await gatehouse.refreshAccessToken(stored.refreshToken);
   */
  refreshAccessToken(refreshToken: string): Promise<AccessTokenResponse> {
    return exchangeRefreshToken(this.options, refreshToken);
  }

  /**
   * Revokes an access token and the authorization behind it (`POST /oauth/revoke_authorization`);
   * resolves to `did_revoke`. Pass `{ rfc7009: true }` to use `POST /oauth/revoke` instead, which
   * also takes refresh tokens.
   *
   * @example
   * await gatehouse.revokeToken(session.accessToken);
   */
  async revokeToken(token: string, how: { rfc7009?: boolean; tokenTypeHint?: 'access_token' | 'refresh_token' } = {}): Promise<boolean> {
    if (!how.rfc7009) return revokeAuthorization(this.options, token);
    await revokeRfc7009(this.options, token, how.tokenTypeHint);
    return true;
  }

  /**
   * Asks the authorization server about a token (`POST /oauth/introspect`, RFC 7662).
   *
   * @example
   * const info = await gatehouse.introspect(bearerToken);
   * if (!info.active) return res.status(401).end();
   */
  introspect(token: string): Promise<TokenIntrospection> {
    return introspectToken(this.options, token);
  }

  /**
   * The user who authorized the current token (`GET /v2/token/authorized_by`).
   *
   * @example
   * const { email } = await gatehouse.withAccessToken(token).authorizedBy();
   */
  authorizedBy(): Promise<AuthorizedUser> {
    return this.token.authorizedBy();
  }
}
