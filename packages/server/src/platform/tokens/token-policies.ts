import type { Config } from '../../config/config.js';
import type { TokenPolicy } from '../oauth-storage/oauth-tokens.js';

/**
 * docs/oauth.md, "Public clients": confidential apps follow REFRESH_TOKENS; public clients (registered
 * public, by RFC 7591 or by a client ID metadata document) always get expiring access tokens and
 * rotating refresh tokens with a retry grace period, as the MCP authorization profile asks.
 */
export function tokenPolicies(config: Config): Record<'confidential' | 'public', TokenPolicy> {
  const lifetimes = { accessTokenTtlSeconds: config.accessTokenTtlSeconds, refreshTokenTtlSeconds: config.refreshTokenTtlSeconds };
  return {
    confidential: { refreshTokens: config.refreshTokens, ...lifetimes },
    public: { refreshTokens: true, ...lifetimes, refreshRetryGraceSeconds: config.refreshRetryGraceSeconds },
  };
}
