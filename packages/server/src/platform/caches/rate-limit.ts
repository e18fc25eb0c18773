import { MEMORY_BOUND_DEFAULTS } from '../../config/config.js';

/** docs/webflow-wire.md, "Rate limits": requests per minute per token, a fixed one-minute window. */
export const RATE_WINDOW_MS = 60_000;

/** The counter a token's requests are counted on. */
export const rateKeyOfToken = (tokenId: string): string => `token:${tokenId}`;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
}

/** A counter store shared by the nodes that must agree on a limit. */
export interface RateLimitStore {
  /** Counts one request against `key` and says whether it is within `limit` for the window at `nowMs`. */
  hit(key: string, limit: number, nowMs: number): Promise<RateDecision>;
  /** Requests already counted against each key in the window at `nowMs`, counting none (the dashboard's view of a window). */
  peek(keys: readonly string[], nowMs: number): Promise<number[]>;
  close(): Promise<void>;
}

export function decide(count: number, limit: number, windowEndsMs: number, nowMs: number): RateDecision {
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: Math.max(1, Math.ceil((windowEndsMs - nowMs) / 1000)),
  };
}

/** In-process counters: the default, exact for a single node. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { window: number; count: number }>();
  /**
   * The window of the last sweep. A sweep leaves only counters of its own window, so another within that
   * window would free nothing: with more keys than the bound in one minute, sweeping on every new key would
   * walk every counter per request.
   */
  private sweptWindow = NaN;

  /** Past `maxEntries` counters (RATE_LIMIT_MEMORY_ENTRIES, docs/configuration.md) those of past windows are swept, once per window. */
  constructor(private readonly maxEntries: number = MEMORY_BOUND_DEFAULTS.rateLimitEntries) {}

  async hit(key: string, limit: number, nowMs: number): Promise<RateDecision> {
    return this.hitSync(key, limit, nowMs);
  }

  hitSync(key: string, limit: number, nowMs: number): RateDecision {
    const window = Math.floor(nowMs / RATE_WINDOW_MS);
    const entry = this.windowOf(key, window);
    entry.count += 1;
    return decide(entry.count, limit, (window + 1) * RATE_WINDOW_MS, nowMs);
  }

  /**
   * Counts the request only when it is within the limit; otherwise counts nothing and returns undefined,
   * so a caller that cannot answer the refusal itself can hand the request to one that will `hit` it.
   */
  hitIfAllowedSync(key: string, limit: number, nowMs: number): RateDecision | undefined {
    const window = Math.floor(nowMs / RATE_WINDOW_MS);
    const entry = this.windowOf(key, window);
    if (entry.count >= limit) return undefined;
    entry.count += 1;
    return decide(entry.count, limit, (window + 1) * RATE_WINDOW_MS, nowMs);
  }

  async peek(keys: readonly string[], nowMs: number): Promise<number[]> {
    return this.peekSync(keys, nowMs);
  }

  peekSync(keys: readonly string[], nowMs: number): number[] {
    const window = Math.floor(nowMs / RATE_WINDOW_MS);
    return keys.map((key) => {
      const entry = this.windows.get(key);
      return entry && entry.window === window ? entry.count : 0;
    });
  }

  private windowOf(key: string, window: number): { window: number; count: number } {
    let entry = this.windows.get(key);
    if (!entry || entry.window !== window) {
      if (this.windows.size > this.maxEntries && window !== this.sweptWindow) this.sweep(window);
      entry = { window, count: 0 };
      this.windows.set(key, entry);
    }
    return entry;
  }

  private sweep(current: number): void {
    this.sweptWindow = current;
    for (const [key, entry] of this.windows) if (entry.window !== current) this.windows.delete(key);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}
