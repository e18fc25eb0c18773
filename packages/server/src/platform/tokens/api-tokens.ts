import { capitalized } from '../../oauth/scopes.js';
import { newId } from '../../crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../../crypto/tokens.js';
import type { AccessTokenRow } from '../../store/schema.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { isoNow, type PlatformContext } from '../context.js';
import { PlatformError, notFound, validation, FieldProblems } from '../errors.js';
import { getSite } from '../sites/sites.js';
import { removeWebhooksOf } from '../webhooks/webhook-owners.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';

/** docs/webflow-wire.md, "Scopes and token kinds": at most 5 site tokens per site and 5 workspace tokens per workspace. */
export const TOKENS_PER_OWNER = 5;
/** docs/webflow-wire.md, "Scopes and token kinds": site and workspace tokens expire after 365 consecutive days unused. */
export const INACTIVITY_EXPIRY_MS = 365 * 24 * 60 * 60 * 1000;

export interface ApiToken {
  id: string;
  kind: 'site' | 'workspace';
  name: string;
  siteId: string | null;
  workspaceId: string;
  scopes: string[];
  createdOn: string;
  lastUsed: string | null;
  createdBy: string | null;
}

export const toApiToken = (row: AccessTokenRow): ApiToken => ({
  id: row.id,
  kind: row.kind as 'site' | 'workspace',
  name: row.name ?? '',
  siteId: row.site_id,
  workspaceId: row.workspace_id,
  scopes: row.scopes.split(' ').filter(Boolean),
  createdOn: row.created_at,
  lastUsed: row.last_used_at,
  createdBy: row.created_by,
});

/** True once a site or workspace token has gone unused for 365 days. */
export function isExpiredByInactivity(row: Pick<AccessTokenRow, 'kind' | 'created_at' | 'last_used_at'>, now: Date): boolean {
  return isInactiveSince(row.kind, Date.parse(row.last_used_at ?? row.created_at), now.getTime());
}

/** The same rule on numbers: `activeAtMs` is the last use, or the creation of a token never used. */
export function isInactiveSince(kind: AccessTokenRow['kind'], activeAtMs: number, nowMs: number): boolean {
  return kind !== 'oauth' && nowMs - activeAtMs > INACTIVITY_EXPIRY_MS;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw validation('name', 'Token name must be 1 to 100 characters');
  return trimmed;
}

function checkScopes(ctx: PlatformContext, scopes: string[], allowed: (s: string) => boolean, what: string): string {
  if (scopes.length === 0) throw validation('scopes', 'Choose at least one scope');
  const unknown = scopes.filter((s) => !ctx.catalogue.isKnown(s));
  if (unknown.length) throw validation('scopes', `Unknown scopes: ${unknown.join(', ')}`);
  const refused = scopes.filter((s) => !allowed(s));
  if (refused.length) throw validation('scopes', `${what} cannot carry: ${refused.join(', ')}`);
  return ctx.catalogue.formatScopes(scopes);
}

interface NewApiToken {
  name: string;
  scopes: string[];
  actor?: AuditActor | null;
}

/** The name and the scopes, every problem reported at once (docs/dashboard.md, "Forms"). */
function checkToken(ctx: PlatformContext, input: NewApiToken, allowed: (s: string) => boolean, what: string): { name: string; scopes: string } {
  const problems = new FieldProblems();
  const name = problems.check(() => checkName(input.name));
  const scopes = problems.check(() => checkScopes(ctx, input.scopes, allowed, what));
  problems.throwIfAny();
  return { name: name!, scopes: scopes! };
}

export async function createSiteToken(ctx: PlatformContext, siteId: string, input: NewApiToken): Promise<{ token: string; record: ApiToken }> {
  const site = await getSite(ctx, siteId);
  const { name, scopes } = checkToken(ctx, input, (s) => ctx.catalogue.maySiteTokenCarry(s), `${capitalized(ctx.catalogue.levels.site.singular)} tokens`);
  return insertToken(ctx, { kind: 'site', site_id: siteId, workspace_id: site.workspaceId, name, scopes }, input.actor);
}

export async function createWorkspaceToken(ctx: PlatformContext, workspaceId: string, input: NewApiToken): Promise<{ token: string; record: ApiToken }> {
  const { name, scopes } = checkToken(
    ctx,
    input,
    (s) => ctx.catalogue.mayWorkspaceTokenCarry(s),
    `${capitalized(ctx.catalogue.levels.workspace.singular)} tokens`,
  );
  return insertToken(ctx, { kind: 'workspace', site_id: null, workspace_id: workspaceId, name, scopes }, input.actor);
}

async function insertToken(
  ctx: PlatformContext,
  fields: Pick<AccessTokenRow, 'kind' | 'site_id' | 'workspace_id' | 'name' | 'scopes'>,
  actor: AuditActor | null | undefined,
): Promise<{ token: string; record: ApiToken }> {
  const token = newSecret(fields.kind === 'site' ? TOKEN_PREFIX.siteToken : TOKEN_PREFIX.workspaceToken);
  const now = ctx.now();
  const row: AccessTokenRow = {
    ...fields,
    id: newId(),
    digest: digest(token),
    authorization_id: null,
    app_id: null,
    created_by: actor?.id ?? null,
    code_digest: null,
    created_at: now.toISOString(),
    last_used_at: null,
    expires_at: null,
    revoked_at: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    // Lock the owner row so two concurrent creations cannot both pass the limit (PostgreSQL; SQLite serialises writers).
    if (ctx.dialect === 'postgres') {
      await trx.selectFrom('workspaces').select('id').where('id', '=', fields.workspace_id).forUpdate().execute();
    }
    let live = trx.selectFrom('access_tokens').selectAll().where('kind', '=', fields.kind).where('revoked_at', 'is', null);
    live = fields.kind === 'site' ? live.where('site_id', '=', fields.site_id) : live.where('workspace_id', '=', fields.workspace_id);
    const active = (await live.execute()).filter((r) => !isExpiredByInactivity(r, now));
    if (active.length >= TOKENS_PER_OWNER) {
      throw new PlatformError('limit_reached', `A ${fields.kind} can have at most ${TOKENS_PER_OWNER} API tokens; revoke one first`);
    }
    await trx.insertInto('access_tokens').values(row).execute();
    await recordAudit(
      ctx,
      {
        workspaceId: fields.workspace_id,
        siteId: fields.site_id,
        actor,
        eventType: 'access_token',
        eventSubType: `${fields.kind}_token_created`,
        payload: { tokenId: row.id, name: fields.name, scopes: fields.scopes },
      },
      trx,
    );
  });
  return { token, record: toApiToken(row) };
}

/** Live (not revoked) site or workspace tokens of one site or one workspace. */
export async function listApiTokens(ctx: PlatformContext, owner: { siteId: string } | { workspaceId: string }): Promise<ApiToken[]> {
  let query = ctx.db.selectFrom('access_tokens').selectAll().where('revoked_at', 'is', null);
  query =
    'siteId' in owner
      ? query.where('kind', '=', 'site').where('site_id', '=', owner.siteId)
      : query.where('kind', '=', 'workspace').where('workspace_id', '=', owner.workspaceId);
  const rows = await query.orderBy('created_at').execute();
  return rows.map(toApiToken);
}

export async function getApiToken(ctx: PlatformContext, tokenId: string): Promise<ApiToken> {
  const row = await ctx.db.selectFrom('access_tokens').selectAll().where('id', '=', tokenId).where('kind', '!=', 'oauth').executeTakeFirst();
  if (!row) throw notFound('Token');
  return toApiToken(row);
}

/**
 * Revokes any access token by id, and the webhooks a site token created (with their queued deliveries).
 * Returns false when it was already revoked. Caches drop the token at once on this node and, through
 * the invalidation feed, on every other node.
 */
export async function revokeAccessToken(ctx: PlatformContext, tokenId: string, actor?: AuditActor | null): Promise<boolean> {
  return transactWithNotices(ctx, async (trx, notices) => {
    const row = await trx.selectFrom('access_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
    if (!row) throw notFound('Token');
    const result = await trx
      .updateTable('access_tokens')
      .set({ revoked_at: isoNow(ctx) })
      .where('id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const revoked = Number(result.numUpdatedRows) > 0;
    if (revoked) {
      const webhookIds = row.kind === 'site' ? await removeWebhooksOf(trx, { siteTokenIds: [tokenId] }) : [];
      await recordAudit(
        ctx,
        {
          workspaceId: row.workspace_id,
          siteId: row.site_id,
          actor,
          eventType: 'access_token',
          eventSubType: `${row.kind}_token_revoked`,
          payload: { tokenId, webhookIds },
        },
        trx,
      );
      notices.revoked({ tokenIds: [tokenId] });
    }
    return revoked;
  });
}
