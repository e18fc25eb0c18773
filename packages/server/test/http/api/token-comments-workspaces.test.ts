import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCommentReply, addCommentThread } from '../../support/comment-fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';

describe.each(backends())('Data API token, comments and workspaces on %s', (backend) => {
  let clock = Date.UTC(2030, 5, 1);
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let token: string;
  const threadIds: string[] = [];
  const get = (url: string, tok = token) => t.app.inject({ url, headers: bearer(tok) });
  beforeAll(async () => {
    t = await createTestApp(backend, {}, { now: () => new Date(clock) });
    w = await createWorld(t.runtime.ctx);
    ({ token } = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.member.id,
      workspaceId: w.workspace.id,
      scopes: ['authorized_user:read', 'comments:read', 'workspace:read', 'workspace_activity:read'],
    }));
    for (let i = 0; i < 3; i++) {
      clock += 1000;
      const th = await addCommentThread(t.runtime.ctx, {
        siteId: w.siteA.id,
        authorUserId: w.admin.id,
        content: `Thread ${i} ✓ ünïcode`,
        mentionedUserIds: [w.member.id],
      });
      threadIds.push(th.id);
      if (i === 0)
        for (let r = 0; r < 2; r++) {
          clock += 10;
          await addCommentReply(t.runtime.ctx, th, { authorUserId: w.member.id, content: `Reply ${r}` });
        }
    }
  });
  afterAll(() => t.close());

  it('introspects an OAuth token: authorization with authorizedTo, rateLimit, lastUsed, and the application beside it', async () => {
    const body = (await get('/v2/token/introspect')).json();
    expect(body.authorization).toMatchObject({
      grantType: 'authorization_code',
      rateLimit: 120,
      lastUsed: new Date(clock).toISOString(),
      authorizedTo: { workspaceIds: [w.workspace.id], userIds: [w.member.id] },
    });
    expect(body.authorization.authorizedTo.siteIds).toEqual(expect.arrayContaining([w.siteA.id, w.siteB.id]));
    expect(body.authorization.scope.split(',')).toEqual(expect.arrayContaining(['comments:read', 'workspace:read']));
    expect(body.application).toEqual({ id: w.app.id, description: w.app.description, homepage: w.app.homepage, displayName: w.app.name });
  });

  it('answers authorized_by with the authorizing user', async () => {
    expect((await get('/v2/token/authorized_by')).json()).toEqual({ id: w.member.id, email: w.member.email, firstName: 'Max', lastName: 'Member' });
  });

  it('lists comment threads with pagination and sorting', async () => {
    const page = (await get(`/v2/sites/${w.siteA.id}/comments?limit=2&offset=1&sortBy=createdOn&sortOrder=desc`)).json();
    expect(page.pagination).toEqual({ limit: 2, offset: 1, total: 3 });
    expect(page.comments.map((c: { id: string }) => c.id)).toEqual([threadIds[1], threadIds[0]]);
    expect(page.comments[0]).toMatchObject({
      siteId: w.siteA.id,
      isResolved: false,
      author: { userId: w.admin.id, email: w.admin.email },
      mentionedUsers: [{ userId: w.member.id }],
    });
    expect((await get(`/v2/sites/${w.siteA.id}/comments/${threadIds[2]}`)).json().content).toBe('Thread 2 ✓ ünïcode');
    const replies = (await get(`/v2/sites/${w.siteA.id}/comments/${threadIds[0]}/replies`)).json();
    expect(replies.pagination.total).toBe(2);
    expect(replies.comments[0]).toMatchObject({ commentId: threadIds[0], content: 'Reply 0', author: { id: w.member.id } });
  });

  it('refuses bad comment queries with 400 validation_error', async () => {
    for (const q of ['limit=101', 'limit=0', 'offset=-1', 'sortBy=createdOn', 'sortOrder=asc', 'sortBy=name&sortOrder=asc', 'limit=1&limit=2', 'limit=abc']) {
      const res = await get(`/v2/sites/${w.siteA.id}/comments?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code, q).toBe('validation_error');
      expect(res.json().details.length, q).toBeGreaterThan(0);
    }
  });

  it('answers 404 for a thread of another site and for a site outside the token', async () => {
    expect((await get(`/v2/sites/${w.siteB.id}/comments/${threadIds[0]}`)).statusCode).toBe(404);
    expect((await get(`/v2/sites/${w.siteB.id}/comments/${threadIds[0]}/replies`)).statusCode).toBe(404);
    expect((await get(`/v2/sites/${w.otherSite.id}/comments`)).statusCode).toBe(404);
  });

  it('lists the workspace and its audit log, paginated and filtered, by id or slug', async () => {
    expect((await get('/v2/workspaces')).json().workspaces).toEqual([expect.objectContaining({ id: w.workspace.id, slug: w.workspace.slug })]);
    const all = (await get(`/v2/workspaces/${w.workspace.slug}/audit_logs?limit=1&sortOrder=asc`)).json();
    expect(all.pagination.limit).toBe(1);
    expect(all.items[0]).toMatchObject({ timestamp: expect.any(String), actor: expect.any(Object), workspace: { id: w.workspace.id, slug: w.workspace.slug } });
    const members = (await get(`/v2/workspaces/${w.workspace.id}/audit_logs?eventType=workspace_membership`)).json();
    expect(members.items.every((i: { eventType: string }) => i.eventType === 'workspace_membership')).toBe(true);
    const future = (await get(`/v2/workspaces/${w.workspace.id}/audit_logs?from=2099-01-01T00:00:00Z`)).json();
    expect(future.pagination.total).toBe(0);
    for (const q of ['eventType=nope', 'from=yesterday', 'limit=500', 'from=2031-01-01T00:00:00Z&to=2030-01-01T00:00:00Z']) {
      expect((await get(`/v2/workspaces/${w.workspace.id}/audit_logs?${q}`)).statusCode, q).toBe(400);
    }
    expect((await get(`/v2/workspaces/${w.otherWorkspace.slug}/audit_logs`)).statusCode).toBe(404);
  });

  it('does not reach the workspace from a sites-only authorization', async () => {
    const scoped = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      siteIds: [w.siteA.id],
      scopes: ['workspace:read', 'workspace_activity:read'],
    });
    expect((await get('/v2/workspaces', scoped.token)).json().workspaces).toEqual([]);
    expect((await get(`/v2/workspaces/${w.workspace.id}/audit_logs`, scoped.token)).statusCode).toBe(404);
  });
});
