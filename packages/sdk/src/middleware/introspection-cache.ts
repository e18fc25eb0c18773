import { createHash } from 'node:crypto';
import type { TokenIntrospection } from '../oauth/introspect.js';

/**
 * Bounds of the introspection cache.
 *
 * @example
 * new IntrospectionCache({ ttlMs: 30_000, maxEntries: 10_000, now: () => Date.now() });
 */
export interface IntrospectionCacheOptions {
  /** How long an answer is reused; also the longest a revoked token keeps working. */
  ttlMs: number;
  /** Most answers kept; the least recently used one is dropped first. */
  maxEntries: number;
  /** Clock in milliseconds; inject one in tests. */
  now: () => number;
}

interface Entry {
  answer: TokenIntrospection;
  expiresAt: number;
}

/**
 * A bounded LRU of introspection answers keyed by the SHA-256 of the token, so that the cache holds
 * no usable token. An answer lives `ttlMs` at most, and never past the token's own `exp`.
 * Lookups of the same token that overlap share one introspection request.
 *
 * @example
 * const cache = new IntrospectionCache({ ttlMs: 30_000, maxEntries: 1000, now: Date.now });
 * const info = await cache.get(token, (t) => gatehouse.introspect(t));
 */
export class IntrospectionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<TokenIntrospection>>();

  constructor(private readonly options: IntrospectionCacheOptions) {}

  /**
   * The cached answer for `token`, or the answer of `introspect` (then cached).
   *
   * @example
   * await cache.get(token, introspect);
   */
  async get(token: string, introspect: (token: string) => Promise<TokenIntrospection>): Promise<TokenIntrospection> {
    const key = createHash('sha256').update(token).digest('base64url');
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.options.now()) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.answer;
    }
    this.entries.delete(key);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const lookup = introspect(token).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, lookup);
    const answer = await lookup;
    this.store(key, answer);
    return answer;
  }

  /**
   * Drops the answer for one token, e.g. when your app learns of a revocation first-hand.
   *
   * @example
   * cache.forget(token);
   */
  forget(token: string): void {
    this.entries.delete(createHash('sha256').update(token).digest('base64url'));
  }

  /**
   * Number of answers held (never more than `maxEntries`).
   *
   * @example
   * cache.size; // 0
   */
  get size(): number {
    return this.entries.size;
  }

  private store(key: string, answer: TokenIntrospection): void {
    if (this.options.ttlMs <= 0 || this.options.maxEntries <= 0) return;
    const now = this.options.now();
    let expiresAt = now + this.options.ttlMs;
    if (answer.active && answer.exp !== undefined) expiresAt = Math.min(expiresAt, answer.exp * 1000);
    if (expiresAt <= now) return;
    this.entries.set(key, { answer, expiresAt });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
