import type { Plan, Role, DataCollectionType, ClientType, AuthorizationTarget, TokenKind, DeliveryStatus } from '../domain.js';
import type { Generated } from 'kysely';

/**
 * Table shapes shared by the SQLite and PostgreSQL backends. Timestamps are ISO-8601 UTC strings with
 * milliseconds (they sort as text on both databases); booleans are 0/1 integers; lists and objects
 * that are never queried inside are JSON text.
 */
export interface Database {
  users: UserRow;
  workspaces: WorkspaceRow;
  memberships: MembershipRow;
  sites: SiteRow;
  custom_domains: CustomDomainRow;
  apps: AppRow;
  app_redirect_uris: AppRedirectUriRow;
  authorizations: AuthorizationRow;
  authorization_sites: AuthorizationSiteRow;
  authorization_codes: AuthorizationCodeRow;
  access_tokens: AccessTokenRow;
  token_last_used: TokenLastUsedRow;
  refresh_tokens: RefreshTokenRow;
  webhooks: WebhookRow;
  webhook_deliveries: WebhookDeliveryRow;
  comment_threads: CommentThreadRow;
  comment_replies: CommentReplyRow;
  audit_events: AuditEventRow;
  login_sessions: LoginSessionRow;
  oauth_interactions: OAuthInteractionRow;
  login_attempts: LoginAttemptRow;
  invalidations: InvalidationRow;
  account_links: AccountLinkRow;
  invitations: InvitationRow;
  known_devices: KnownDeviceRow;
  admin_api_keys: AdminApiKeyRow;
  deployment_operators: DeploymentOperatorRow;
  idempotency_keys: IdempotencyKeyRow;
  protected_resources: ProtectedResourceRow;
  client_registrations: ClientRegistrationRow;
  usage_hourly: UsageHourlyRow;
  totp_factors: TotpFactorRow;
  recovery_codes: RecoveryCodeRow;
  passkeys: PasskeyRow;
  pending_sign_ins: PendingSignInRow;
  webauthn_challenges: WebAuthnChallengeRow;
}

/** A resource server tokens may be bound to (RFC 8707); `<PUBLIC_URL>/v2` is built in and not stored. */
export interface ProtectedResourceRow {
  uri: string;
  name: string;
  /** Space-separated scopes the resource accepts. */
  scopes: string;
  created_at: string;
}

/**
 * An RFC 7591 registration. Its app row is made in the workspace that first installs it; until then it
 * lives here only, and expires unused (docs/oauth.md, "Dynamic client registration").
 */
export interface ClientRegistrationRow {
  client_id: string;
  /** JSON of the client metadata as registered (RFC 7591 §2), normalised. */
  metadata: string;
  client_secret_digest: string | null;
  client_secret_encrypted: string | null;
  /** SHA-256 of the RFC 7592 registration access token. */
  registration_token_digest: string;
  /** The address that registered it, for the per-address limit. */
  registered_from: string;
  created_at: string;
}

/** Requests per subject (`token`, `app`, `workspace`) and UTC hour (`2026-12-02T14`), rolled up as they happen. */
export interface UsageHourlyRow {
  subject_kind: string;
  subject_id: string;
  hour: string;
  requests: number;
  client_errors: number;
  rate_limited: number;
}

/** One entry of the invalidation feed (platform/caches/invalidation-feed.ts); `seq` only grows. */
export interface InvalidationRow {
  seq: Generated<number | string>;
  /** JSON: `{tokenIds?, authorizationIds?, appIds?, siteIds?}`. */
  notice: string;
  created_at: string;
}

export interface UserRow {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  password_hash: string;
  /** When the owner followed a link sent to `email`; null until then (docs/dashboard.md, "Email verification"). */
  email_verified_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkspaceRow {
  id: string;
  name: string;
  slug: string;
  plan: Plan;
  /** Custom Data API requests per minute per token (Enterprise); null uses the plan's default. */
  api_rate_limit?: number | null;
  /** When an admin required two-factor sign-in of the members; null when not required (docs/dashboard.md, "Two-factor sign-in"). */
  two_factor_required_at?: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipRow {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: string;
}

export interface SiteRow {
  id: string;
  workspace_id: string;
  display_name: string;
  short_name: string;
  time_zone: string;
  preview_url: string | null;
  /** JSON `Locales` object as Webflow shapes it (docs/webflow-wire.md, "Sites"). */
  locales: string;
  created_at: string;
  last_updated: string;
  last_published: string | null;
  /** Added by migration 0007; absent only in rows written before it. */
  parent_folder_id?: string | null;
  data_collection_enabled?: number;
  data_collection_type?: DataCollectionType;
}

export interface CustomDomainRow {
  id: string;
  site_id: string;
  url: string;
  last_published: string | null;
  created_at: string;
}

export interface AppRow {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  homepage: string;
  client_id: string;
  client_secret_digest: string;
  client_secret_encrypted: string;
  client_type: ClientType;
  /** Space-separated registered scopes. */
  scopes: string;
  restrict_to_single_site: number;
  is_public: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** An https URL shown on the consent screen, or null. */
  logo_url?: string | null;
  /** After a rotation with an overlap: the previous secret's digest, valid until `previous_secret_expires_at`. */
  previous_secret_digest?: string | null;
  /** No longer written (the previous secret is kept as a digest only); cleared by the next rotation or revoke. */
  previous_secret_encrypted?: string | null;
  previous_secret_expires_at?: string | null;
}

export interface AppRedirectUriRow {
  app_id: string;
  uri: string;
  position: number;
}

export interface AuthorizationRow {
  id: string;
  app_id: string;
  user_id: string;
  workspace_id: string;
  target: AuthorizationTarget;
  scopes: string;
  created_at: string;
  revoked_at: string | null;
  /** RFC 8707 resource the authorization's tokens are bound to; null for tokens usable on /v2 only (added by migration 0011). */
  resource?: string | null;
  /** When the user last answered the consent screen again for this grant (it is updated in place). */
  updated_at?: string | null;
}

export interface AuthorizationSiteRow {
  authorization_id: string;
  site_id: string;
}

export interface AuthorizationCodeRow {
  /** SHA-256 of the code; the code itself is never stored. */
  digest: string;
  authorization_id: string;
  app_id: string;
  /** The redirect_uri sent to /oauth/authorize, or null when it was omitted. */
  redirect_uri: string | null;
  code_challenge: string | null;
  code_challenge_method: string | null;
  scopes: string;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}

export interface AccessTokenRow {
  id: string;
  digest: string;
  kind: TokenKind;
  authorization_id: string | null;
  app_id: string | null;
  /** For site tokens: the site. */
  site_id: string | null;
  /** For workspace tokens (and OAuth tokens, the authorization's workspace). */
  workspace_id: string;
  name: string | null;
  scopes: string;
  created_by: string | null;
  /** Digest of the authorization code this token was issued from, to revoke it on code replay. */
  code_digest: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  /** Site and workspace tokens: the type prefix and last four characters, kept for lists (the token is only a digest). */
  display_hint?: string | null;
}

/** A token's last use, about once a minute (platform/tokens/last-used.ts); a token never used has no row (ADR 0031). */
export interface TokenLastUsedRow {
  token_id: string;
  last_used_at: string;
}

export interface RefreshTokenRow {
  digest: string;
  family_id: string;
  authorization_id: string;
  app_id: string;
  access_token_id: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  used_at: string | null;
  revoked_at: string | null;
  /** The rotation's answer, sealed, repeated to a retry within the grace period (docs/oauth.md, "Public clients"). */
  retry_answer_sealed?: string | null;
}

export interface WebhookRow {
  id: string;
  site_id: string;
  workspace_id: string;
  app_id: string | null;
  /** The token that created it; for an OAuth token, `authorization_id` is its owner and quota key. */
  access_token_id: string | null;
  /** The authorization an OAuth webhook belongs to; it goes when the authorization ends. */
  authorization_id?: string | null;
  /** The workspace admin who made it in the dashboard; it ends with their admin role (migration 0019). */
  created_by_user_id?: string | null;
  trigger_type: string;
  url: string;
  /** JSON `{ name }` or null. */
  filter: string | null;
  /** For site-token webhooks: AES-GCM sealed secretKey. */
  secret_key_encrypted: string | null;
  active: number;
  consecutive_failures: number;
  created_at: string;
  last_triggered: string | null;
}

export interface WebhookDeliveryRow {
  id: string;
  webhook_id: string;
  trigger_type: string;
  /** The exact JSON body that is signed and sent. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  /** When the last attempt was answered (or failed); null before the first. */
  last_attempt_at?: string | null;
  /** How long the receiver took to answer the last attempt, in ms; null when nothing answered. */
  last_response_ms?: number | null;
}

export interface CommentThreadRow {
  id: string;
  site_id: string;
  page_id: string;
  locale_id: string | null;
  item_id: string | null;
  breakpoint: string;
  url: string;
  content: string;
  is_resolved: number;
  author_user_id: string;
  /** JSON array of user ids. */
  mentioned_user_ids: string;
  created_at: string;
  last_updated: string;
}

export interface CommentReplyRow {
  id: string;
  thread_id: string;
  site_id: string;
  content: string;
  is_resolved: number;
  author_user_id: string;
  mentioned_user_ids: string;
  created_at: string;
  last_updated: string;
}

export interface AuditEventRow {
  id: string;
  workspace_id: string | null;
  site_id: string | null;
  actor_user_id: string | null;
  actor_email: string | null;
  event_type: string;
  event_sub_type: string;
  /** JSON object; never holds a secret. */
  payload: string;
  created_at: string;
}

export interface LoginSessionRow {
  /** SHA-256 of the session cookie value. */
  digest: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface OAuthInteractionRow {
  /** SHA-256 of the interaction handle carried in the login round-trip. */
  digest: string;
  /** JSON of the validated authorization request. */
  request: string;
  created_at: string;
  expires_at: string;
}

export interface LoginAttemptRow {
  /** `<kind>:<value>` (platform/accounts/attempt-throttle.ts), e.g. `sign-in:someone@example.com|127.0.0.1`. */
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

export type AccountLinkPurpose = 'password-reset' | 'email-verification';

/** A one-time link sent by email; only the digest of its secret is kept. */
export interface AccountLinkRow {
  digest: string;
  purpose: AccountLinkPurpose;
  user_id: string;
  /** The address the link was sent to: a link is good only while the account still has it. */
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** An invitation to a workspace, bound to one address (docs/dashboard.md, "Invitations"). */
export interface InvitationRow {
  id: string;
  workspace_id: string;
  email: string;
  role: Role;
  token_digest: string;
  invited_by_user_id: string | null;
  invited_by_email: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by_user_id: string | null;
  revoked_at: string | null;
  /** Whether the last email carrying it went out: `sent` or `failed`. */
  delivery: 'sent' | 'failed';
}

/** A browser an account signed in from (the digest of a long-lived cookie), for new-device notices. */
export interface KnownDeviceRow {
  user_id: string;
  digest: string;
  created_at: string;
  last_seen_at: string;
}

/** An admin API key (platform/admin/admin-keys.ts): only its digest is kept. */
export interface AdminApiKeyRow {
  id: string;
  name: string;
  digest: string;
  /** Space-separated: `admin:read`, `admin:write`. */
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** The key's first characters (`gth_admin_` and six more), shown in lists; null for keys made before it was kept. */
  prefix: string | null;
}

/** A user who may manage the deployment's admin API keys in the dashboard (ADR 0026). */
export interface DeploymentOperatorRow {
  user_id: string;
  granted_at: string;
}

/** A create request's `Idempotency-Key` and, once answered, its sealed answer (platform/admin/idempotency.ts). */
export interface IdempotencyKeyRow {
  admin_key_id: string;
  key: string;
  /** SHA-256 of the method, path and body: the same key with another request is refused. */
  fingerprint: string;
  /** Null while the first request is still running. */
  status: number | null;
  response_sealed: string | null;
  created_at: string;
  expires_at: string;
}

/** An account's authenticator-app secret, sealed (crypto/secret-box.ts); usable once confirmed with a code. */
export interface TotpFactorRow {
  user_id: string;
  secret_sealed: string;
  created_at: string;
  confirmed_at: string | null;
  /** The last RFC 6238 time step a code was accepted for: no code of that step or an earlier one is taken again. */
  last_used_step: number | null;
}

/** A single-use recovery code; only its digest is kept. */
export interface RecoveryCodeRow {
  user_id: string;
  digest: string;
  created_at: string;
  used_at: string | null;
}

/** A WebAuthn credential (passkey): its id and COSE public key, base64url. */
export interface PasskeyRow {
  id: string;
  user_id: string;
  name: string;
  public_key: string;
  sign_count: number | string;
  /** Space-separated authenticator transports, as the browser reported them. */
  transports: string;
  backed_up: number;
  created_at: string;
  last_used_at: string | null;
}

/** A sign-in whose password (or upstream provider) was accepted and which waits for its second step. */
export interface PendingSignInRow {
  /** SHA-256 of the pending cookie's value. */
  digest: string;
  user_id: string;
  /** `password`, or `upstream:<provider id>`. */
  method: string;
  return_to: string;
  created_at: string;
  expires_at: string;
}

export type WebAuthnPurpose = 'register' | 'authenticate';

/** A WebAuthn challenge handed to one browser, spent by deleting the row. */
export interface WebAuthnChallengeRow {
  /** SHA-256 of the handle kept in the browser's cookie. */
  digest: string;
  purpose: WebAuthnPurpose;
  /** The account it was made for; null for a passwordless sign-in, where the passkey names the account. */
  user_id: string | null;
  challenge: string;
  expires_at: string;
}
