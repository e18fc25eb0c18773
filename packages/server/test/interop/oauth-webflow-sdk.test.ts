import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebflowClient } from 'webflow-api';
import { createWorld, type World } from '../support/fixtures.js';
import { sessionCookie } from '../http/oauth/oauth-helpers.js';
import { approveOverHttp, startLiveServer } from '../http/oauth/live-server.js';

describe('the official webflow-api SDK against a listening Gatehouse', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let world: World;
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    server = await startLiveServer();
    world = await createWorld(server.runtime.ctx, { redirectUris: ['http://localhost:3000/callback'] });
    // The SDK's hosts are fixed; route them to the local server without touching the SDK.
    globalThis.fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const routed = url.replace(/^https:\/\/(api\.)?webflow\.com/, server.origin);
      return realFetch(routed === url ? input : routed, init);
    };
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await server.close();
  });

  it('authorizeURL → consent → getAccessToken yields a working token', async () => {
    const url = WebflowClient.authorizeURL({
      clientId: world.app.clientId,
      state: 'sdk state ✓',
      redirectUri: 'http://localhost:3000/callback',
      scope: ['sites:read', 'authorized_user:read'] as never,
    });
    expect(url.startsWith('https://webflow.com/oauth/authorize?')).toBe(true);
    const local = url.replace('https://webflow.com', server.origin);
    const cookie = await sessionCookie(server.runtime, world.admin);
    const callback = await approveOverHttp(server.origin, cookie, local, {
      decision: 'approve',
      workspace_id: world.workspace.id,
      target: 'sites',
      site_id: world.siteA.id,
    });
    expect(callback.origin + callback.pathname).toBe('http://localhost:3000/callback');
    expect(callback.searchParams.get('state')).toBe('sdk state ✓');
    expect(callback.searchParams.get('iss')).toBe(server.origin);

    const accessToken = await WebflowClient.getAccessToken({
      clientId: world.app.clientId,
      clientSecret: world.clientSecret,
      code: callback.searchParams.get('code')!,
      redirectUri: 'http://localhost:3000/callback',
    });
    expect(accessToken).toMatch(/^gth_oat_/);

    const introspected = await realFetch(`${server.origin}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: world.app.clientId, client_secret: world.clientSecret, token: accessToken }),
    });
    expect(await introspected.json()).toMatchObject({ active: true, site_ids: [world.siteA.id], scope: 'authorized_user:read sites:read' });
  });

  it('surfaces a reused code as an error from getAccessToken', async () => {
    const cookie = await sessionCookie(server.runtime, world.admin);
    const local = WebflowClient.authorizeURL({ clientId: world.app.clientId, scope: 'sites:read' as never }).replace('https://webflow.com', server.origin);
    const callback = await approveOverHttp(server.origin, cookie, local, { decision: 'approve', workspace_id: world.workspace.id, target: 'workspace' });
    const args = { clientId: world.app.clientId, clientSecret: world.clientSecret, code: callback.searchParams.get('code')! };
    await WebflowClient.getAccessToken(args);
    await expect(WebflowClient.getAccessToken(args)).rejects.toMatchObject({ statusCode: 400 });
  });
});
