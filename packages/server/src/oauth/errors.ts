/**
 * RFC 6749 §4.1.2.1 and §5.2 error codes, one class per wire code. `description` is always safe to
 * show to the client; internal detail never goes into it.
 */
export abstract class OAuthError extends Error {
  abstract readonly error: string;
  /** HTTP status when rendered as a JSON error (RFC 6749 §5.2: 400, or 401 for invalid_client). */
  readonly status: number = 400;
  constructor(readonly description: string) {
    super(description);
    this.name = new.target.name;
  }
}

export class InvalidRequest extends OAuthError {
  readonly error = 'invalid_request';
}

export class InvalidClient extends OAuthError {
  readonly error = 'invalid_client';
  override readonly status = 401;
  /** True when the client tried HTTP Basic: the answer must carry `WWW-Authenticate: Basic`. */
  constructor(
    description: string,
    readonly viaBasic = false,
  ) {
    super(description);
  }
}

export class InvalidGrant extends OAuthError {
  readonly error = 'invalid_grant';
}

export class UnsupportedGrantType extends OAuthError {
  readonly error = 'unsupported_grant_type';
}

export class InvalidScope extends OAuthError {
  readonly error = 'invalid_scope';
}

/** RFC 6749 §4.1.2.1: the user denied the request; sent back on the redirect URI. */
export class AccessDenied extends OAuthError {
  readonly error = 'access_denied';
}

export class UnsupportedResponseType extends OAuthError {
  readonly error = 'unsupported_response_type';
}

/** RFC 8707 §2: the `resource` asked for is unknown, malformed, or not the one this grant is bound to. */
export class InvalidTarget extends OAuthError {
  readonly error = 'invalid_target';
}

/** RFC 7591 §3.2.2: a registration's redirect URIs are refused. */
export class InvalidRedirectUri extends OAuthError {
  readonly error = 'invalid_redirect_uri';
}

/** RFC 7591 §3.2.2: some other field of a registration (or of a client ID metadata document) is refused. */
export class InvalidClientMetadata extends OAuthError {
  readonly error = 'invalid_client_metadata';
}

/** docs/webflow-wire.md, "Revoking an authorization": `revoke_authorization` answers this for an unknown or already revoked token. */
export class InvalidToken extends OAuthError {
  readonly error = 'invalid_token';
  /** 401 where the token is the request's credential (RFC 7592 §2's registration access token). */
  constructor(
    description: string,
    override readonly status: number = 400,
  ) {
    super(description);
  }
}

/**
 * RFC 6749 §4.1.2.1 `temporarily_unavailable`, used on every OAuth surface when the database cannot
 * answer: 503 with `Retry-After` rather than a 500.
 */
export class TemporarilyUnavailable extends OAuthError {
  readonly error = 'temporarily_unavailable';
  override readonly status = 503;
}

/**
 * docs/webflow-wire.md, "Where Webflow is silent": an authorize request that must not be redirected (unknown client, unregistered redirect URI,
 * scopes beyond the app's registration) is answered with a 400 page instead.
 */
export class NotRedirectable extends Error {
  constructor(
    readonly oauthError: OAuthError,
    readonly title: string,
    /** For a redirect URI mismatch: what was sent and what is registered, so the developer can compare them on the page. */
    readonly redirectUris?: { sent: string | null; registered: readonly string[] },
  ) {
    super(oauthError.description);
    this.name = 'NotRedirectable';
  }
}

/** RFC 7591 has no code for it: an address that registers too often is told to wait (429, `Retry-After`). */
export class TooManyRegistrations extends OAuthError {
  readonly error = 'temporarily_unavailable';
  override readonly status = 429;
  constructor(
    description: string,
    readonly retryAfterSeconds: number,
  ) {
    super(description);
  }
}
