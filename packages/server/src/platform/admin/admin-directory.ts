import { randomBytes } from 'node:crypto';
import type { AuditEventRow } from '../../store/schema.js';
import type { PlatformContext } from '../context.js';
import { notFound } from '../errors.js';
import { getSite, type Site } from '../sites/sites.js';
import { createUser, normalizeEmail, toUser, type User } from '../accounts/users.js';
import { toWorkspace, type Workspace } from '../workspaces/workspaces.js';
import { pageOfQuery, type Page, type PageRequest } from './cursor-page.js';

/**
 * The whole-deployment reads an admin API key may make (docs/admin-api.md): every user, every workspace,
 * every audit event, a page at a time. What one workspace holds is read with the functions the dashboard
 * uses.
 */
export async function listUsersPage(ctx: PlatformContext, page: PageRequest, filter: { email?: string | undefined } = {}): Promise<Page<User>> {
  let query = ctx.db.selectFrom('users').selectAll();
  if (filter.email !== undefined) query = query.where('email', '=', normalizeEmail(filter.email));
  const result = await pageOfQuery(query, { created: 'created_at', id: 'id' }, page, (r) => ({ createdAt: r.created_at, id: r.id }));
  return { items: result.items.map(toUser), nextCursor: result.nextCursor };
}

export async function getUser(ctx: PlatformContext, userId: string): Promise<User> {
  const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!row) throw notFound('User');
  return toUser(row);
}

/**
 * A user made by the product's backend. Without a password the account gets a random one nobody knows:
 * its owner signs in another way (an upstream provider, or a password set later).
 */
export async function provisionUser(
  ctx: PlatformContext,
  input: { email: string; firstName: string; lastName?: string | undefined; password?: string | undefined },
): Promise<User> {
  return createUser(ctx, {
    email: input.email,
    firstName: input.firstName,
    lastName: input.lastName ?? '',
    password: input.password ?? randomBytes(32).toString('base64url'),
  });
}

export async function listWorkspacesPage(ctx: PlatformContext, page: PageRequest): Promise<Page<Workspace>> {
  const result = await pageOfQuery(ctx.db.selectFrom('workspaces').selectAll(), { created: 'created_at', id: 'id' }, page, (r) => ({
    createdAt: r.created_at,
    id: r.id,
  }));
  return { items: result.items.map(toWorkspace), nextCursor: result.nextCursor };
}

/** A site by id or by short name (both unique). */
export async function findSiteByRef(ctx: PlatformContext, ref: string): Promise<Site> {
  const key = ref.trim();
  const row = await ctx.db
    .selectFrom('sites')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', key), eb('short_name', '=', key)]))
    .executeTakeFirst();
  if (!row) throw notFound(`Site "${key}"`);
  return getSite(ctx, row.id);
}

/** Audit events, newest first: of one workspace, or of the whole deployment (admin key events included). */
export async function listAuditPage(
  ctx: PlatformContext,
  filter: { workspaceId?: string | undefined; eventType?: string | undefined },
  page: PageRequest,
): Promise<Page<AuditEventRow>> {
  let query = ctx.db.selectFrom('audit_events').selectAll();
  if (filter.workspaceId) query = query.where('workspace_id', '=', filter.workspaceId);
  if (filter.eventType) query = query.where('event_type', '=', filter.eventType);
  return pageOfQuery(query, { created: 'created_at', id: 'id', direction: 'desc' }, page, (r) => ({ createdAt: r.created_at, id: r.id }));
}
