import { sql, type Kysely } from 'kysely';
import type { AuthorizationTarget, Plan, TokenKind } from '../../domain.js';
import { boundList, isOneOf } from '../../store/bound-list.js';
import type { Dialect } from '../../store/database.js';
import { precompiled } from '../../store/precompiled-query.js';
import type { Database } from '../../store/schema.js';
import { TurnBatch } from '../../turn-batch.js';
import type { PlatformContext } from '../context.js';
import type { Principal } from './token-lookup.js';
import { rateLimitForPlan } from '../workspaces/workspaces.js';
import { rateKeyOfToken } from '../caches/rate-limit.js';
import { sharedApp, sharedScopes } from './shared-principal-parts.js';

interface TokenRow {
  id: string;
  kind: TokenKind;
  scopes: string;
  workspace_id: string;
  site_id: string | null;
  authorization_id: string | null;
  app_id: string | null;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  plan: Plan;
  api_rate_limit: number | null;
  target: AuthorizationTarget | null;
  user_id: string | null;
  authorization_revoked_at: string | null;
  authorization_workspace_id: string | null;
  authorization_created_at: string | null;
  resource: string | null;
  client_id: string | null;
  app_name: string | null;
  app_description: string | null;
  app_homepage: string | null;
  /** The sites a `sites` authorization covers, space-separated (ids hold no spaces). */
  authorization_site_ids: string | null;
}

/**
 * Everything any surface says about a token, in one round trip: the token and its last use, its workspace
 * (rate limit), its authorization with the sites it covers, and its app. docs/design.md, "Token resolver".
 */
const selectTokens = (db: Kysely<Database>, dialect: Dialect) =>
  db
    .selectFrom('access_tokens as t')
    .innerJoin('workspaces as w', 'w.id', 't.workspace_id')
    .leftJoin('authorizations as a', 'a.id', 't.authorization_id')
    .leftJoin('apps as app', 'app.id', 't.app_id')
    .leftJoin('token_last_used as u', 'u.token_id', 't.id')
    .select([
      't.id',
      't.kind',
      't.scopes',
      't.workspace_id',
      't.site_id',
      't.authorization_id',
      't.app_id',
      't.created_by',
      't.created_at',
      'u.last_used_at',
      't.expires_at',
      't.revoked_at',
      'w.plan',
      'w.api_rate_limit',
      'a.target',
      'a.user_id',
      'a.revoked_at as authorization_revoked_at',
      'a.workspace_id as authorization_workspace_id',
      'a.created_at as authorization_created_at',
      'a.resource',
      'app.client_id',
      'app.name as app_name',
      'app.description as app_description',
      'app.homepage as app_homepage',
    ])
    .select(
      (dialect === 'postgres'
        ? sql<string | null>`(select string_agg(s.site_id, ' ') from authorization_sites s where s.authorization_id = t.authorization_id)`
        : sql<string | null>`(select group_concat(s.site_id, ' ') from authorization_sites s where s.authorization_id = t.authorization_id)`
      ).as('authorization_site_ids'),
    );
const tokenByDigest = precompiled<'digest', TokenRow>((db, p, dialect) => selectTokens(db, dialect).where('t.digest', '=', p('digest')));
/** Several digests at once, as one bound list (store/bound-list.ts). */
const tokensByDigests = precompiled<'digests', TokenRow & { digest: string }>((db, p, dialect) =>
  selectTokens(db, dialect)
    .select('t.digest')
    .where(isOneOf(dialect, 't.digest', p('digests'))),
);

/**
 * The first uses of one turn of the event loop are resolved together, in one query (a busy node meets
 * many new tokens at once, after a start or under random-token traffic): on PostgreSQL that is one round
 * trip instead of one each; on SQLite one pass through the query runner and the connection's queue
 * instead of one each, which costs more than the lookup itself. A lone first use runs the one-digest query.
 */
const firstUses = new WeakMap<Kysely<Database>, TurnBatch<string, TokenRow | undefined>>();

async function rowsOf(ctx: PlatformContext, digests: string[]): Promise<Array<TokenRow | undefined>> {
  if (digests.length === 1) return [(await tokenByDigest(ctx.db, ctx.dialect, { digest: digests[0]! })).rows[0]];
  const { rows } = await tokensByDigests(ctx.db, ctx.dialect, { digests: boundList(ctx.dialect, digests) });
  const byDigest = new Map<string, TokenRow>();
  for (const row of rows) byDigest.set(row.digest, row);
  return digests.map((d) => byDigest.get(d));
}

function rowOf(ctx: PlatformContext, digest: string): Promise<TokenRow | undefined> {
  let batch = firstUses.get(ctx.db);
  if (!batch) {
    batch = new TurnBatch<string, TokenRow | undefined>((digests) => rowsOf(ctx, digests));
    firstUses.set(ctx.db, batch);
  }
  return batch.add(digest);
}

/**
 * The live principal for a token digest, or undefined when the token is unknown or revoked (or its
 * authorization is). Expiry is judged by the caller on every request (isPrincipalExpired), also from cache.
 * The only place that reads a bearer token from the database: /v2 auth, RFC 7662 introspection and the
 * token endpoints of the Data API all render from what it returns.
 */
export async function resolveToken(ctx: PlatformContext, tokenDigest: string): Promise<Principal | undefined> {
  const row = await rowOf(ctx, tokenDigest);
  if (!row || row.revoked_at !== null) return undefined;
  let siteIds: Set<string> | null = new Set<string>();
  let reachesWorkspace = row.kind === 'workspace';
  if (row.kind === 'site' && row.site_id) siteIds = new Set([row.site_id]);
  if (row.kind === 'oauth') {
    if (!row.authorization_id || row.target === null || row.authorization_revoked_at !== null) return undefined;
    if (row.target === 'workspace') {
      siteIds = null;
      reachesWorkspace = true;
    } else {
      siteIds = new Set(row.authorization_site_ids ? row.authorization_site_ids.split(' ') : []);
    }
  }
  const { scope, scopes } = sharedScopes(row.scopes);
  // Every field named in one literal (no spread), so V8 makes each principal in one allocation of one shape.
  return {
    tokenId: row.id,
    kind: row.kind,
    scope,
    scopes,
    workspaceId: row.authorization_workspace_id ?? row.workspace_id,
    siteIds,
    reachesWorkspace,
    authorizationId: row.authorization_id,
    authorizationCreatedAt: row.authorization_created_at,
    appId: row.app_id,
    resource: row.resource ?? null,
    app:
      row.app_id && row.client_id !== null
        ? sharedApp(row.app_id, { clientId: row.client_id, name: row.app_name ?? '', description: row.app_description ?? '', homepage: row.app_homepage ?? '' })
        : null,
    userId: row.kind === 'oauth' ? row.user_id : row.created_by,
    rateLimit: row.api_rate_limit ?? rateLimitForPlan(row.plan),
    rateKey: rateKeyOfToken(row.id),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    expiresAtMs: row.expires_at === null ? null : Date.parse(row.expires_at),
    activeAtMs: Date.parse(row.last_used_at ?? row.created_at),
  };
}

/** What a notice can name about a principal: its cache entry carries these tags (platform/caches/bounded-cache.ts). */
export function principalTags(p: Principal): string[] {
  const tags = [`token:${p.tokenId}`];
  if (p.authorizationId) tags.push(`authorization:${p.authorizationId}`);
  if (p.appId) tags.push(`app:${p.appId}`);
  return tags;
}

/** The principal for a token digest, from this node's token cache or else one query (kept with its tags). */
export function principalFor(ctx: PlatformContext, tokenDigest: string): Promise<Principal | undefined> {
  return ctx.caches.tokens.getOrLoad(tokenDigest, async () => {
    const principal = await resolveToken(ctx, tokenDigest);
    return principal && { value: principal, tags: principalTags(principal) };
  });
}
