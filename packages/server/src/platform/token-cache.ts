import type { PlatformEvents, RevokedNotice } from './events.js';
import type { Principal } from './token-lookup.js';

export interface TokenCacheOptions {
  /** Most entries kept; the oldest is dropped first. */
  maxEntries?: number;
  /** How long an entry is trusted without asking the database again. */
  ttlMs?: number;
  now?: () => number;
}

interface Entry {
  principal: Principal;
  storedAt: number;
}

/**
 * Token digest → principal, bounded and short-lived. docs/design.md, "Grants, tokens and revocation": revocation is immediate on the node that
 * served it, so every `revoked` notice drops the matching entries at once; the TTL bounds how stale a
 * plan or site change can be.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly onRevoked = (notice: RevokedNotice) => this.drop(notice);
  /**
   * Bumped by every revocation notice. A lookup that started before one may have read the token as live,
   * so its answer is cached only when no notice came in between (take the generation before the lookup).
   */
  generation = 0;

  constructor(private readonly events: PlatformEvents, options: TokenCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? Date.now;
    events.on('revoked', this.onRevoked);
  }

  get(digest: string): Principal | undefined {
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt > this.ttlMs) {
      this.entries.delete(digest);
      return undefined;
    }
    return entry.principal;
  }

  set(digest: string, principal: Principal, readAtGeneration: number): void {
    if (readAtGeneration !== this.generation) return;
    this.entries.delete(digest);
    this.entries.set(digest, { principal, storedAt: this.now() });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Drops every entry a revocation notice touches. */
  drop(notice: RevokedNotice): void {
    this.generation++;
    const tokens = new Set(notice.tokenIds ?? []);
    const authorizations = new Set(notice.authorizationIds ?? []);
    const apps = new Set(notice.appIds ?? []);
    for (const [digest, { principal: p }] of this.entries) {
      if (tokens.has(p.tokenId) || (p.authorizationId && authorizations.has(p.authorizationId)) || (p.appId && apps.has(p.appId))) {
        this.entries.delete(digest);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }

  close(): void {
    this.events.off('revoked', this.onRevoked);
    this.entries.clear();
  }
}
