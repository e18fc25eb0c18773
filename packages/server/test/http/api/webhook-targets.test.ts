import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';
import { NON_PUBLIC_TARGETS, testResolver } from '../../support/outbound-targets.js';
import { createTestApp } from '../../support/runtime.js';

/** Webhook targets at create time (docs/data-api.md, "Webhook targets"). */
describe('POST /v2/sites/{id}/webhooks target checks', () => {
  const servers: Array<Awaited<ReturnType<typeof createTestApp>>> = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  async function server(env: Record<string, string>) {
    const t = await createTestApp('sqlite', env, { resolve: testResolver() });
    servers.push(t);
    const w: World = await createWorld(t.runtime.ctx);
    const { token } = await grantOAuthToken(t.runtime.ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    const create = (url: string) =>
      t.app.inject({ method: 'POST', url: `/v2/sites/${w.siteA.id}/webhooks`, headers: bearer(token), payload: { triggerType: 'site_publish', url } });
    return { t, w, create };
  }

  describe('on a production server (PUBLIC_URL is not loopback)', () => {
    let s: Awaited<ReturnType<typeof server>>;
    beforeAll(async () => {
      s = await server({ PUBLIC_URL: 'https://auth.example.com' });
    });

    it.each(NON_PUBLIC_TARGETS.map((u) => u.replaceAll('PORT', '8443')))('refuses %s with 400 validation_error on url', async (url) => {
      const res = await s.create(url);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_error', details: [{ field: 'url' }] });
    });

    it('accepts a name that resolves to a public address, and one that does not resolve yet', async () => {
      expect((await s.create('https://public.test/hook')).statusCode).toBe(201);
      expect((await s.create('https://hooks.example.com/in')).statusCode).toBe(201);
      expect((await s.create('https://93.184.216.34/in')).statusCode).toBe(201);
      expect((await s.create('https://[2606:4700::1111]/in')).statusCode).toBe(201);
    });

    it('does not wait on a DNS server that never answers: the name counts as not resolving yet', async () => {
      expect((await s.create('https://silent.test/hook')).statusCode).toBe(201);
    });

    it('refuses plain http even to a public address', async () => {
      expect((await s.create('http://public.test/hook')).json()).toMatchObject({ code: 'validation_error', details: [{ field: 'url' }] });
    });
  });

  describe('with OUTBOUND_ALLOW_PRIVATE=true', () => {
    it('accepts private and loopback targets, over http too, but not http to a public address', async () => {
      const s = await server({ PUBLIC_URL: 'https://auth.example.com', OUTBOUND_ALLOW_PRIVATE: 'true' });
      for (const url of ['https://10.0.0.1/', 'http://10.0.0.1/', 'http://127.1:8080/', 'https://loopback.test/', 'http://localhost:3000/']) {
        expect((await s.create(url)).statusCode, url).toBe(201);
      }
      expect((await s.create('http://public.test/hook')).statusCode).toBe(400);
      expect((await s.create('http://unresolvable.example.com/hook')).statusCode).toBe(400);
    });
  });

  describe('on a development server (loopback PUBLIC_URL)', () => {
    it('accepts loopback targets over http', async () => {
      const s = await server({ PUBLIC_URL: 'http://127.0.0.1:8080' });
      expect((await s.create('http://127.0.0.1:9/hook')).statusCode).toBe(201);
      expect((await s.create('http://receiver.test:9/hook')).statusCode).toBe(201);
      expect((await s.create('http://public.test/hook')).statusCode).toBe(400);
    });
  });
});
