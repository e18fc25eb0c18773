import { capitalized } from '../../oauth/scopes.js';
import { newId } from '../../crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../../crypto/tokens.js';
import type { Kysely } from 'kysely';
import type { AccessTokenRow, Database } from '../../store/schema.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { isoNow, type PlatformContext } from '../context.js';
import { PlatformError, notFound, validation, FieldProblems } from '../errors.js';
import { getSite } from '../sites/sites.js';
import { removeWebhooksOf } from '../webhooks/webhook-owners.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';
import { transaction } from '../../store/transaction.js';

/** docs/webflow-wire.md, "Scopes and token kinds": at most 5 site tokens per site and 5 workspace tokens per workspace. */
export const TOKENS_PER_OWNER = 5;
/** docs/webflow-wire.md, "Scopes and token kinds": site and workspace tokens expire after 365 consecutive days unused. */
export const INACTIVITY_EXPIRY_MS = 365 * 24 * 60 * 60 * 1000;

/** The longest fixed lifetime a site or workspace token may be given: Webflow's inactivity bound (docs/dashboard.md, "Token expiry"). */
export const MAX_FIXED_EXPIRY_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

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
  /** `inactivity`: Webflow's rule, 365 days unused; `fixed`: a date chosen at creation (also ended by 365 days unused). */
  expiry: 'inactivity' | 'fixed';
  /** When the token stops working: the fixed date, or 365 days after its last use (or creation) while unused. */
  expiresOn: string;
  expired: boolean;
  /** The type prefix and last four characters (`gth_site_…a1B2`); null for tokens made before hints were kept. */
  displayHint: string | null;
}

/** A token's row with its last use, which is kept in a table of its own (ADR 0031). */
type ApiTokenRow = AccessTokenRow & { last_used_at: string | null };

const tokensWithLastUse = (db: Kysely<Database>) =>
  db
    .selectFrom('access_tokens')
    .leftJoin('token_last_used', 'token_last_used.token_id', 'access_tokens.id')
    .selectAll('access_tokens')
    .select('token_last_used.last_used_at');

type ExpiryFields = Pick<ApiTokenRow, 'kind' | 'created_at' | 'last_used_at' | 'expires_at'>;

/** When a site or workspace token stops working: its fixed date, or 365 days unused, whichever comes first. */
export function apiTokenExpiresAtMs(row: ExpiryFields): number {
  const inactive = Date.parse(row.last_used_at ?? row.created_at) + INACTIVITY_EXPIRY_MS;
  return row.expires_at === null ? inactive : Math.min(Date.parse(row.expires_at), inactive);
}

export const toApiToken = (row: ApiTokenRow, now: Date): ApiToken => ({
  id: row.id,
  kind: row.kind as 'site' | 'workspace',
  name: row.name ?? '',
  siteId: row.site_id,
  workspaceId: row.workspace_id,
  scopes: row.scopes.split(' ').filter(Boolean),
  createdOn: row.created_at,
  lastUsed: row.last_used_at,
  createdBy: row.created_by,
  expiry: row.expires_at === null ? 'inactivity' : 'fixed',
  expiresOn: new Date(apiTokenExpiresAtMs(row)).toISOString(),
  expired: isApiTokenExpired(row, now),
  displayHint: row.display_hint ?? null,
});

/**
 * True once a site or workspace token has passed its fixed date or gone unused for 365 days. The same rule
 * as isPrincipalExpired (platform/tokens/token-lookup.ts), for code that holds a row rather than a principal.
 */
export function isApiTokenExpired(row: ExpiryFields, now: Date): boolean {
  if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) return true;
  return isInactiveSince(row.kind, Date.parse(row.last_used_at ?? row.created_at), now.getTime());
}

/** What a new token's expiry is chosen as: nothing (Webflow's 365 days unused), a number of days, or a date. */
export interface ExpiryChoice {
  /** Whole days from now, 1 to 365. */
  expiresInDays?: number | undefined;
  /** A date (`YYYY-MM-DD`, the token works through that day, UTC) or an ISO-8601 instant, at most 365 days ahead. */
  expiresOn?: string | undefined;
}

/** The fixed expiry a choice names, or null for Webflow's inactivity rule; field problems name `expiry`. */
export function fixedExpiryOf(choice: ExpiryChoice, now: Date): string | null {
  const { expiresInDays: days, expiresOn: on } = choice;
  if (days !== undefined && on !== undefined) throw validation('expiry', 'Choose either a number of days or a date, not both');
  if (days !== undefined) {
    if (!Number.isInteger(days) || days < 1 || days > MAX_FIXED_EXPIRY_DAYS) {
      throw validation('expiry', `Expiry must be 1 to ${MAX_FIXED_EXPIRY_DAYS} days`);
    }
    return new Date(now.getTime() + days * DAY_MS).toISOString();
  }
  if (on === undefined) return null;
  const text = on.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const at = dateOnly ? Date.parse(`${text}T00:00:00.000Z`) + DAY_MS : Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at)) throw validation('expiry', 'Expiry date must be a date such as 2026-12-31');
  if (at <= now.getTime()) throw validation('expiry', 'Expiry date must be in the future');
  if (at > now.getTime() + (MAX_FIXED_EXPIRY_DAYS + 1) * DAY_MS) throw validation('expiry', `Expiry date must be at most ${MAX_FIXED_EXPIRY_DAYS} days ahead`);
  return new Date(at).toISOString();
}

/** What lists show of a token instead of its value (which is kept only as a digest): the type prefix and the last four characters. */
export const displayHintOf = (token: string, prefix: string): string => `${prefix}…${token.slice(-4)}`;

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

export interface NewApiToken extends ExpiryChoice {
  name: string;
  scopes: string[];
  actor?: AuditActor | null;
}

type CheckedToken = Pick<AccessTokenRow, 'name' | 'scopes' | 'expires_at'>;

/** The name, the scopes and the expiry, every problem reported at once (docs/dashboard.md, "Forms"). */
function checkToken(ctx: PlatformContext, input: NewApiToken, allowed: (s: string) => boolean, what: string, now: Date): CheckedToken {
  const problems = new FieldProblems();
  const name = problems.check(() => checkName(input.name));
  const scopes = problems.check(() => checkScopes(ctx, input.scopes, allowed, what));
  const expiresAt = problems.check(() => fixedExpiryOf(input, now));
  problems.throwIfAny();
  return { name: name!, scopes: scopes!, expires_at: expiresAt ?? null };
}

export async function createSiteToken(ctx: PlatformContext, siteId: string, input: NewApiToken): Promise<{ token: string; record: ApiToken }> {
  const site = await getSite(ctx, siteId);
  const now = ctx.now();
  const checked = checkToken(ctx, input, (s) => ctx.catalogue.maySiteTokenCarry(s), `${capitalized(ctx.catalogue.levels.site.singular)} tokens`, now);
  return insertToken(ctx, { kind: 'site', site_id: siteId, workspace_id: site.workspaceId, ...checked }, input.actor, now);
}

export async function createWorkspaceToken(ctx: PlatformContext, workspaceId: string, input: NewApiToken): Promise<{ token: string; record: ApiToken }> {
  const now = ctx.now();
  const checked = checkToken(ctx, input, (s) => ctx.catalogue.mayWorkspaceTokenCarry(s), `${capitalized(ctx.catalogue.levels.workspace.singular)} tokens`, now);
  return insertToken(ctx, { kind: 'workspace', site_id: null, workspace_id: workspaceId, ...checked }, input.actor, now);
}

async function insertToken(
  ctx: PlatformContext,
  fields: Pick<AccessTokenRow, 'kind' | 'site_id' | 'workspace_id' | 'name' | 'scopes' | 'expires_at'>,
  actor: AuditActor | null | undefined,
  now: Date,
): Promise<{ token: string; record: ApiToken }> {
  const prefix = fields.kind === 'site' ? TOKEN_PREFIX.siteToken : TOKEN_PREFIX.workspaceToken;
  const token = newSecret(prefix);
  const row: AccessTokenRow = {
    ...fields,
    id: newId(),
    digest: digest(token),
    authorization_id: null,
    app_id: null,
    created_by: actor?.id ?? null,
    code_digest: null,
    created_at: now.toISOString(),
    revoked_at: null,
    display_hint: displayHintOf(token, prefix),
  };
  await transaction(ctx.db, async (trx) => {
    // Lock the owner row so two concurrent creations cannot both pass the limit (PostgreSQL; SQLite serialises writers).
    if (ctx.dialect === 'postgres') {
      await trx.selectFrom('workspaces').select('id').where('id', '=', fields.workspace_id).forUpdate().execute();
    }
    let live = tokensWithLastUse(trx).where('kind', '=', fields.kind).where('revoked_at', 'is', null);
    live = fields.kind === 'site' ? live.where('site_id', '=', fields.site_id) : live.where('workspace_id', '=', fields.workspace_id);
    const active = (await live.execute()).filter((r) => !isApiTokenExpired(r, now));
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
        payload: { tokenId: row.id, name: fields.name, scopes: fields.scopes, expiresAt: fields.expires_at },
      },
      trx,
    );
  });
  return { token, record: toApiToken({ ...row, last_used_at: null }, now) };
}

/** Live (not revoked) site or workspace tokens of one site or one workspace. */
export async function listApiTokens(ctx: PlatformContext, owner: { siteId: string } | { workspaceId: string }): Promise<ApiToken[]> {
  let query = tokensWithLastUse(ctx.db).where('revoked_at', 'is', null);
  query =
    'siteId' in owner
      ? query.where('kind', '=', 'site').where('site_id', '=', owner.siteId)
      : query.where('kind', '=', 'workspace').where('workspace_id', '=', owner.workspaceId);
  const rows = await query.orderBy('created_at').execute();
  return rows.map((row) => toApiToken(row, ctx.now()));
}

export async function getApiToken(ctx: PlatformContext, tokenId: string): Promise<ApiToken> {
  const row = await tokensWithLastUse(ctx.db).where('id', '=', tokenId).where('kind', '!=', 'oauth').executeTakeFirst();
  if (!row) throw notFound('Token');
  return toApiToken(row, ctx.now());
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
