import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken, createWorkspaceToken, revokeAccessToken } from '../../../src/platform/tokens/api-tokens.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken, revokeAuthorization } from '../../support/oauth-token.js';

const DAY = 24 * 60 * 60 * 1000;

describe.each(backends())('Data API bearer authentication on %s', (backend) => {
  let clock = Date.now();
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp(backend, {}, { now: () => new Date(clock) });
    w = await createWorld(t.runtime.ctx);
    ({ token } = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] }));
  });
  afterAll(() => t.close());
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  it('answers a missing token with 401 not_authorized and a bare Bearer challenge', async () => {
    const res = await get('/v2/sites');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="gatehouse", resource_metadata="http://127.0.0.1:8080/.well-known/oauth-protected-resource/v2"');
    expect(res.json()).toEqual({ code: 'not_authorized', message: 'Request not authorized', externalReference: null, details: [] });
  });

  it('answers an unknown token with 401 and error="invalid_token"', async () => {
    const res = await get('/v2/sites', bearer('gth_oat_unknown'));
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="gatehouse", resource_metadata="http://127.0.0.1:8080/.well-known/oauth-protected-resource/v2", error="invalid_token"',
    );
    expect(res.json().code).toBe('not_authorized');
  });

  it('reads the token only from the Authorization header: a query access_token is refused', async () => {
    const res = await get(`/v2/sites?access_token=${token}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['www-authenticate']).toContain('error="invalid_request"');
    expect((await get(`/v2/sites?access_token=${token}`, bearer(token))).statusCode).toBe(400);
  });

  it('refuses a form-encoded body (and the token it might carry) with 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v2/sites/${w.siteA.id}/publish`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `access_token=${token}`,
    });
    expect(res.statusCode).toBe(401);
    const writer = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:write'] });
    const form = await t.app.inject({
      method: 'POST',
      url: `/v2/sites/${w.siteA.id}/publish`,
      headers: { ...bearer(writer.token), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'publishToWebflowSubdomain=true',
    });
    expect(form.statusCode).toBe(400);
    expect(form.json().code).toBe('bad_request');
    const inJson = await t.app.inject({
      method: 'POST',
      url: `/v2/sites/${w.siteA.id}/publish`,
      headers: { ...bearer(writer.token), 'content-type': 'application/json' },
      payload: JSON.stringify({ access_token: token }),
    });
    expect(inJson.statusCode).toBe(400);
  });

  it('treats other schemes and malformed bearer values as no valid token', async () => {
    expect((await get('/v2/sites', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` })).headers['www-authenticate']).toBe(
      'Bearer realm="gatehouse", resource_metadata="http://127.0.0.1:8080/.well-known/oauth-protected-resource/v2"',
    );
    const bad = await get('/v2/sites', { authorization: 'Bearer two words' });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['www-authenticate']).toContain('invalid_token');
    expect((await get('/v2/sites', { authorization: `bearer ${token}` })).statusCode).toBe(200);
  });

  it('stops accepting a site token the moment it is revoked (cache dropped on the event)', async () => {
    const { token: site, record } = await createSiteToken(t.runtime.ctx, w.siteA.id, { name: 'ci', scopes: ['sites:read'] });
    expect((await get(`/v2/sites/${w.siteA.id}`, bearer(site))).statusCode).toBe(200);
    await revokeAccessToken(t.runtime.ctx, record.id);
    const res = await get(`/v2/sites/${w.siteA.id}`, bearer(site));
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('invalid_token');
  });

  it('stops accepting an OAuth token once its authorization is revoked', async () => {
    const grant = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    expect((await get('/v2/sites', bearer(grant.token))).statusCode).toBe(200);
    await revokeAuthorization(t.runtime.ctx, grant.authorizationId);
    expect((await get('/v2/sites', bearer(grant.token))).statusCode).toBe(401);
  });

  it('rejects an OAuth token past its expires_at', async () => {
    const grant = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      scopes: ['sites:read'],
      expiresAt: new Date(clock + 60_000).toISOString(),
    });
    expect((await get('/v2/sites', bearer(grant.token))).statusCode).toBe(200);
    clock += 61_000;
    expect((await get('/v2/sites', bearer(grant.token))).statusCode).toBe(401);
  });

  it('expires site and workspace tokens after 365 days unused, and each use resets the clock', async () => {
    const { token: site } = await createSiteToken(t.runtime.ctx, w.siteB.id, { name: 'idle', scopes: ['sites:read'] });
    const { token: ws } = await createWorkspaceToken(t.runtime.ctx, w.workspace.id, { name: 'idle', scopes: ['workspace:read'] });
    clock += 300 * DAY;
    expect((await get(`/v2/sites/${w.siteB.id}`, bearer(site))).statusCode).toBe(200);
    await t.runtime.dataApi.lastUsed.flush();
    clock += 300 * DAY;
    expect((await get(`/v2/sites/${w.siteB.id}`, bearer(site))).statusCode).toBe(200);
    expect((await get('/v2/workspaces', bearer(ws))).statusCode).toBe(401);
  });

  it('coalesces lastUsed: many requests, one write per token per minute', async () => {
    const { token: site, record } = await createSiteToken(t.runtime.ctx, w.siteA.id, { name: 'busy', scopes: ['sites:read'] });
    for (let i = 0; i < 5; i++) await get(`/v2/sites/${w.siteA.id}`, bearer(site));
    const before = await t.runtime.ctx.db.selectFrom('token_last_used').select('last_used_at').where('token_id', '=', record.id).executeTakeFirst();
    expect(before?.last_used_at ?? null).toBeNull();
    await t.runtime.dataApi.lastUsed.flush();
    const after = await t.runtime.ctx.db.selectFrom('token_last_used').select('last_used_at').where('token_id', '=', record.id).executeTakeFirstOrThrow();
    expect(after.last_used_at).toBe(new Date(clock).toISOString());
  });
});
