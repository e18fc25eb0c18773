import { createHash, randomBytes } from 'node:crypto';
import { WEBFLOW_CATALOGUE } from '../webflow-catalogue.js';

/** The in-memory stores speak the built-in preset's scope order. */
const formatScopes = (scopes: Iterable<string>) => WEBFLOW_CATALOGUE.formatScopes(scopes);
import type { CodeGrantStore, StoredCode } from './authorization-code.js';
import type { RefreshGrantStore, RotationOutcome } from './refresh-token.js';
import type { IssuedTokens } from './types.js';

/**
 * In-memory reference implementations of the grant stores, for unit tests of the protocol core and as
 * the plainest statement of each contract (the database versions live in platform/oauth-storage/oauth-codes.ts and
 * platform/oauth-storage/oauth-refresh.ts). Like those, they keep only SHA-256 digests of codes and tokens. One event
 * loop turn is one transaction here, so "only if not consumed yet" needs no lock.
 */

const digestOf = (secret: string) => createHash('sha256').update(secret).digest('base64url');
const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Access tokens the stores issued, by digest, with what revokes them. */
export class MemoryTokenLedger {
  private readonly tokens = new Map<string, { authorizationId: string; source: string; revoked: boolean }>();

  issue(authorizationId: string, source: string): string {
    const token = newSecret('mem_at_');
    this.tokens.set(digestOf(token), { authorizationId, source, revoked: false });
    return token;
  }

  /** Revokes every token issued from `source` (a code digest or a refresh-token family). */
  revokeFrom(source: string): void {
    for (const t of this.tokens.values()) if (t.source === source) t.revoked = true;
  }

  revokeAuthorization(authorizationId: string): void {
    for (const t of this.tokens.values()) if (t.authorizationId === authorizationId) t.revoked = true;
  }

  isActive(token: string): boolean {
    const t = this.tokens.get(digestOf(token));
    return t !== undefined && !t.revoked;
  }
}

export interface MemoryCode {
  appId: string;
  authorizationId: string;
  scopes: string[];
  redirectUri?: string | null;
  codeChallenge?: string | null;
  expiresAt: Date;
  resource?: string | null;
}

/** The authorization-code grant's storage (contract in authorization-code.ts). */
export class MemoryCodeGrantStore implements CodeGrantStore {
  private readonly codes = new Map<string, StoredCode & { authorizationId: string; scope: string }>();
  private readonly revokedAuthorizations = new Set<string>();
  private readonly redirectUris = new Map<string, string[]>();

  constructor(readonly ledger = new MemoryTokenLedger()) {}

  /** Registers an app's redirect URIs. */
  registerApp(appId: string, redirectUris: string[]): void {
    this.redirectUris.set(appId, [...redirectUris]);
  }

  /** What the consent step does: stores a new code and returns it; only its digest is kept. */
  issueCode(code: MemoryCode): string {
    const value = newSecret('mem_code_');
    const digest = digestOf(value);
    this.codes.set(digest, {
      digest,
      appId: code.appId,
      authorizationId: code.authorizationId,
      scope: formatScopes(code.scopes),
      redirectUri: code.redirectUri ?? null,
      codeChallenge: code.codeChallenge ?? null,
      expiresAt: code.expiresAt.toISOString(),
      consumed: false,
      authorizationRevoked: false,
      resource: code.resource ?? null,
    });
    return value;
  }

  /** Uninstall: the authorization's tokens stop working and its unused codes are consumed. */
  revokeAuthorization(authorizationId: string): void {
    this.revokedAuthorizations.add(authorizationId);
    for (const c of this.codes.values()) if (c.authorizationId === authorizationId) c.consumed = true;
    this.ledger.revokeAuthorization(authorizationId);
  }

  async find(code: string): Promise<StoredCode | undefined> {
    const found = this.codes.get(digestOf(code));
    return found && { ...found, authorizationRevoked: this.revokedAuthorizations.has(found.authorizationId) };
  }

  async redeem(code: StoredCode): Promise<IssuedTokens | undefined> {
    const stored = this.codes.get(code.digest);
    if (!stored || stored.consumed || this.revokedAuthorizations.has(stored.authorizationId)) return undefined;
    stored.consumed = true;
    return { accessToken: this.ledger.issue(stored.authorizationId, stored.digest), scope: stored.scope };
  }

  async revokeIssuedFrom(code: StoredCode): Promise<void> {
    this.ledger.revokeFrom(code.digest);
  }

  async redirectUrisOf(appId: string): Promise<string[]> {
    return this.redirectUris.get(appId) ?? [];
  }
}

export interface MemoryRefreshGrant {
  appId: string;
  authorizationId: string;
  scopes: string[];
  expiresAt?: Date | null;
}

interface RefreshRecord {
  appId: string;
  authorizationId: string;
  familyId: string;
  scopes: string;
  expiresAt: number | null;
  used: boolean;
  revoked: boolean;
}

/** The refresh grant's storage (contract in refresh-token.ts), with rotation and family revocation. */
export class MemoryRefreshGrantStore implements RefreshGrantStore {
  private readonly records = new Map<string, RefreshRecord>();
  private readonly revokedAuthorizations = new Set<string>();
  private families = 0;

  constructor(
    private readonly now: () => Date,
    readonly ledger = new MemoryTokenLedger(),
  ) {}

  /** What a code exchange does when refresh tokens are on: starts a family and returns its first token. */
  issueRefreshToken(grant: MemoryRefreshGrant): string {
    const familyId = `family-${++this.families}`;
    return this.add({
      appId: grant.appId,
      authorizationId: grant.authorizationId,
      familyId,
      scopes: formatScopes(grant.scopes),
      expiresAt: grant.expiresAt?.getTime() ?? null,
      used: false,
      revoked: false,
    });
  }

  revokeAuthorization(authorizationId: string): void {
    this.revokedAuthorizations.add(authorizationId);
    for (const r of this.records.values()) if (r.authorizationId === authorizationId) r.revoked = true;
    this.ledger.revokeAuthorization(authorizationId);
  }

  async scopesOf(refreshToken: string, appId: string): Promise<string[] | undefined> {
    const record = this.records.get(digestOf(refreshToken));
    return record && record.appId === appId ? record.scopes.split(' ') : undefined;
  }

  async rotate(
    refreshToken: string,
    appId: string,
    scopes: string[] | undefined,
    accept?: (grant: { resource: string | null }) => void,
  ): Promise<RotationOutcome> {
    const record = this.records.get(digestOf(refreshToken));
    if (!record || record.appId !== appId) return { kind: 'invalid' };
    if (this.revokedAuthorizations.has(record.authorizationId)) return { kind: 'revoked' };
    accept?.({ resource: null });
    if (record.used || record.revoked) {
      this.revokeFamily(record.familyId);
      return { kind: 'reused' };
    }
    if (record.expiresAt !== null && record.expiresAt <= this.now().getTime()) return { kind: 'invalid' };
    record.used = true;
    const next = this.add({ ...record, used: false, revoked: false });
    const tokens: IssuedTokens = {
      accessToken: this.ledger.issue(record.authorizationId, record.familyId),
      scope: scopes ? formatScopes(scopes) : record.scopes,
      refreshToken: next,
    };
    return { kind: 'issued', tokens };
  }

  private add(record: RefreshRecord): string {
    const token = newSecret('mem_rt_');
    this.records.set(digestOf(token), record);
    return token;
  }

  private revokeFamily(familyId: string): void {
    for (const r of this.records.values()) if (r.familyId === familyId) r.revoked = true;
    this.ledger.revokeFrom(familyId);
  }
}
