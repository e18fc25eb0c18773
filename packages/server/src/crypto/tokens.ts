import { createHash, hash, timingSafeEqual } from 'node:crypto';
import { randomBase64url } from './random-pool.js';

/**
 * Prefixes let secret scanners recognise a leaked Gatehouse credential and tell its kind.
 * docs/design.md, "Grants, tokens and revocation": at least 256 bits of randomness after the prefix.
 */
export const TOKEN_PREFIX = {
  oauthAccessToken: 'gth_oat_',
  siteToken: 'gth_site_',
  workspaceToken: 'gth_ws_',
  refreshToken: 'gth_rt_',
  authorizationCode: 'gth_code_',
  clientSecret: 'gth_cs_',
  webhookSecret: 'gth_whsec_',
  session: 'gth_sess_',
  interaction: 'gth_int_',
  registrationAccessToken: 'gth_reg_',
  invitation: 'gth_inv_',
  passwordReset: 'gth_pwr_',
  emailVerification: 'gth_ev_',
  device: 'gth_dev_',
  adminKey: 'gth_admin_',
  pendingSignIn: 'gth_2fa_',
} as const;

export type TokenPrefix = (typeof TOKEN_PREFIX)[keyof typeof TOKEN_PREFIX];

export function newSecret(prefix: TokenPrefix): string {
  return prefix + randomBase64url(32);
}

/** The only form in which tokens, codes and sessions are stored. */
export function digest(secret: string): string {
  // One-shot hash: runs on every API request, and skips the Hash object createHash would allocate.
  return hash('sha256', secret, 'base64url');
}

/** Constant-time comparison of two strings (by their digests, so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
