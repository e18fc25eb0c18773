import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken } from '../../../src/platform/tokens/api-tokens.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';

const ORIGIN = 'http://127.0.0.1:8080';
const METADATA_URL = `${ORIGIN}/.well-known/oauth-protected-resource/v2`;

/** RFC 9728 §5.1 challenge parameters, parsed the way an MCP client reads them. */
function challengeOf(header: unknown): Record<string, string> {
  expect(typeof header).toBe('string');
  const [scheme, ...rest] = (header as string).split(' ');
  expect(scheme).toBe('Bearer');
  return Object.fromEntries([...rest.join(' ').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

describe.each(backends())('RFC 9728 protected resource metadata of /v2 on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp(backend);
    w = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  it('publishes the document at the path-suffixed and the bare well-known URL', async () => {
    for (const url of ['/.well-known/oauth-protected-resource/v2', '/.well-known/oauth-protected-resource']) {
      const res = await t.app.inject(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      const doc = res.json();
      expect(doc).toMatchObject({ resource: `${ORIGIN}/v2`, authorization_servers: [ORIGIN], bearer_methods_supported: ['header'] });
      expect(doc.scopes_supported).toContain('sites:read');
    }
  });

  it('names an authorization server whose RFC 8414 issuer is that URL', async () => {
    const doc = (await t.app.inject('/.well-known/oauth-protected-resource/v2')).json();
    const as = (await t.app.inject('/.well-known/oauth-authorization-server')).json();
    expect(as.issuer).toBe(doc.authorization_servers[0]);
  });

  it('names the document in the 401 without a token and the 401 with a bad one', async () => {
    const none = await t.app.inject('/v2/sites');
    expect(none.statusCode).toBe(401);
    expect(challengeOf(none.headers['www-authenticate'])).toEqual({ realm: 'gatehouse', resource_metadata: METADATA_URL });
    const bad = await t.app.inject({ url: '/v2/sites', headers: bearer('gth_oat_unknown') });
    expect(bad.statusCode).toBe(401);
    expect(challengeOf(bad.headers['www-authenticate'])).toEqual({ realm: 'gatehouse', resource_metadata: METADATA_URL, error: 'invalid_token' });
    expect(bad.json()).toEqual({ code: 'not_authorized', message: 'Request not authorized', externalReference: null, details: [] });
  });

  it('names the document and the scopes to step up to in the 403 insufficient_scope', async () => {
    const { token } = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    const res = await t.app.inject({
      method: 'POST',
      url: `/v2/sites/${w.siteA.id}/publish`,
      headers: { ...bearer(token), 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(403);
    expect(challengeOf(res.headers['www-authenticate'])).toEqual({
      realm: 'gatehouse',
      resource_metadata: METADATA_URL,
      error: 'insufficient_scope',
      scope: 'sites:write',
    });
    expect(res.json().code).toBe('missing_scopes');
  });

  it('names the document on a 403 that no scope would cure, without calling it insufficient_scope', async () => {
    const { token } = await createSiteToken(t.runtime.ctx, w.siteA.id, { name: 'ci', scopes: ['authorized_user:read'] });
    const res = await t.app.inject({ url: '/v2/token/authorized_by', headers: bearer(token) });
    expect(res.statusCode).toBe(403);
    expect(challengeOf(res.headers['www-authenticate'])).toEqual({ realm: 'gatehouse', resource_metadata: METADATA_URL });
    expect(res.json().code).toBe('forbidden');
  });

  it('leaves answers that are not refusals without a challenge', async () => {
    const { token } = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    expect((await t.app.inject({ url: '/v2/sites', headers: bearer(token) })).headers['www-authenticate']).toBeUndefined();
    expect((await t.app.inject({ url: '/v2/sites/0123456789abcdef01234567', headers: bearer(token) })).headers['www-authenticate']).toBeUndefined();
  });
});
