import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeAuthorization } from '../../../src/platform/authorization/authorizations.js';
import { postComment } from '../../../src/platform/sites/comment-posting.js';
import { deleteSite } from '../../../src/platform/sites/site-deletion.js';
import { createSite } from '../../../src/platform/sites/sites.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';

/**
 * List Sites, comment threads, webhooks and the token endpoints answer from this node's caches
 * (docs/design.md, "Caches"); every change made through the platform shows on the very next read.
 */
describe.each(backends())('lists served from the caches on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let token: string;
  let authorizationId: string;
  const get = async (url: string, tok = token) => (await t.app.inject({ url, headers: bearer(tok) })).json();
  beforeAll(async () => {
    t = await createTestApp(backend);
    w = await createWorld(t.runtime.ctx);
    ({ token, authorizationId } = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      scopes: ['sites:read', 'sites:write', 'comments:read', 'cms:read'],
    }));
  });
  afterAll(() => t.close());

  it('shows a site created or deleted in the workspace in List Sites and introspection at once', async () => {
    const before = (await get('/v2/sites')).sites.map((s: { id: string }) => s.id);
    const introspected = (await get('/v2/token/introspect')).authorization.authorizedTo.siteIds;
    expect(introspected).toEqual(before);
    const site = await createSite(t.runtime.ctx, { workspaceId: w.workspace.id, displayName: 'Made after the first read' });
    expect((await get('/v2/sites')).sites.map((s: { id: string }) => s.id)).toEqual([...before, site.id]);
    expect((await get('/v2/token/introspect')).authorization.authorizedTo.siteIds).toEqual([...before, site.id]);
    await deleteSite(t.runtime.ctx, site.id);
    expect((await get('/v2/sites')).sites.map((s: { id: string }) => s.id)).toEqual(before);
    expect((await get('/v2/token/introspect')).authorization.authorizedTo.siteIds).toEqual(before);
  });

  it('shows a posted comment in the thread list at once', async () => {
    const url = `/v2/sites/${w.siteA.id}/comments`;
    const total = (await get(url)).pagination.total;
    await postComment(t.runtime.ctx, { siteId: w.siteA.id, author: { id: w.admin.id, email: w.admin.email, name: 'Admin' }, content: 'Posted after a read' });
    const after = await get(url);
    expect(after.pagination.total).toBe(total + 1);
    expect(after.comments.map((c: { content: string }) => c.content)).toContain('Posted after a read');
  });

  it('shows a created and a removed webhook in the list at once, and nothing after the grant ends', async () => {
    const url = `/v2/sites/${w.siteB.id}/webhooks`;
    expect((await get(url)).webhooks).toEqual([]);
    const created = await t.app.inject({
      method: 'POST',
      url,
      headers: bearer(token),
      payload: { triggerType: 'site_publish', url: 'https://hooks.example.com/cached' },
    });
    expect(created.statusCode).toBe(201);
    expect((await get(url)).webhooks.map((h: { id: string }) => h.id)).toEqual([created.json().id]);
    const removed = await t.app.inject({ method: 'DELETE', url: `/v2/webhooks/${created.json().id}`, headers: bearer(token) });
    expect(removed.statusCode).toBe(204);
    expect((await get(url)).webhooks).toEqual([]);

    await t.app.inject({ method: 'POST', url, headers: bearer(token), payload: { triggerType: 'site_publish', url: 'https://hooks.example.com/ends' } });
    const other = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.member.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    expect((await get(url, other.token)).webhooks).toHaveLength(1);
    await revokeAuthorization(t.runtime.ctx, authorizationId);
    expect((await get(url, other.token)).webhooks).toEqual([]);
  });
});
