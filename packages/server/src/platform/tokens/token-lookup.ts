import type { TokenKind } from '../../domain.js';
import { isInactiveSince } from './api-tokens.js';

/**
 * What a bearer token may do, resolved from its digest by platform/tokens/token-resolver.ts. Plain data, so it can be cached and compared
 * against revocation notices (tokenId, authorizationId, appId).
 */
export interface Principal {
  tokenId: string;
  kind: TokenKind;
  /** The scopes as stored (RFC 7662 `scope`). */
  scope: string;
  scopes: ReadonlySet<string>;
  workspaceId: string;
  /** Sites the token reaches; null means every site of `workspaceId`, including sites created later. */
  siteIds: ReadonlySet<string> | null;
  /** Whether the token reaches the workspace itself (workspace authorizations and workspace tokens). */
  reachesWorkspace: boolean;
  authorizationId: string | null;
  authorizationCreatedAt: string | null;
  appId: string | null;
  /** The app an OAuth token was issued to, as the token endpoints of the Data API describe it. */
  app: { clientId: string; name: string; description: string; homepage: string } | null;
  /** RFC 8707 resource an OAuth token is bound to; null for tokens meant for `/v2` (docs/oauth.md, "Resources and audiences"). */
  resource: string | null;
  /** The authorizing user (OAuth) or the token's creator (site/workspace tokens). */
  userId: string | null;
  rateLimit: number;
  /** The counter the token's requests are counted on (platform/caches/rate-limit.ts): one string, so a lookup hashes it once. */
  rateKey: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  /** `expiresAt` and the last use (or the creation) as epoch ms: judged on every request, so parsed once. */
  expiresAtMs: number | null;
  activeAtMs: number;
}

/** RFC 6750 §3.1 invalid_token: unknown, revoked or expired. Judged on every request, also from cache. */
export function isPrincipalExpired(p: Principal, nowMs: number): boolean {
  if (p.expiresAtMs !== null && p.expiresAtMs <= nowMs) return true;
  return isInactiveSince(p.kind, p.activeAtMs, nowMs);
}

/** Resource boundary (docs/design.md, "Surfaces"): a token reaches only the sites its authorization covers. */
export function reachesSite(p: Principal, site: { id: string; workspaceId: string }): boolean {
  if (site.workspaceId !== p.workspaceId) return false;
  return p.siteIds === null ? p.kind === 'oauth' : p.siteIds.has(site.id);
}
