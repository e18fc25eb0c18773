import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken, createWorkspaceToken } from '../../../src/platform/tokens/api-tokens.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';

const webflowError = (code: string) => ({ code, message: expect.any(String), externalReference: null, details: expect.any(Array) });

describe.each(backends())('Webflow-shaped answers everywhere under /v2, /beta and /gatehouse on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp(backend);
    w = await createWorld(t.runtime.ctx);
    ({ token } = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      scopes: ['sites:read', 'workspace_activity:read'],
    }));
  });
  afterAll(() => t.close());

  it('answers unknown paths, wrong methods and every /beta path with the Webflow error body', async () => {
    const cases: Array<[string, string, Record<string, string>, number, string]> = [
      ['GET', '/v2/nope', bearer(token), 404, 'resource_not_found'],
      ['PUT', '/v2/sites', bearer(token), 404, 'resource_not_found'],
      ['POST', `/v2/sites/${w.siteA.id}/custom_domains`, bearer(token), 404, 'resource_not_found'],
      ['GET', '/beta/sites', bearer(token), 404, 'resource_not_found'],
      ['GET', '/beta', bearer(token), 404, 'resource_not_found'],
      ['DELETE', '/beta/webhooks/abc', bearer(token), 404, 'resource_not_found'],
      ['GET', '/beta/sites', {}, 401, 'not_authorized'],
      ['GET', '/gatehouse/v1/nope', bearer(token), 404, 'resource_not_found'],
    ];
    for (const [method, url, headers, status, code] of cases) {
      const res = await t.app.inject({ method: method as 'GET', url, headers });
      expect([method, url, res.statusCode], url).toEqual([method, url, status]);
      expect(res.json(), url).toEqual(webflowError(code));
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('sends Retry-After beside X-RateLimit-Limit and -Remaining on every answer, the seconds to wait on a 429', async () => {
    const { token: siteToken } = await createSiteToken(t.runtime.ctx, w.siteA.id, { name: 'ra', scopes: ['sites:read'] });
    const answers = [
      await t.app.inject({ url: '/v2/sites', headers: bearer(token) }),
      await t.app.inject({ url: `/v2/sites/${w.siteA.id}`, headers: bearer(siteToken) }),
      await t.app.inject({ url: `/v2/sites/${w.otherSite.id}`, headers: bearer(token) }),
      await t.app.inject({ url: '/v2/token/authorized_by', headers: bearer(token) }),
      await t.app.inject({ url: '/v2/sites/bad-id', headers: bearer(token) }),
      await t.app.inject({ url: '/v2/sites' }),
      await t.app.inject({ url: '/beta/sites', headers: bearer(token) }),
      await t.app.inject({ url: `/gatehouse/v1/workspaces/${w.workspace.id}/audit_events`, headers: bearer(token) }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 404, 403, 400, 401, 404, 200]);
    for (const res of answers) {
      expect(res.headers['x-ratelimit-limit']).toMatch(/^\d+$/);
      expect(res.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
      expect(res.headers['retry-after']).toBe('60');
    }
    const { token: tiny } = await createWorkspaceToken(t.runtime.ctx, w.otherWorkspace.id, { name: 'tiny', scopes: ['workspace:read'] });
    let last;
    for (let i = 0; i < 130; i++) last = await t.app.inject({ url: '/v2/workspaces', headers: bearer(tiny) });
    expect(last!.statusCode).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(60);
  });
});
