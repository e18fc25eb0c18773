import { isResourceUri, type ProtectedResource } from '../../oauth/resource-indicator.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { isoNow, type PlatformContext } from '../context.js';
import { PlatformError, validation } from '../errors.js';

/** docs/oauth.md, "Resources and audiences": the Data API is always a protected resource, at `<PUBLIC_URL>/v2`, accepting every scope. */
export const dataApiResourceUri = (publicUrl: string): string => `${publicUrl}/v2`;

function dataApiResource(ctx: PlatformContext, publicUrl: string): ProtectedResource {
  return { uri: dataApiResourceUri(publicUrl), name: 'Data API', scopes: ctx.catalogue.scopeNames };
}

/**
 * Every protected resource, by URI: the built-in `/v2` first (only where the Webflow preset serves it, docs/own-api.md,
 * "What is served"), then those added with `gatehouse resources add`.
 */
export async function protectedResources(ctx: PlatformContext, publicUrl: string): Promise<Map<string, ProtectedResource>> {
  const rows = await ctx.db.selectFrom('protected_resources').select(['uri', 'name', 'scopes']).orderBy('uri').execute();
  const v2 = dataApiResource(ctx, publicUrl);
  const out = new Map<string, ProtectedResource>(ctx.catalogue.webflowDataApi ? [[v2.uri, v2]] : []);
  for (const row of rows) if (row.uri !== v2.uri) out.set(row.uri, { uri: row.uri, name: row.name, scopes: row.scopes.split(' ').filter(Boolean) });
  return out;
}

export interface ProtectedResourceFields {
  uri: string;
  name: string;
  scopes: string[];
}

/** Registers (or updates) a protected resource; its URI is what clients send as `resource` and what its tokens' `aud` says. */
export async function saveProtectedResource(
  ctx: PlatformContext,
  publicUrl: string,
  input: ProtectedResourceFields,
  actor?: AuditActor | null,
): Promise<ProtectedResource> {
  const uri = input.uri.trim();
  if (!isResourceUri(uri)) throw validation('uri', 'The resource URI must be an absolute http(s) URI without a fragment');
  if (uri === dataApiResourceUri(publicUrl)) throw new PlatformError('conflict', 'The Data API resource is built in and cannot be changed');
  const name = input.name.trim();
  if (!name || name.length > 100) throw validation('name', 'The resource name must be 1 to 100 characters');
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0) throw validation('scopes', 'Name at least one scope the resource accepts');
  const unknown = scopes.filter((s) => !ctx.catalogue.isKnown(s));
  if (unknown.length > 0) throw validation('scopes', `Unknown scopes: ${unknown.join(', ')}`);
  const row = { uri, name, scopes: ctx.catalogue.formatScopes(scopes), created_at: isoNow(ctx) };
  await ctx.db
    .insertInto('protected_resources')
    .values(row)
    .onConflict((oc) => oc.column('uri').doUpdateSet({ name: row.name, scopes: row.scopes }))
    .execute();
  await recordAudit(ctx, {
    workspaceId: null,
    actor,
    eventType: 'app_management',
    eventSubType: 'protected_resource_saved',
    payload: { uri, name, scopes: row.scopes },
  });
  return { uri, name, scopes: row.scopes.split(' ') };
}

/** Removes a protected resource; answers false when none had that URI. Tokens already bound to it keep their audience. */
export async function removeProtectedResource(ctx: PlatformContext, uri: string, actor?: AuditActor | null): Promise<boolean> {
  const result = await ctx.db.deleteFrom('protected_resources').where('uri', '=', uri).executeTakeFirst();
  const removed = Number(result.numDeletedRows) > 0;
  if (removed) await recordAudit(ctx, { workspaceId: null, actor, eventType: 'app_management', eventSubType: 'protected_resource_removed', payload: { uri } });
  return removed;
}
