import type { FastifyInstance } from 'fastify';
import { createAdminKey } from '../../../src/platform/admin/admin-keys.js';
import type { PlatformContext } from '../../../src/platform/context.js';

/** Admin API keys for tests, and a request helper that sends one. */
export async function adminKeys(ctx: PlatformContext) {
  const write = (await createAdminKey(ctx, { name: 'backend', scopes: ['admin:write'] })).key;
  const read = (await createAdminKey(ctx, { name: 'reporting', scopes: ['admin:read'] })).key;
  return { write, read };
}

export function adminRequest(app: FastifyInstance) {
  return (key: string | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url: `/admin/v1${url}`,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
}
