import { sql } from 'kysely';
import { InsertionOrderedMap } from '../../insertion-ordered-map.js';
import { boundList, listedAs } from '../../store/bound-list.js';
import { precompiled } from '../../store/precompiled-query.js';
import type { PlatformContext } from '../context.js';
import type { Principal } from './token-lookup.js';

export interface LastUsedOptions {
  /** A token's last_used_at is written at most once per this interval. */
  resolutionMs?: number;
  /** How often pending updates are written. */
  flushEveryMs?: number;
  /**
   * Most tokens whose last write is remembered (TOKEN_CACHE_SIZE, docs/configuration.md): past it the
   * oldest is forgotten. A forgotten token is judged by its principal's own `lastUsedAt`, as after a restart.
   */
  trackedTokens?: number;
}

/**
 * One statement text whatever the chunk's length, compiled once (store/precompiled-query.ts) instead of
 * built by Kysely per flush: the ids are one bound list (store/bound-list.ts). Into a narrow table of its
 * own (ADR 0031), so a token's first use adds a small row instead of growing the token's wide one.
 */
const stampLastUsed = precompiled<'at' | 'ids', never>((db, p, dialect) =>
  db
    .insertInto('token_last_used')
    .columns(['token_id', 'last_used_at'])
    .expression(listedAs(dialect, p('ids'), sql`${p('at')}`))
    .onConflict((oc) => oc.column('token_id').doUpdateSet({ last_used_at: (eb) => eb.ref('excluded.last_used_at') })),
);

/**
 * Keeps `lastUsed` current without a database write per request: uses are noted in memory and written
 * in a few UPDATEs per flush, at most once per token per `resolutionMs` (docs/design.md, "Domain": every token records
 * lastUsed; the 365-day inactivity expiry needs only this precision).
 */
export class LastUsedRecorder {
  private readonly pending = new Map<string, string>();
  private readonly written = new InsertionOrderedMap<string, number>();
  private readonly resolutionMs: number;
  private readonly trackedTokens: number;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private lastIso = { ms: NaN, iso: '' };

  constructor(
    private readonly ctx: PlatformContext,
    options: LastUsedOptions = {},
  ) {
    this.resolutionMs = options.resolutionMs ?? 60_000;
    this.trackedTokens = options.trackedTokens ?? 10_000;
    this.timer = setInterval(() => void this.flush().catch(() => {}), options.flushEveryMs ?? 5_000);
    this.timer.unref();
  }

  /** Notes a use at `nowMs`; updates the cached principal so introspection shows it at once. */
  touch(principal: Principal, nowMs = this.ctx.now().getTime()): void {
    const previous = this.written.get(principal.tokenId) ?? (principal.lastUsedAt ? principal.activeAtMs : 0);
    principal.lastUsedAt = this.isoString(nowMs);
    principal.activeAtMs = nowMs;
    if (nowMs - previous < this.resolutionMs) return;
    this.written.set(principal.tokenId, nowMs);
    this.pending.set(principal.tokenId, principal.lastUsedAt);
    if (this.written.size > this.trackedTokens) this.written.deleteOldest();
  }

  /** How many tokens' last writes are remembered now. */
  get tracked(): number {
    return this.written.size;
  }

  // Under load many uses fall in the same millisecond; toISOString is the costliest step of a touch.
  private isoString(ms: number): string {
    if (ms !== this.lastIso.ms) this.lastIso = { ms, iso: new Date(ms).toISOString() };
    return this.lastIso.iso;
  }

  /** Writes pending uses in chunked UPDATEs, stamped with the latest use noted in this flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const ids = [...this.pending.keys()];
      const at = [...this.pending.values()].sort().at(-1)!;
      this.pending.clear();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await stampLastUsed(this.ctx.db, this.ctx.dialect, { at, ids: boundList(this.ctx.dialect, chunk) });
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => {});
  }
}
