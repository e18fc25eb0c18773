import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';

describe.each(backends())('Data API rate limits on %s', (backend) => {
  let clock = Date.UTC(2030, 0, 1, 12, 0, 0);
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp(backend, {}, { now: () => new Date(clock) });
    w = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  it('counts per token per minute from the workspace plan, with headers on every response and 429 + Retry-After', async () => {
    await t.runtime.ctx.db.updateTable('workspaces').set({ plan: 'starter' }).where('id', '=', w.workspace.id).execute();
    const { token } = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    const other = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    for (let i = 1; i <= 60; i++) {
      const res = await t.app.inject({ url: i % 2 ? '/v2/sites' : '/v2/nope', headers: bearer(token) });
      expect(res.headers['x-ratelimit-limit']).toBe('60');
      expect(res.headers['x-ratelimit-remaining']).toBe(String(60 - i));
    }
    const limited = await t.app.inject({ url: '/v2/sites', headers: bearer(token) });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ code: 'too_many_requests', message: 'Too Many Requests', externalReference: null, details: [] });
    expect(limited.headers['retry-after']).toBe('60');
    expect((await t.app.inject({ url: '/v2/sites', headers: bearer(other.token) })).statusCode).toBe(200);
    clock += 60_000;
    expect((await t.app.inject({ url: '/v2/sites', headers: bearer(token) })).statusCode).toBe(200);
  });

  it('reports the plan limit in introspection and honours a custom Enterprise limit', async () => {
    await t.runtime.ctx.db.updateTable('workspaces').set({ plan: 'enterprise', api_rate_limit: 5000 }).where('id', '=', w.workspace.id).execute();
    const { token } = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    const res = await t.app.inject({ url: '/v2/token/introspect', headers: bearer(token) });
    expect(res.json().authorization.rateLimit).toBe(5000);
    expect(res.headers['x-ratelimit-limit']).toBe('5000');
  });
});
