/**
 * The few Gatehouse admin API calls (docs/admin-api.md) this product's backend makes. Every create
 * carries an `Idempotency-Key` made from the product's own object id, so a create retried after a lost
 * answer gets the first answer back instead of making the object twice.
 */
export class GatehouseAdmin {
  constructor(
    private readonly baseUrl: string,
    private readonly adminKey: string,
  ) {}

  private async call<T>(method: string, path: string, body?: object, idempotencyKey?: string): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.adminKey}` };
    if (body) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const res = await fetch(`${this.baseUrl}/admin/v1${path}`, { method, headers, body: body && JSON.stringify(body) });
    const answer = (await res.json()) as T & { code?: string; detail?: string };
    if (!res.ok) throw new Error(`Gatehouse admin API ${method} ${path}: ${res.status} ${answer.code}: ${answer.detail}`);
    return answer;
  }

  /** Creates the Gatehouse account of a product user; they sign in through the product's login, so it has no password. */
  createUser(key: string, user: { email: string; firstName: string; lastName: string }) {
    return this.call<{ user: { id: string } }>('POST', '/users', user, key).then((a) => a.user);
  }

  createWorkspace(key: string, workspace: { name: string; slug: string; ownerUserId: string }) {
    return this.call<{ workspace: { id: string; slug: string } }>('POST', '/workspaces', workspace, key).then((a) => a.workspace);
  }

  addMember(key: string, workspaceId: string, member: { userId: string; role: 'admin' | 'member' }) {
    return this.call('POST', `/workspaces/${workspaceId}/members`, member, key);
  }

  createSite(key: string, workspaceId: string, site: { displayName: string; shortName: string }) {
    return this.call<{ site: { id: string } }>('POST', `/workspaces/${workspaceId}/sites`, site, key).then((a) => a.site);
  }

  renameSite(siteId: string, displayName: string) {
    return this.call('PATCH', `/sites/${siteId}`, { displayName });
  }

  deleteSite(siteId: string) {
    return this.call('DELETE', `/sites/${siteId}`);
  }

  createApp(
    key: string,
    workspaceId: string,
    app: { name: string; homepage: string; redirectUris: string[]; scopes: string[]; description?: string; isPublic?: boolean },
  ) {
    return this.call<{ app: { clientId: string }; clientSecret: string }>('POST', `/workspaces/${workspaceId}/apps`, app, key).then((a) => ({
      clientId: a.app.clientId,
      clientSecret: a.clientSecret,
    }));
  }
}
