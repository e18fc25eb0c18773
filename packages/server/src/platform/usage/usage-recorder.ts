import { MEMORY_BOUND_DEFAULTS } from '../../config/config.js';
import type { PlatformContext } from '../context.js';
import type { Principal } from '../tokens/token-lookup.js';
import { addUsage, hourOf, type UsageIncrement, type UsageSubjectKind } from './usage-rows.js';

type Counts = Pick<UsageIncrement, 'requests' | 'clientErrors' | 'rateLimited'>;

const HOUR_MS = 3_600_000;

export interface UsageRecorderOptions {
  /** How often counts are written (USAGE_FLUSH_SECONDS). */
  flushEveryMs?: number;
  /**
   * Increments a failing database leaves for the next flush (USAGE_UNWRITTEN_LIMIT, docs/configuration.md); past
   * this many the oldest are dropped, so memory stays bounded.
   */
  maxUnwritten?: number;
  /** A flush that failed (the counts are kept and written with the next one). */
  onError?: (err: unknown) => void;
}

/**
 * One token's requests within one UTC hour on this node, not yet written. A request's answer adds to the
 * tally its admission counted on; a tally a flush has let go of hands the answer to the live one.
 */
export class UsageTally {
  requests = 0;
  clientErrors = 0;
  rateLimited = 0;
  detached = false;

  constructor(
    private readonly recorder: UsageRecorder,
    readonly principal: Pick<Principal, 'tokenId' | 'appId' | 'workspaceId'>,
    readonly hourMs: number,
  ) {}

  /** Counts the answer's status: a 429 as rate-limited, any other 4xx as a client error. */
  answered(status: number): void {
    if (status < 400 || status >= 500) return;
    const tally = this.detached ? this.recorder.tallyFor(this.principal, this.hourMs) : this;
    if (status === 429) tally.rateLimited++;
    else tally.clientErrors++;
  }
}

/**
 * Counts Data API requests per token, app and workspace without a database write per request
 * (docs/dashboard.md, "Usage"; ADR 0023): a request adds one to its token's tally in memory (one map lookup);
 * every `flushEveryMs`, and at shutdown, the tallies are rolled up per token, app (OAuth tokens) and workspace
 * and added to their hourly rows in a few upserts.
 */
export class UsageRecorder {
  private readonly live = new Map<string, UsageTally>();
  /** Tallies of an hour that has passed, written by the next flush. */
  private retired: UsageTally[] = [];
  private unwritten: UsageIncrement[] = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: PlatformContext,
    private readonly options: UsageRecorderOptions = {},
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushEveryMs ?? 5_000);
    this.timer.unref();
  }

  /** Counts one request of the principal's token at `nowMs`; the answer's status goes to the tally returned. */
  count(principal: Principal, nowMs: number): UsageTally {
    const tally = this.tallyFor(principal, nowMs - (nowMs % HOUR_MS));
    tally.requests++;
    return tally;
  }

  /** The live tally of the token for the hour starting at `hourMs`. */
  tallyFor(principal: Pick<Principal, 'tokenId' | 'appId' | 'workspaceId'>, hourMs: number): UsageTally {
    const tally = this.live.get(principal.tokenId);
    if (tally && tally.hourMs === hourMs) return tally;
    if (tally) this.retired.push(tally);
    const fresh = new UsageTally(this, { tokenId: principal.tokenId, appId: principal.appId, workspaceId: principal.workspaceId }, hourMs);
    this.live.set(principal.tokenId, fresh);
    return fresh;
  }

  /**
   * Takes what was counted since the last flush (tallies stay in place with their counts zeroed, so answers still
   * on their way count in the next flush; a tally with nothing to take is let go), rolls it up per subject and hour,
   * and adds it to the rows. Counts a failed write could not store are kept for the next flush.
   */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const increments = this.take();
      if (increments.length === 0) return;
      const { unwritten, error } = await addUsage(this.ctx, increments);
      if (error === undefined) return;
      const max = this.options.maxUnwritten ?? MEMORY_BOUND_DEFAULTS.usageUnwritten;
      this.unwritten = unwritten.length > max ? unwritten.slice(-max) : unwritten;
      this.options.onError?.(error);
    });
    return this.flushing;
  }

  private take(): UsageIncrement[] {
    // Rolled up by hour, subject kind and subject id in maps keyed by the ids themselves: a key string made
    // per tally and subject (three per token) cost more than the rest of a flush's JavaScript.
    const rolled = new Map<string, Record<UsageSubjectKind, Map<string, UsageIncrement>>>();
    const add = (subjectKind: UsageSubjectKind, subjectId: string, hour: string, counts: Counts) => {
      let ofHour = rolled.get(hour);
      if (!ofHour) rolled.set(hour, (ofHour = { token: new Map(), app: new Map(), workspace: new Map() }));
      const row = ofHour[subjectKind].get(subjectId);
      if (row) {
        row.requests += counts.requests;
        row.clientErrors += counts.clientErrors;
        row.rateLimited += counts.rateLimited;
      } else
        ofHour[subjectKind].set(subjectId, {
          subjectKind,
          subjectId,
          hour,
          requests: counts.requests,
          clientErrors: counts.clientErrors,
          rateLimited: counts.rateLimited,
        });
    };
    for (const row of this.unwritten) add(row.subjectKind, row.subjectId, row.hour, row);
    this.unwritten = [];
    // Nearly every tally of a flush falls in the same hour, and formatting it is the costliest step here.
    const hours = new Map<number, string>();
    const collect = (t: UsageTally) => {
      if (t.requests === 0 && t.clientErrors === 0 && t.rateLimited === 0) return false;
      let hour = hours.get(t.hourMs);
      if (hour === undefined) hours.set(t.hourMs, (hour = hourOf(t.hourMs)));
      add('token', t.principal.tokenId, hour, t);
      if (t.principal.appId) add('app', t.principal.appId, hour, t);
      add('workspace', t.principal.workspaceId, hour, t);
      t.requests = t.clientErrors = t.rateLimited = 0;
      return true;
    };
    for (const t of this.retired) {
      collect(t);
      t.detached = true;
    }
    this.retired = [];
    for (const [tokenId, t] of this.live) {
      if (collect(t)) continue;
      t.detached = true;
      this.live.delete(tokenId);
    }
    const increments: UsageIncrement[] = [];
    for (const ofHour of rolled.values())
      for (const rows of [ofHour.token, ofHour.app, ofHour.workspace]) for (const row of rows.values()) increments.push(row);
    return increments;
  }

  /** Stops the timer and writes what is left (graceful shutdown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
