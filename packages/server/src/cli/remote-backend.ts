import { randomUUID } from 'node:crypto';
import type { ApiToken } from '../platform/tokens/api-tokens.js';
import type { App } from '../platform/apps/apps.js';
import { PlatformError, notFound, type PlatformErrorCode } from '../platform/errors.js';
import type { Site } from '../platform/sites/sites.js';
import type { User } from '../platform/accounts/users.js';
import type { Invitation } from '../platform/workspaces/invitations.js';
import type { Member, Workspace } from '../platform/workspaces/workspaces.js';
import type { AdminBackend } from './admin-backend.js';

/** An answer of the admin API that is not a success: its problem's code, detail and field errors. */
interface Problem {
  code?: string;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
}

const AS_PLATFORM: Record<string, PlatformErrorCode> = {
  validation_failed: 'validation',
  not_found: 'not_found',
  conflict: 'conflict',
  forbidden: 'forbidden',
  limit_reached: 'limit_reached',
};

/** How often a create is sent again, under the same Idempotency-Key, when the answer is lost or the server is unavailable. */
const RETRIES = 2;

/**
 * The provisioning commands over the admin API (docs/cli.md, "A remote Gatehouse"). Refusals come back
 * as the same PlatformError the local backend would throw, so a script sees the same line and exit code.
 */
export function remoteBackend(baseUrl: string, adminKey: string): AdminBackend {
  const root = `${baseUrl.replace(/\/+$/, '')}/admin/v1`;

  async function send<T>(method: string, path: string, body?: unknown, attempt = 0, idempotencyKey?: string): Promise<T> {
    const key = idempotencyKey ?? (method === 'POST' ? randomUUID() : undefined);
    let res: Response;
    try {
      res = await fetch(root + path, {
        method,
        headers: {
          authorization: `Bearer ${adminKey}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      if (attempt < RETRIES && (method !== 'POST' || key)) return send(method, path, body, attempt + 1, key);
      throw new Error(`cannot reach the admin API at ${root}: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`, { cause: err });
    }
    if (res.status === 503 && attempt < RETRIES) return send(method, path, body, attempt + 1, key);
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : {};
    if (res.ok) return parsed as T;
    const problem = parsed as Problem;
    const code = problem.code ? AS_PLATFORM[problem.code] : undefined;
    if (code) throw new PlatformError(code, problem.detail ?? `HTTP ${res.status}`, problem.errors ?? []);
    throw new Error(`admin API answered ${res.status}: ${problem.detail ?? text.slice(0, 200)}`);
  }

  /** Every page of a list, following `nextCursor`. */
  async function all<T>(path: string, key: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page: Record<string, unknown> & { nextCursor: string | null } = await send(
        'GET',
        `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...(page[key] as T[]));
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  const seg = encodeURIComponent;
  const byCreation = <T extends { createdOn: string; id: string }>(a: T, b: T) => a.createdOn.localeCompare(b.createdOn) || a.id.localeCompare(b.id);
  const bySlug = (a: Workspace, b: Workspace) => a.slug.localeCompare(b.slug);
  const workspaces = async () => (await all<Workspace>('/workspaces', 'workspaces')).sort(bySlug);

  const backend: AdminBackend = {
    createUser: async (input) => (await send<{ user: User }>('POST', '/users', input)).user,
    listUsers: async () => (await all<User>('/users', 'users')).sort((a, b) => a.email.localeCompare(b.email)),
    user: async (email) => {
      const [found] = (await send<{ users: User[] }>('GET', `/users?email=${seg(email.trim())}`)).users;
      if (!found) throw notFound(`User "${email.trim()}"`);
      return found;
    },

    createWorkspace: async (input) => (await send<{ workspace: Workspace }>('POST', '/workspaces', input)).workspace,
    listWorkspaces: workspaces,
    workspace: async (ref) => (await send<{ workspace: Workspace }>('GET', `/workspaces/${seg(ref.trim())}`)).workspace,

    addMember: async (workspaceId, userId, role) => {
      await send('POST', `/workspaces/${workspaceId}/members`, { userId, role });
    },
    listMembers: async (workspaceId) => (await all<Member>(`/workspaces/${workspaceId}/members`, 'members')).sort((a, b) => a.email.localeCompare(b.email)),
    changeMember: async (workspaceId, userId, role) =>
      (role === null
        ? await send<{ ended: { authorizationsRevoked: number; apiTokensRevoked: number } }>('DELETE', `/workspaces/${workspaceId}/members/${userId}`)
        : await send<{ ended: { authorizationsRevoked: number; apiTokensRevoked: number } }>('PATCH', `/workspaces/${workspaceId}/members/${userId}`, { role })
      ).ended,

    invite: async (workspaceId, input) => (await send<{ invitation: Invitation }>('POST', `/workspaces/${workspaceId}/invitations`, input)).invitation,
    listInvitations: async (workspaceId) =>
      (await all<Invitation>(`/workspaces/${workspaceId}/invitations`, 'invitations')).sort(
        (a, b) => b.createdOn.localeCompare(a.createdOn) || b.id.localeCompare(a.id),
      ),
    revokeInvitation: async (workspaceId, invitationId) => {
      if (!/^[0-9a-f]{24}$/.test(invitationId)) throw notFound('Invitation');
      await send('DELETE', `/workspaces/${workspaceId}/invitations/${invitationId}`);
    },

    createSite: async (workspaceId, input) => (await send<{ site: Site }>('POST', `/workspaces/${workspaceId}/sites`, input)).site,
    listSites: async (workspaceId) => {
      const ids = workspaceId ? [workspaceId] : (await workspaces()).map((w) => w.id);
      return (await Promise.all(ids.map((id) => all<Site>(`/workspaces/${id}/sites`, 'sites')))).flat().sort(byCreation);
    },
    site: async (ref) => (await send<{ site: Site }>('GET', `/sites/${seg(ref.trim())}`)).site,
    deleteSite: async (siteId) => (await send<{ deleted: Awaited<ReturnType<AdminBackend['deleteSite']>> }>('DELETE', `/sites/${siteId}`)).deleted,

    createApp: (workspaceId, fields) => send('POST', `/workspaces/${workspaceId}/apps`, fields),
    listApps: async (workspaceId) => {
      const ids = workspaceId ? [workspaceId] : (await workspaces()).map((w) => w.id);
      return (await Promise.all(ids.map((id) => all<App>(`/workspaces/${id}/apps`, 'apps')))).flat();
    },
    app: async (ref) => {
      const key = ref.trim();
      if (!/^([0-9a-f]{24}|[0-9a-f]{64})$/.test(key)) throw notFound(`App "${key}"`);
      try {
        return (await send<{ app: App }>('GET', `/apps/${key}`)).app;
      } catch (err) {
        if (err instanceof PlatformError && err.code === 'not_found') throw notFound(`App "${key}"`);
        throw err;
      }
    },
    rotateSecret: async (appId, overlapSeconds) => {
      const answer = await send<{ clientSecret: string; previousSecretExpiresAt: string | null }>('POST', `/apps/${appId}/secret`, { overlapSeconds });
      return { clientSecret: answer.clientSecret, previousSecretExpiresAt: answer.previousSecretExpiresAt };
    },
    revokePreviousSecret: async (appId) => (await send<{ app: App }>('DELETE', `/apps/${appId}/previous-secret`)).app,

    createToken: async (owner, input) => {
      const path = 'siteId' in owner ? `/sites/${owner.siteId}/tokens` : `/workspaces/${owner.workspaceId}/tokens`;
      const made = await send<{ token: ApiToken; accessToken: string }>('POST', path, input);
      return { token: made.accessToken, record: made.token };
    },
    listTokens: (owner) => all<ApiToken>('siteId' in owner ? `/sites/${owner.siteId}/tokens` : `/workspaces/${owner.workspaceId}/tokens`, 'tokens'),
    token: async (id) => {
      if (!/^[0-9a-f]{24}$/.test(id)) throw notFound('Token');
      return (await send<{ token: ApiToken }>('GET', `/tokens/${id}`)).token;
    },
    revokeToken: async (id) => (await send<{ revoked: boolean }>('DELETE', `/tokens/${id}`)).revoked,
  };
  return backend;
}
