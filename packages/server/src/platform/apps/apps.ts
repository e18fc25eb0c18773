import { newClientId, newId } from '../../crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../../crypto/tokens.js';
import { livePreviousSecretUntil } from './client-secret-rotation.js';
import type { AppRow } from '../../store/schema.js';
import type { ClientType } from '../../domain.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { isoNow, type PlatformContext } from '../context.js';
import { FieldProblems, notFound } from '../errors.js';
import { checkHomepage, checkLogoUrl, checkRedirectUri } from './redirect-uris.js';
import { transactWithNotices } from '../caches/invalidation-feed.js';
import { transaction } from '../../store/transaction.js';

/** A registered Data Client (OAuth) app, without its secret. */
export interface App {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  homepage: string;
  clientId: string;
  clientType: ClientType;
  scopes: string[];
  redirectUris: string[];
  restrictToSingleSite: boolean;
  isPublic: boolean;
  /** An https URL of the app's logo, shown on the consent screen; null when none is set. */
  logoUrl?: string | null;
  /** After a rotation with an overlap: until when the previous client secret still works; null when none does. */
  previousSecretExpiresAt?: string | null;
  createdOn: string;
  updatedOn: string;
}

const toApp = (row: AppRow, redirectUris: string[], now: Date): App => ({
  id: row.id,
  workspaceId: row.workspace_id,
  name: row.name,
  description: row.description,
  homepage: row.homepage,
  clientId: row.client_id,
  clientType: row.client_type,
  scopes: row.scopes.split(' ').filter(Boolean),
  redirectUris,
  restrictToSingleSite: row.restrict_to_single_site === 1,
  isPublic: row.is_public === 1,
  logoUrl: row.logo_url ?? null,
  previousSecretExpiresAt: livePreviousSecretUntil(row, now),
  createdOn: row.created_at,
  updatedOn: row.updated_at,
});

export interface AppFields {
  name: string;
  description: string;
  homepage: string;
  redirectUris: string[];
  scopes: string[];
  restrictToSingleSite?: boolean | undefined;
  isPublic?: boolean | undefined;
  clientType?: ClientType | undefined;
  /** Optional; an https URL. */
  logoUrl?: string | undefined;
}

/** Every problem with the fields at once (docs/dashboard.md, "Forms"), so one submit shows them all. */
function checkFields(ctx: PlatformContext, input: AppFields) {
  const problems = new FieldProblems();
  const name = input.name.trim();
  if (!name || name.length > 100) problems.add('name', 'App name must be 1 to 100 characters');
  const description = input.description.trim();
  if (description.length > 1000) problems.add('description', 'Description must be at most 1000 characters');
  const homepage = problems.check(() => checkHomepage(input.homepage)) ?? '';
  const logoUrl = input.logoUrl?.trim() ? (problems.check(() => checkLogoUrl(input.logoUrl!)) ?? null) : null;
  const redirectUris = [...new Set(input.redirectUris.map((u) => u.trim()).filter(Boolean))].flatMap((u) => problems.check(() => checkRedirectUri(u)) ?? []);
  if (input.redirectUris.every((u) => !u.trim())) problems.add('redirectUris', 'Add at least one redirect URI');
  if (redirectUris.length > 20) problems.add('redirectUris', 'At most 20 redirect URIs');
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0) problems.add('scopes', 'Choose at least one scope');
  const unknown = scopes.filter((s) => !ctx.catalogue.isKnown(s));
  if (unknown.length > 0) problems.add('scopes', `Unknown scopes: ${unknown.join(', ')}`);
  const clientType = input.clientType ?? 'confidential';
  if (clientType !== 'confidential' && clientType !== 'public') problems.add('clientType', 'Client type must be confidential or public');
  problems.throwIfAny();
  return { name, description, homepage, logoUrl, redirectUris, scopes: ctx.catalogue.formatScopes(scopes), clientType };
}

async function redirectUrisOf(ctx: PlatformContext, appId: string): Promise<string[]> {
  const rows = await ctx.db.selectFrom('app_redirect_uris').select('uri').where('app_id', '=', appId).orderBy('position').execute();
  return rows.map((r) => r.uri);
}

export async function createApp(
  ctx: PlatformContext,
  workspaceId: string,
  input: AppFields,
  actor?: AuditActor | null,
): Promise<{ app: App; clientSecret: string }> {
  const fields = checkFields(ctx, input);
  const clientSecret = newSecret(TOKEN_PREFIX.clientSecret);
  const now = isoNow(ctx);
  const row: AppRow = {
    id: newId(),
    workspace_id: workspaceId,
    name: fields.name,
    description: fields.description,
    homepage: fields.homepage,
    logo_url: fields.logoUrl,
    client_id: newClientId(),
    client_secret_digest: digest(clientSecret),
    client_secret_encrypted: ctx.secrets.seal(clientSecret),
    client_type: fields.clientType,
    scopes: fields.scopes,
    restrict_to_single_site: input.restrictToSingleSite ? 1 : 0,
    is_public: input.isPublic ? 1 : 0,
    created_by: actor?.id ?? null,
    created_at: now,
    updated_at: now,
  };
  await transaction(ctx.db, async (trx) => {
    await trx.insertInto('apps').values(row).execute();
    await trx
      .insertInto('app_redirect_uris')
      .values(fields.redirectUris.map((uri, position) => ({ app_id: row.id, uri, position })))
      .execute();
    await recordAudit(
      ctx,
      { workspaceId, actor, eventType: 'app_management', eventSubType: 'app_created', payload: { appId: row.id, name: row.name, clientId: row.client_id } },
      trx,
    );
  });
  return { app: toApp(row, fields.redirectUris, ctx.now()), clientSecret };
}

export async function updateApp(ctx: PlatformContext, appId: string, input: AppFields, actor?: AuditActor | null): Promise<App> {
  const fields = checkFields(ctx, input);
  const existing = await getApp(ctx, appId);
  await transactWithNotices(ctx, async (trx, notices) => {
    if (existing.clientType !== fields.clientType) notices.revoked({ appIds: [appId] });
    await trx
      .updateTable('apps')
      .set({
        name: fields.name,
        description: fields.description,
        homepage: fields.homepage,
        logo_url: fields.logoUrl,
        scopes: fields.scopes,
        client_type: fields.clientType,
        restrict_to_single_site: input.restrictToSingleSite ? 1 : 0,
        is_public: input.isPublic ? 1 : 0,
        updated_at: isoNow(ctx),
      })
      .where('id', '=', appId)
      .execute();
    await trx.deleteFrom('app_redirect_uris').where('app_id', '=', appId).execute();
    await trx
      .insertInto('app_redirect_uris')
      .values(fields.redirectUris.map((uri, position) => ({ app_id: appId, uri, position })))
      .execute();
    await recordAudit(ctx, { workspaceId: existing.workspaceId, actor, eventType: 'app_management', eventSubType: 'app_updated', payload: { appId } }, trx);
  });
  return getApp(ctx, appId);
}

export async function getApp(ctx: PlatformContext, appId: string): Promise<App> {
  const row = await ctx.db.selectFrom('apps').selectAll().where('id', '=', appId).executeTakeFirst();
  if (!row) throw notFound('App');
  return toApp(row, await redirectUrisOf(ctx, row.id), ctx.now());
}

export async function findAppByClientId(ctx: PlatformContext, clientId: string): Promise<App | undefined> {
  const row = await ctx.db.selectFrom('apps').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  return row && toApp(row, await redirectUrisOf(ctx, row.id), ctx.now());
}

export async function listApps(ctx: PlatformContext, workspaceId: string): Promise<App[]> {
  const rows = await ctx.db.selectFrom('apps').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').execute();
  return Promise.all(rows.map(async (r) => toApp(r, await redirectUrisOf(ctx, r.id), ctx.now())));
}

/** The client secret in the clear, for workspace admins (the caller checks the role). */
export async function revealClientSecret(ctx: PlatformContext, appId: string): Promise<string> {
  const row = await ctx.db.selectFrom('apps').select('client_secret_encrypted').where('id', '=', appId).executeTakeFirst();
  if (!row) throw notFound('App');
  return ctx.secrets.open(row.client_secret_encrypted);
}

/** Deletes the app; its authorizations, codes and tokens go with it (foreign keys cascade). */
export async function deleteApp(ctx: PlatformContext, appId: string, actor?: AuditActor | null): Promise<void> {
  const app = await getApp(ctx, appId);
  await transactWithNotices(ctx, async (trx, notices) => {
    notices.revoked({ appIds: [appId] });
    const now = isoNow(ctx);
    await trx.updateTable('access_tokens').set({ revoked_at: now }).where('app_id', '=', appId).where('revoked_at', 'is', null).execute();
    await trx.deleteFrom('apps').where('id', '=', appId).execute();
    await recordAudit(
      ctx,
      { workspaceId: app.workspaceId, actor, eventType: 'app_management', eventSubType: 'app_deleted', payload: { appId, name: app.name } },
      trx,
    );
  });
}
