/**
 * One item of a Data API error's `details` array (docs/webflow-wire.md, "Errors"): a string or a field/message pair.
 *
 * @example
 * const detail: ErrorDetail = { field: 'url', message: 'url must use https' };
 */
export type ErrorDetail = string | { field?: string; message?: string; [key: string]: unknown };

/**
 * Every failed Gatehouse call throws this: a Data API error (`{code, message, externalReference,
 * details}`, docs/webflow-wire.md, "Errors") or, through {@link OAuthError}, an RFC 6749 §5.2 token-endpoint error.
 *
 * @example
 * try {
 *   await client.sites.get('0123456789abcdef01234567');
 * } catch (err) {
 *   if (err instanceof GatehouseError && err.code === 'resource_not_found') console.log('gone');
 * }
 */
export class GatehouseError extends Error {
  override readonly name: string = 'GatehouseError';
  /** HTTP status of the response. */
  readonly status: number;
  /** Wire error code, e.g. `missing_scopes`, `not_authorized`, `invalid_grant`. */
  readonly code: string;
  /** The `details` array of a Data API error; empty otherwise. */
  readonly details: ErrorDetail[];
  /** The `externalReference` of a Data API error, or `null`. */
  readonly externalReference: string | null;
  /** Seconds the server asked us to wait (`Retry-After`), when it said so. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: ErrorDetail[];
    externalReference?: string | null;
    retryAfterSeconds?: number | undefined;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.externalReference = init.externalReference ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/**
 * An RFC 6749 §5.2 error from an OAuth endpoint (`{error, error_description}`); `code` holds
 * `error` and `message` holds `error_description`.
 *
 * @example
 * try {
 *   await gatehouse.getAccessToken({ code, redirectUri });
 * } catch (err) {
 *   if (err instanceof OAuthError && err.code === 'invalid_grant') restartLogin();
 * }
 */
export class OAuthError extends GatehouseError {
  override readonly name: string = 'OAuthError';
}
