/**
 * How the client retries a `429 Too Many Requests` (docs/webflow-wire.md, "Rate limits"). Only 429 is retried: the
 * server refused the request before doing anything, so even a POST is safe to send again.
 *
 * @example
 * new GatehouseClient({ accessToken, retry: { maxRetries: 5, maxDelayMs: 10_000 } });
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 turns retrying off. */
  maxRetries?: number;
  /**
   * Longest single wait, in milliseconds. Default 60 000. When `Retry-After` asks for longer,
   * the client does not wait at all and throws the 429 at once.
   */
  maxDelayMs?: number;
  /** Wait used when the server sends no `Retry-After`: doubled on each retry. Default 1 000 ms. */
  initialDelayMs?: number;
  /** How to wait; replace it in tests to avoid real timers. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The retry options with every default filled in.
 *
 * @example
 * const resolved: ResolvedRetryOptions = resolveRetryOptions({ maxRetries: 1 });
 */
export type ResolvedRetryOptions = Required<RetryOptions>;

/**
 * Fills in the defaults of {@link RetryOptions}.
 *
 * @example
 * resolveRetryOptions({ maxRetries: 0 }).maxDelayMs; // 60000
 */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? 2)),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 60_000),
    initialDelayMs: Math.max(0, options.initialDelayMs ?? 1_000),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}

/**
 * Reads a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP date.
 * Returns milliseconds to wait, or `undefined` when the header is absent or unreadable.
 *
 * @example
 * parseRetryAfter('3', Date.now()); // 3000
 */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * The wait before retry number `attempt` (0-based), or `undefined` when the client should give up.
 *
 * @example
 * retryDelay(response, 0, resolveRetryOptions()); // 60000 for `Retry-After: 60`
 */
export function retryDelay(response: Response, attempt: number, options: ResolvedRetryOptions): number | undefined {
  if (response.status !== 429 || attempt >= options.maxRetries) return undefined;
  const asked = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  const delay = asked ?? options.initialDelayMs * 2 ** attempt;
  return delay > options.maxDelayMs ? undefined : delay;
}
