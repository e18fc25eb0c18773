import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomDomain } from '../../../src/platform/sites/sites.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';

describe.each(backends())('Data API sites on %s', (backend) => {
  let clock = Date.now();
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let token: string;
  let domainId: string;
  const publish = (siteId: string, body: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/v2/sites/${siteId}/publish`,
      headers: { ...bearer(token), 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  beforeAll(async () => {
    t = await createTestApp(backend, {}, { now: () => new Date(clock) });
    w = await createWorld(t.runtime.ctx);
    domainId = (await addCustomDomain(t.runtime.ctx, w.siteA.id, 'www.example.com')).id;
    ({ token } = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      scopes: ['sites:read', 'sites:write'],
    }));
  });
  afterAll(() => t.close());

  it("gets a site in Webflow's shape, with its custom domains", async () => {
    const res = await t.app.inject({ url: `/v2/sites/${w.siteA.id}`, headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: w.siteA.id,
      workspaceId: w.workspace.id,
      displayName: 'Site A',
      shortName: w.siteA.shortName,
      timeZone: 'UTC',
      lastPublished: null,
      customDomains: [{ id: domainId, url: 'www.example.com', lastPublished: null }],
    });
    expect(res.json().locales.primary.tag).toBe('en');
    const domains = await t.app.inject({ url: `/v2/sites/${w.siteA.id}/custom_domains`, headers: bearer(token) });
    expect(domains.json()).toEqual({ customDomains: [{ id: domainId, url: 'www.example.com', lastPublished: null }] });
  });

  it('answers a malformed site id with 400 validation_error and details', async () => {
    for (const bad of ['abc', 'ZZZZZZZZZZZZZZZZZZZZZZZZ', '%F0%9F%98%80', `${'a'.repeat(24)}x`]) {
      const res = await t.app.inject({ url: `/v2/sites/${bad}`, headers: bearer(token) });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_error', details: [{ field: 'site_id' }] });
    }
  });

  it('refuses to publish with neither domains nor the subdomain: 400 no_domains', async () => {
    expect((await publish(w.siteA.id, {})).json().code).toBe('no_domains');
    const empty = await t.app.inject({ method: 'POST', url: `/v2/sites/${w.siteA.id}/publish`, headers: bearer(token) });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('no_domains');
  });

  it('refuses an unknown or foreign domain id: 400 invalid_domain', async () => {
    const res = await publish(w.siteA.id, { customDomains: ['0123456789abcdef01234567'] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_domain', message: 'Please send a valid custom domain ID' });
    expect((await publish(w.siteA.id, { customDomains: ['not-an-id'] })).json().code).toBe('invalid_domain');
  });

  it('answers bad bodies with 400, never 500', async () => {
    expect((await publish(w.siteA.id, '{"customDomains": [')).statusCode).toBe(400);
    expect((await publish(w.siteA.id, { customDomains: { id: 'one' } })).json().code).toBe('validation_error');
    expect((await publish(w.siteA.id, { customDomains: [{ id: 1 }] })).statusCode).toBe(400);
    expect((await publish(w.siteA.id, JSON.stringify({ customDomains: Array(1000).fill('x'.repeat(300)) }))).statusCode).toBe(400);
    expect((await publish(w.siteA.id, 'x', { 'content-type': 'text/plain' })).statusCode).toBe(400);
    expect((await publish(w.siteA.id, '[]')).statusCode).toBe(400);
  });

  it('publishes (202), stamps site and domains, and allows one successful publish per minute', async () => {
    const res = await publish(w.siteA.id, { customDomains: [domainId], publishToWebflowSubdomain: true });
    expect(res.statusCode).toBe(202);
    const at = new Date(clock).toISOString();
    expect(res.json()).toEqual({ customDomains: [{ id: domainId, url: 'www.example.com', lastPublished: at }], publishToWebflowSubdomain: true });
    const site = (await t.app.inject({ url: `/v2/sites/${w.siteA.id}`, headers: bearer(token) })).json();
    expect(site.lastPublished).toBe(at);
    const again = await publish(w.siteA.id, { publishToWebflowSubdomain: true });
    expect(again.statusCode).toBe(429);
    expect(again.json()).toEqual({ code: 'too_many_requests', message: 'Too Many Requests', externalReference: null, details: [] });
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    clock += 61_000;
    expect((await publish(w.siteA.id, { publishToWebflowSubdomain: true })).statusCode).toBe(202);
  });

  it('lets only one of many concurrent publishes through', async () => {
    clock += 61_000;
    const results = await Promise.all(Array.from({ length: 6 }, () => publish(w.siteB.id, { publishToWebflowSubdomain: true })));
    expect(results.filter((r) => r.statusCode === 202)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(5);
  });

  it('needs sites:write to publish', async () => {
    const reader = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    const res = await t.app.inject({
      method: 'POST',
      url: `/v2/sites/${w.siteA.id}/publish`,
      headers: bearer(reader.token),
      payload: { publishToWebflowSubdomain: true },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('sites:write');
  });
});
