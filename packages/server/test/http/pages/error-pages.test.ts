import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../support/fixtures.js';
import { createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from '../dashboard/dashboard-agent.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const NAVIGATION =
  /<nav class="next-steps" aria-label="Where next"><a class="button" href="\/">Go to your workspaces<\/a><a class="button secondary" href="\/docs">/;

describe('error pages lead somewhere', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let member: DashboardAgent;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    world = await createWorld(t.runtime.ctx);
    member = await DashboardAgent.signedIn(t.app, t.runtime.ctx, world.member.id);
  });
  afterAll(() => t.close());

  it('answers an unknown URL with a Gatehouse 404 page when the client accepts HTML', async () => {
    const res = await t.app.inject({ url: '/no/such/page', headers: { accept: BROWSER_ACCEPT } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.body).toContain('<h1>Page not found</h1>');
    expect(res.body).toMatch(NAVIGATION);
  });

  it('answers an unknown URL with JSON when the client does not accept HTML', async () => {
    const res = await t.app.inject({ url: '/no/such/page', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ message: 'Route GET:/no/such/page not found', error: 'Not Found', statusCode: 404 });
    const bare = await t.app.inject({ url: '/no/such/page' });
    expect(bare.headers['content-type']).toContain('application/json');
  });

  it('keeps the Data API format for unknown /v2 and /beta URLs, even for a browser', async () => {
    for (const prefix of ['/v2', '/beta']) {
      const res = await t.app.inject({ url: `${prefix}/no-such-thing`, headers: { accept: BROWSER_ACCEPT } });
      expect(res.headers['content-type'], prefix).toContain('application/json');
      expect(Object.keys(res.json()), prefix).toEqual(expect.arrayContaining(['code', 'message']));
    }
  });

  it('gives a dashboard 403 page navigation', async () => {
    const res = await member.get(`/workspaces/${world.workspace.id}/audit`);
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatch(NAVIGATION);
  });

  it('gives a dashboard 404 page navigation', async () => {
    const res = await member.get('/workspaces/000000000000000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.body).toMatch(NAVIGATION);
  });

  it('shows the redirect URI that was sent and the registered ones when they do not match', async () => {
    const sent = 'https://app.example.com/other?x=<b>';
    const query = new URLSearchParams({ client_id: world.app.clientId, response_type: 'code', redirect_uri: sent });
    const res = await t.app.inject(`/oauth/authorize?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<h1>Invalid redirect URI</h1>');
    expect(res.body).toContain('Sent in the request: <code>https://app.example.com/other?x=&lt;b&gt;</code>');
    expect(res.body).toContain('<li><code>https://app.example.com/callback</code></li>');
    expect(res.body).toMatch(NAVIGATION);
  });

  it('says no redirect URI was sent when the app registers several', async () => {
    const several = await createWorld(t.runtime.ctx, { redirectUris: ['https://a.example.com/cb', 'https://b.example.com/cb'] });
    const res = await t.app.inject(`/oauth/authorize?${new URLSearchParams({ client_id: several.app.clientId, response_type: 'code' })}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Sent in the request: <span class="muted">none</span>');
    expect(res.body).toContain('<li><code>https://a.example.com/cb</code></li><li><code>https://b.example.com/cb</code></li>');
  });
});
