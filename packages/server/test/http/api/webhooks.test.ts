import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken } from '../../../src/platform/tokens/api-tokens.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';

describe.each(backends())('Data API webhooks on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let token: string;
  const create = (siteId: string, body: unknown, tok = token) =>
    t.app.inject({ method: 'POST', url: `/v2/sites/${siteId}/webhooks`, headers: bearer(tok), payload: body as object });
  beforeAll(async () => {
    t = await createTestApp(backend);
    w = await createWorld(t.runtime.ctx);
    ({ token } = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      scopes: ['sites:read', 'cms:read'],
    }));
  });
  afterAll(() => t.close());

  it('creates (201), lists, gets and removes (204) a webhook', async () => {
    const res = await create(w.siteA.id, { triggerType: 'site_publish', url: 'https://hooks.example.com/in', id: 'ignored', siteId: 'ignored' });
    expect(res.statusCode).toBe(201);
    const hook = res.json();
    expect(hook).toMatchObject({
      triggerType: 'site_publish',
      url: 'https://hooks.example.com/in',
      siteId: w.siteA.id,
      workspaceId: w.workspace.id,
      filter: null,
      lastTriggered: null,
    });
    expect(hook.id).toMatch(/^[0-9a-f]{24}$/);
    expect(hook.secretKey).toBeUndefined();
    const list = (await t.app.inject({ url: `/v2/sites/${w.siteA.id}/webhooks`, headers: bearer(token) })).json();
    expect(list.webhooks.map((h: { id: string }) => h.id)).toContain(hook.id);
    expect(list.pagination).toMatchObject({ offset: 0, total: list.webhooks.length });
    expect((await t.app.inject({ url: `/v2/webhooks/${hook.id}`, headers: bearer(token) })).json().id).toBe(hook.id);
    const del = await t.app.inject({ method: 'DELETE', url: `/v2/webhooks/${hook.id}`, headers: bearer(token) });
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    expect((await t.app.inject({ url: `/v2/webhooks/${hook.id}`, headers: bearer(token) })).statusCode).toBe(404);
  });

  it('needs the scope of the trigger type to create, see and remove', async () => {
    const res = await create(w.siteA.id, { triggerType: 'form_submission', url: 'https://hooks.example.com/f' });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe('OAuthForbidden: You are missing the following scopes - forms:read');
    const cms = (await create(w.siteA.id, { triggerType: 'collection_item_created', url: 'https://hooks.example.com/c' })).json();
    const narrow = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    expect((await t.app.inject({ url: `/v2/webhooks/${cms.id}`, headers: bearer(narrow.token) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/v2/webhooks/${cms.id}`, headers: bearer(narrow.token) })).statusCode).toBe(403);
    const listed = (await t.app.inject({ url: `/v2/sites/${w.siteA.id}/webhooks`, headers: bearer(narrow.token) })).json().webhooks;
    expect(listed.map((h: { id: string }) => h.id)).not.toContain(cms.id);
  });

  it('refuses unknown trigger types, filters outside form_submission, and non-https URLs', async () => {
    expect((await create(w.siteA.id, { triggerType: 'memberships_user_account_added', url: 'https://x.example.com' })).json().code).toBe(
      'unsupported_webhook_trigger_type',
    );
    expect((await create(w.siteA.id, { triggerType: 'site_publish', url: 'https://x.example.com', filter: { name: 'x' } })).json().code).toBe(
      'incompatible_webhook_filter',
    );
    for (const url of ['http://example.com/hook', 'ftp://example.com', 'not a url', 'https://user:pw@example.com/']) {
      const res = await create(w.siteA.id, { triggerType: 'site_publish', url });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_error', details: [{ field: 'url' }] });
    }
    expect((await create(w.siteA.id, { triggerType: 'site_publish', url: 'http://127.0.0.1:9/hook' })).statusCode).toBe(201);
    expect((await create(w.siteA.id, { triggerType: ['site_publish', 'x'], url: 'https://x.example.com' })).statusCode).toBe(400);
    expect((await create(w.siteA.id, { url: 'https://x.example.com' })).json().code).toBe('validation_error');
  });

  it('keeps webhooks inside the boundary: another site, another app, another workspace answer 404', async () => {
    const scoped = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      siteIds: [w.siteB.id],
      scopes: ['sites:read'],
    });
    const onA = (await create(w.siteA.id, { triggerType: 'site_publish', url: 'https://hooks.example.com/a' })).json();
    expect((await t.app.inject({ url: `/v2/webhooks/${onA.id}`, headers: bearer(scoped.token) })).statusCode).toBe(404);
    expect((await create(w.siteA.id, { triggerType: 'site_publish', url: 'https://x.example.com' }, scoped.token)).statusCode).toBe(404);
    expect((await create(w.otherSite.id, { triggerType: 'site_publish', url: 'https://x.example.com' })).statusCode).toBe(404);
    const { token: siteToken } = await createSiteToken(t.runtime.ctx, w.siteA.id, { name: 'hooks', scopes: ['sites:read'] });
    expect((await t.app.inject({ url: `/v2/webhooks/${onA.id}`, headers: bearer(siteToken) })).statusCode).toBe(404);
  });

  it('gives site-token webhooks a secretKey in a header of the create response only, stored sealed', async () => {
    const { token: siteToken } = await createSiteToken(t.runtime.ctx, w.siteB.id, { name: 'hooks', scopes: ['forms:read'] });
    const res = await create(w.siteB.id, { triggerType: 'form_submission', url: 'https://hooks.example.com/f', filter: { name: 'Contact' } }, siteToken);
    expect(res.statusCode).toBe(201);
    const hook = res.json();
    const secretKey = res.headers['x-gatehouse-webhook-secret-key'] as string;
    expect(secretKey).toMatch(/^gth_whsec_/);
    expect(hook.secretKey).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(hook.filter).toEqual({ name: 'Contact' });
    const row = await t.runtime.ctx.db.selectFrom('webhooks').selectAll().where('id', '=', hook.id).executeTakeFirstOrThrow();
    expect(row.secret_key_encrypted).not.toContain(secretKey);
    expect(t.runtime.ctx.secrets.open(row.secret_key_encrypted!)).toBe(secretKey);
    const again = await t.app.inject({ url: `/v2/webhooks/${hook.id}`, headers: bearer(siteToken) });
    expect(again.json().secretKey).toBeUndefined();
    expect(again.headers['x-gatehouse-webhook-secret-key']).toBeUndefined();
  });

  it('allows at most 75 webhooks per trigger type per site, even under concurrency', async () => {
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) => create(w.siteB.id, { triggerType: 'collection_item_deleted', url: `https://hooks.example.com/${i}` })),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(75);
    const refused = results.filter((r) => r.statusCode !== 201);
    expect(refused.every((r) => r.statusCode === 409 && r.json().code === 'conflict')).toBe(true);
  });
});
