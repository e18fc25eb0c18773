import type { FastifyRequest, RouteOptions } from 'fastify';
import { adminKeyAllows, authenticateAdminKey, type AdminKey, type AdminScope } from '../../../platform/admin/admin-keys.js';
import type { PlatformContext } from '../../../platform/context.js';
import { AdminProblem } from './problem.js';

/** What every admin route declares: the scope its key must hold (docs/admin-api.md, "Admin API keys"). */
export interface AdminRouteConfig {
  scope: AdminScope;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    admin?: AdminRouteConfig;
  }
  interface FastifyRequest {
    adminKey: AdminKey | null;
  }
}

/** The app refuses to start if an admin route forgets its scope. */
export function assertAdminScopeDeclared(route: RouteOptions): void {
  if (route.method === 'HEAD') return;
  const declared = (route.config as { admin?: AdminRouteConfig } | undefined)?.admin;
  if (!declared) throw new Error(`Admin API route ${String(route.method)} ${route.url} declares no admin scope`);
}

/** RFC 6750 §2.1: the key comes in the Authorization header only, as a bearer token. */
export async function authenticateAdmin(ctx: PlatformContext, req: FastifyRequest): Promise<AdminKey> {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer +([^\s]+) *$/i.exec(header) : null;
  if (!match) throw new AdminProblem('invalid_admin_key', 'Send an admin API key as "Authorization: Bearer gth_admin_…"');
  const key = await authenticateAdminKey(ctx, match[1]!);
  if (!key) throw new AdminProblem('invalid_admin_key', 'The admin API key is unknown or revoked');
  return key;
}

export function requireAdminScope(key: AdminKey, needed: AdminScope): void {
  if (!adminKeyAllows(key, needed))
    throw new AdminProblem('insufficient_scope', `This needs an admin API key with ${needed}; this key has ${key.scopes.join(', ')}`);
}
