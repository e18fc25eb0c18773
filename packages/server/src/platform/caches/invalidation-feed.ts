import { sql, type Compilable, type Kysely, type Transaction } from 'kysely';
import { precompiled } from '../../store/precompiled-query.js';
import type { Database } from '../../store/schema.js';
import type { PlatformContext } from '../context.js';
import type { RevokedNotice } from './events.js';
import { withBatchedAudit } from '../audit/audit.js';
import { transaction } from '../../store/transaction.js';

/** Everything one feed entry can name; each cache drops what it holds of these. */
export interface Invalidation extends RevokedNotice {
  siteIds?: string[];
  workspaceIds?: string[];
}

/** What a transaction records as it changes things that caches hold. */
export interface Notices {
  /** Tokens, authorizations or apps whose cached lookups must go (revoked, rotated, deleted). */
  revoked(notice: RevokedNotice): void;
  /** Sites whose stored fields changed; `workspaceIds` when a workspace gained or lost a site. */
  sitesChanged(siteIds: string[], workspaceIds?: string[]): void;
}

/** Any constant works: it only has to be the same on every node (PostgreSQL advisory locks are per database). */
const FEED_LOCK = 0x6761_7465;

/**
 * Runs `work` in one transaction (store/transaction.ts: on SQLite its queries run on the connection
 * directly inside the group commit), its audit rows written together at its end
 * (platform/audit/audit.ts). The notices it records are written to the invalidation feed as one
 * numbered row in that same transaction, so a change and its notice commit (or roll back) together, and
 * after commit they are announced on this node at once (its caches drop the entries before the caller
 * answers). Other nodes read the row from the feed (platform/caches/invalidation-tail.ts).
 */
export async function transactWithNotices<T>(ctx: PlatformContext, work: (trx: Transaction<Database>, notices: Notices) => Promise<T>): Promise<T> {
  const pending: Invalidation = {};
  const add = (key: keyof Invalidation, ids: readonly string[] | undefined) => {
    if (ids?.length) (pending[key] ??= []).push(...ids);
  };
  const notices: Notices = {
    revoked: (n) => {
      add('tokenIds', n.tokenIds);
      add('authorizationIds', n.authorizationIds);
      add('appIds', n.appIds);
      add('webhookIds', n.webhookIds);
    },
    sitesChanged: (ids, workspaceIds) => {
      add('siteIds', ids);
      add('workspaceIds', workspaceIds);
    },
  };
  let seq: number | undefined;
  const result = await transaction(ctx.db, async (trx) => {
    const value = await withBatchedAudit(ctx, trx, () => work(trx, notices));
    if (Object.keys(pending).length > 0) {
      seq = await appendInvalidation(ctx, trx, pending);
      // Before the commit, so the feed reader, which may see the row as soon as it commits, skips it.
      ctx.events.emit('invalidations.writing', seq);
    }
    return value;
  }).catch((err: unknown) => {
    if (seq !== undefined) ctx.events.emit('invalidations.undone', seq);
    throw err;
  });
  if (seq !== undefined) {
    ctx.events.emit('invalidations.appended', seq);
    announceLocally(ctx, pending);
  }
  return result;
}

/**
 * Appends one row. On PostgreSQL the transaction first takes an advisory lock held until it ends, so
 * rows commit in the order of their numbers: a node that has read row n never later finds an n-1.
 * (SQLite serialises writers anyway.)
 */
async function appendInvalidation(ctx: PlatformContext, trx: Kysely<Database>, notice: Invalidation): Promise<number> {
  if (ctx.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${FEED_LOCK})`.execute(trx);
  const inserted = await insertInvalidation(trx, ctx.dialect, { notice: JSON.stringify(notice), createdAt: ctx.now().toISOString() });
  return Number(ctx.dialect === 'postgres' ? inserted.rows[0]!.seq : inserted.insertId);
}

/*
 * Every revocation and site change appends one; compiled once (store/precompiled-query.ts). SQLite
 * answers the new row's number as the insert's last rowid: RETURNING would make it collect a result for
 * the one row, which nearly doubles what the insert costs it (docs/performance.md).
 */
const insertInvalidation = precompiled<'notice' | 'createdAt', { seq: number | string }>((db, p, dialect) => {
  const insert = db.insertInto('invalidations').values({ notice: p('notice'), created_at: p('createdAt') });
  return dialect === 'postgres' ? insert.returning('seq') : (insert as Compilable<never>);
});

/** Tells this node's caches about an entry, once: the node's own entries as they commit, others' as the feed reader finds them. */
export function announceLocally(ctx: PlatformContext, notice: Invalidation): void {
  const { siteIds, workspaceIds, ...revoked } = notice;
  if (Object.keys(revoked).length > 0) ctx.events.emit('revoked', revoked);
  if (siteIds?.length || workspaceIds?.length) ctx.events.emit('sites.changed', { siteIds: siteIds ?? [], ...(workspaceIds?.length ? { workspaceIds } : {}) });
}

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/** A stored notice, read back defensively (only arrays of strings survive). */
export function parseInvalidation(text: string): Invalidation {
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    const out: Invalidation = {};
    for (const key of ['tokenIds', 'authorizationIds', 'appIds', 'webhookIds', 'siteIds', 'workspaceIds'] as const) {
      const ids = strings(raw[key]);
      if (ids?.length) out[key] = ids;
    }
    return out;
  } catch {
    return {};
  }
}
