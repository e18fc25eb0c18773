import type { LogTarget } from '../../runtime-log.js';
import type { PlatformContext } from '../context.js';
import { announceLocally, parseInvalidation } from './invalidation-feed.js';

export interface InvalidationTailOptions {
  /** How often the feed is read when nothing wakes the reader (SQLite: the only trigger besides Redis). */
  pollEveryMs?: number;
  /** Feed rows older than this are deleted by whichever node gets there first. */
  retainMs?: number;
}

/** docs/deployment.md: SQLite reads the feed every 200 ms; PostgreSQL is woken by NOTIFY and reads every second as well. */
export const FEED_POLL_MS = { sqlite: 200, postgres: 1_000 } as const;
const BATCH = 500;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Reads the invalidation feed from where this node last stopped and announces each new row on this node
 * (platform/caches/invalidation-feed.ts wrote it), so the node drops what another node or a CLI process revoked
 * or changed. A read is cheap (a range of the primary key), runs on a timer, and runs at once whenever
 * something wakes it: PostgreSQL NOTIFY, a Redis message, or this node's own appends. Overlapping wakes
 * coalesce into one more read. A failed read is retried by the next wake; nothing is lost, since the
 * cursor moves only past rows that were read.
 */
export class InvalidationTail {
  private cursor = 0;
  /** Rows this node appended and announced itself, not yet reached by the cursor. */
  private readonly ownRows = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private lastPrune = 0;
  private failing = false;
  private readonly pollEveryMs: number;
  private readonly retainMs: number;
  private readonly onOwn = (seq: number) => {
    if (seq > this.cursor) this.ownRows.add(seq);
  };
  private readonly onUndone = (seq: number) => void this.ownRows.delete(seq);

  constructor(
    private readonly ctx: PlatformContext,
    private readonly log: LogTarget,
    options: InvalidationTailOptions = {},
  ) {
    this.pollEveryMs = options.pollEveryMs ?? FEED_POLL_MS[ctx.dialect];
    this.retainMs = options.retainMs ?? 24 * 3600_000;
  }

  /** Starts from the end of the feed: a node that just started holds nothing older to drop. */
  async start(): Promise<void> {
    if (this.timer) return;
    const last = await this.ctx.db
      .selectFrom('invalidations')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst()
      .catch(() => undefined);
    this.cursor = Number(last?.seq ?? 0);
    this.lastPrune = Date.now();
    this.ctx.events.on('invalidations.writing', this.onOwn);
    this.ctx.events.on('invalidations.undone', this.onUndone);
    this.timer = setInterval(() => void this.wake(), this.pollEveryMs);
    this.timer.unref();
  }

  /** Reads the feed now (or once more after the read in progress). */
  wake(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.catchUp().then(
          () => {
            if (this.failing) this.log.info({}, 'invalidation feed readable again');
            this.failing = false;
          },
          (err: unknown) => {
            if (!this.failing) this.log.warn({ err }, 'invalidation feed read failed; retrying');
            this.failing = true;
          },
        );
      } while (this.again && this.timer);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const rows = await this.ctx.db.selectFrom('invalidations').select(['seq', 'notice']).where('seq', '>', this.cursor).orderBy('seq').limit(BATCH).execute();
      for (const row of rows) {
        const seq = Number(row.seq);
        this.cursor = seq;
        if (this.ownRows.delete(seq)) continue;
        announceLocally(this.ctx, parseInvalidation(row.notice));
      }
      for (const seq of this.ownRows) if (seq <= this.cursor) this.ownRows.delete(seq);
      if (rows.length < BATCH) break;
    }
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await pruneFeed(this.ctx, new Date(this.ctx.now().getTime() - this.retainMs).toISOString());
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.ctx.events.off('invalidations.writing', this.onOwn);
    this.ctx.events.off('invalidations.undone', this.onUndone);
    await this.running;
  }
}

/**
 * Deletes the rows written before `before`, found from the start of the primary key (rows are numbered
 * as they are written, so the old ones come first), and never the row with the largest number: SQLite
 * numbers a new row one past the largest there is (store/migrations/0031-lean-invalidation-feed.ts), and
 * a node whose cursor has reached that row must not see a later entry take a number it has passed.
 */
export async function pruneFeed(ctx: PlatformContext, before: string): Promise<void> {
  await ctx.db
    .deleteFrom('invalidations')
    .where('seq', '<', (eb) =>
      eb.fn.coalesce(
        eb.selectFrom('invalidations').select('seq').where('created_at', '>=', before).orderBy('seq').limit(1),
        eb.selectFrom('invalidations').select((e) => e.fn.max('seq').as('seq')),
      ),
    )
    .execute();
}
