import { Type, type TSchema } from '@sinclair/typebox';

/**
 * OpenAPI descriptions of the OAuth endpoints. Those routes parse their bodies by hand (RFC 6749 §3.2:
 * repeated and non-string parameters must become `invalid_request`, which a JSON Schema 400 would not
 * give), so they carry no fastify schema; the document describes them from here instead, keyed by
 * method and path. A route under /oauth/ missing here shows up undescribed, and the coverage test fails.
 */
const str = (description: string) => Type.Optional(Type.String({ description }));
const FORM_OR_JSON = ['application/x-www-form-urlencoded', 'application/json'];

/** RFC 6749 §5.2 error body. */
const OAuthErrorBody = Type.Object({ error: Type.String(), error_description: Type.String() }, { description: 'RFC 6749 §5.2 error' });
const oauthErrors = {
  400: { ...OAuthErrorBody, description: 'invalid_request, invalid_grant, unsupported_grant_type, invalid_scope or invalid_token' },
  401: { ...OAuthErrorBody, description: 'invalid_client: unknown client or wrong secret (WWW-Authenticate: Basic when HTTP Basic was used)' },
  413: { ...OAuthErrorBody, description: 'invalid_request: the body is larger than 16 KiB' },
};
const clientCredentials = {
  client_id: str("The app's client_id (or send it with client_secret in HTTP Basic)"),
  client_secret: str("The app's client_secret (or HTTP Basic); public clients omit it"),
};
/** Credentials go in HTTP Basic or in the body; `{}` makes the Basic scheme optional. */
const clientAuth = [{ clientBasic: [] }, {}];

const TokenResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('bearer'),
    scope: Type.String({ description: 'Space-separated granted scopes' }),
    expires_in: Type.Optional(Type.Integer({ description: 'Only when REFRESH_TOKENS is on' })),
    refresh_token: Type.Optional(Type.String({ description: 'Only when REFRESH_TOKENS is on' })),
  },
  { description: 'The access token' },
);

const tokenEndpoint = {
  summary: 'Exchange an authorization code (or a refresh token) for an access token',
  description:
    "Webflow's token exchange (/docs/webflow-wire#token-exchange), RFC 6749 §4.1.3 and §6. Codes are single use, valid 15 minutes, bound to the client and redirect_uri. PKCE (RFC 7636, S256) is required for public clients. Every answer carries Cache-Control: no-store.",
  tags: ['OAuth'],
  consumes: FORM_OR_JSON,
  security: clientAuth,
  body: Type.Object({
    grant_type: Type.String({ enum: ['authorization_code', 'refresh_token'] }),
    code: str('The code from the redirect (authorization_code grant)'),
    redirect_uri: str('The same redirect_uri as in the authorize request'),
    code_verifier: str('PKCE verifier (RFC 7636 §4.5)'),
    refresh_token: str('The refresh token (refresh_token grant, when REFRESH_TOKENS is on)'),
    ...clientCredentials,
  }),
  response: { 200: TokenResponse, ...oauthErrors },
};

const metadata = Type.Object(
  {
    issuer: Type.String(),
    authorization_endpoint: Type.String(),
    token_endpoint: Type.String(),
    revocation_endpoint: Type.String(),
    introspection_endpoint: Type.String(),
    scopes_supported: Type.Array(Type.String()),
  },
  { additionalProperties: true, description: 'RFC 8414 metadata' },
);

const resourceMetadata = Type.Object(
  {
    resource: Type.String(),
    authorization_servers: Type.Array(Type.String()),
    scopes_supported: Type.Array(Type.String()),
    bearer_methods_supported: Type.Array(Type.String()),
  },
  { additionalProperties: true, description: 'RFC 9728 §2 metadata; every 401 and 403 of /v2 names it in WWW-Authenticate' },
);

export const OAUTH_OPERATIONS: Record<string, Record<string, unknown>> = {
  'GET /oauth/authorize': {
    summary: 'Start an authorization (consent screen)',
    description:
      "Webflow's authorize request (/docs/webflow-wire#authorize-request), RFC 6749 §4.1.1. A browser navigation, not an API call: Gatehouse asks the user to sign in, shows the consent screen with the workspace/site picker, then redirects to redirect_uri with code, state and iss (RFC 9207), or error=access_denied.",
    tags: ['OAuth'],
    querystring: Type.Object({
      response_type: Type.Literal('code'),
      client_id: Type.String({ description: "The app's client_id (64 hex characters)" }),
      redirect_uri: Type.Optional(Type.String({ description: "One of the app's registered redirect URIs, exact match; optional when it has exactly one" })),
      scope: Type.Optional(Type.String({ description: "Space-separated scopes, within the app's registration" })),
      state: Type.Optional(Type.String({ description: 'Returned unchanged; use it against CSRF' })),
      code_challenge: Type.Optional(Type.String({ description: 'PKCE challenge (RFC 7636), required for public clients' })),
      code_challenge_method: Type.Optional(Type.Literal('S256')),
    }),
    response: {
      303: Type.Null({ description: 'To sign-in and consent, then to redirect_uri with code & state (or error & state)' }),
      400: Type.String({ description: 'HTML error page: unknown client, unregistered redirect_uri or scopes beyond the registration — never redirected' }),
    },
    produces: ['text/html'],
  },
  'POST /oauth/access_token': tokenEndpoint,
  'POST /oauth/token': { ...tokenEndpoint, summary: 'Alias of POST /oauth/access_token' },
  'POST /oauth/revoke_authorization': {
    summary: 'Revoke the whole authorization behind an access token',
    description: "Webflow's revoke_authorization (/docs/webflow-wire#revoking-an-authorization): every token of that authorization stops working at once.",
    tags: ['OAuth'],
    consumes: FORM_OR_JSON,
    security: clientAuth,
    body: Type.Object({ access_token: Type.String(), ...clientCredentials }),
    response: { 200: Type.Object({ did_revoke: Type.Literal(true) }, { description: 'Revoked' }), ...oauthErrors },
  },
  'POST /oauth/revoke': {
    summary: 'Revoke a token (RFC 7009)',
    description: 'RFC 7009 §2: 200 with an empty body, also for an unknown token.',
    tags: ['OAuth'],
    consumes: FORM_OR_JSON,
    security: clientAuth,
    body: Type.Object({ token: Type.String(), token_type_hint: str('access_token or refresh_token'), ...clientCredentials }),
    response: { 200: Type.Null({ description: 'Revoked, or nothing to revoke' }), ...oauthErrors },
  },
  'POST /oauth/introspect': {
    summary: 'Introspect a token (RFC 7662)',
    description: 'For resource servers registered as apps: any client with a secret may check any Gatehouse access token (OAuth, site or workspace).',
    tags: ['OAuth'],
    consumes: FORM_OR_JSON,
    security: clientAuth,
    body: Type.Object({ token: Type.String(), ...clientCredentials }),
    response: {
      200: Type.Object(
        {
          active: Type.Boolean(),
          scope: Type.Optional(Type.String()),
          client_id: Type.Optional(Type.String()),
          token_type: Type.Optional(Type.String()),
          exp: Type.Optional(Type.Integer()),
          iat: Type.Optional(Type.Integer()),
          sub: Type.Optional(Type.String()),
          site_ids: Type.Optional(Type.Array(Type.String())),
          workspace_ids: Type.Optional(Type.Array(Type.String())),
          authorization_id: Type.Optional(Type.String()),
          gatehouse_token_kind: Type.Optional(Type.String({ enum: ['oauth', 'site', 'workspace'] })),
        },
        { description: 'RFC 7662 §2.2; exactly {"active": false} for an unknown, revoked or expired token' },
      ),
      ...oauthErrors,
    },
  },
  'GET /.well-known/oauth-authorization-server': {
    summary: 'Authorization server metadata (RFC 8414)',
    tags: ['OAuth'],
    response: { 200: metadata },
  },
  'GET /.well-known/oauth-protected-resource/v2': {
    summary: 'Protected resource metadata of /v2 (RFC 9728)',
    tags: ['OAuth'],
    response: { 200: resourceMetadata },
  },
  'GET /.well-known/oauth-protected-resource': {
    summary: 'Protected resource metadata of /v2, at the origin (RFC 9728)',
    tags: ['OAuth'],
    response: { 200: resourceMetadata },
  },
};

export type OperationSchema = Record<string, unknown> & { response?: Record<string, TSchema> };
