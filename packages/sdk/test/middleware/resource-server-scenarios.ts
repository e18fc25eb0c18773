import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResourceServerOptions } from '../../src/middleware/resource-server-options.js';
import { RS_CLIENT_ID, RS_CLIENT_SECRET, startFakeIntrospectionServer, type FakeIntrospectionServer } from '../helpers/fake-introspection-server.js';

/** An answer as the test sees it. */
export interface TestAnswer {
  status: number;
  headers: Record<string, string | undefined>;
  body: Record<string, unknown>;
}

/**
 * A protected app under test. Its routes: `GET /sites` needs `sites:read`, `GET /publish` needs
 * `sites:read` and `sites:write`, and both answer `{ sub, scopes }` from the request's token.
 */
export interface AppHarness {
  get(path: string, authorization?: string): Promise<TestAnswer>;
  close(): Promise<void>;
}

/** The behaviour every framework adapter must show, run against the fake introspection server. */
export function describeResourceServer(framework: string, build: (options: ResourceServerOptions) => Promise<AppHarness>): void {
  describe(`${framework} requireScopes()`, () => {
    let introspection: FakeIntrospectionServer;
    let app: AppHarness;
    let clock = 0;

    beforeAll(async () => {
      introspection = await startFakeIntrospectionServer();
      introspection.issue('tok-read', 'sites:read');
      introspection.issue('tok-both', 'sites:read sites:write');
    });
    afterAll(() => introspection.close());
    beforeEach(async () => {
      clock = 1_000_000;
      await app?.close();
      app = await build({
        baseUrl: introspection.baseUrl,
        clientId: RS_CLIENT_ID,
        clientSecret: RS_CLIENT_SECRET,
        realm: 'test-api',
        cacheTtlMs: 30_000,
        now: () => clock,
      });
    });

    it('lets a token with the scopes through and exposes its introspection on the request', async () => {
      const answer = await app.get('/sites', 'Bearer tok-read');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ sub: 'user-1', scopes: ['sites:read'], siteIds: ['s1'] });
    });

    it('answers 401 with a bare Bearer challenge when no token is sent (RFC 6750 §3.1)', async () => {
      const answer = await app.get('/sites');
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="test-api", scope="sites:read"');
    });

    it('answers 400 invalid_request for a header that is not one bearer token', async () => {
      for (const header of ['Basic dXNlcjpwdw==', 'Bearer a b', 'Bearer']) {
        const answer = await app.get('/sites', header);
        expect(answer.status).toBe(400);
        expect(answer.headers['www-authenticate']).toMatch(/^Bearer realm="test-api", error="invalid_request"/);
        expect(answer.body.error).toBe('invalid_request');
      }
    });

    it('answers 401 invalid_token for an unknown token', async () => {
      const answer = await app.get('/sites', 'Bearer nope');
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toMatch(/^Bearer realm="test-api", error="invalid_token", error_description="/);
      expect(answer.body.error).toBe('invalid_token');
    });

    it('answers 403 insufficient_scope naming the scopes the route needs', async () => {
      const answer = await app.get('/publish', 'Bearer tok-read');
      expect(answer.status).toBe(403);
      expect(answer.headers['www-authenticate']).toContain('error="insufficient_scope"');
      expect(answer.headers['www-authenticate']).toContain('scope="sites:read sites:write"');
      expect(answer.body).toMatchObject({ error: 'insufficient_scope', scope: 'sites:read sites:write' });
      expect(String(answer.body.error_description)).toContain('sites:write');
      expect((await app.get('/publish', 'Bearer tok-both')).status).toBe(200);
    });

    it('reuses an answer within the TTL and refuses a revoked token once the TTL has passed', async () => {
      introspection.issue('tok-revoke', 'sites:read');
      const before = introspection.calls;
      expect((await app.get('/sites', 'Bearer tok-revoke')).status).toBe(200);
      introspection.revoke('tok-revoke');
      clock += 29_999;
      expect((await app.get('/sites', 'Bearer tok-revoke')).status).toBe(200);
      expect(introspection.calls).toBe(before + 1);
      clock += 1;
      expect((await app.get('/sites', 'Bearer tok-revoke')).status).toBe(401);
      expect(introspection.calls).toBe(before + 2);
    });

    it('answers 503 when the introspection endpoint refuses its client credentials', async () => {
      await app.close();
      app = await build({ baseUrl: introspection.baseUrl, clientId: RS_CLIENT_ID, clientSecret: 'wrong', now: () => clock });
      const answer = await app.get('/sites', 'Bearer tok-read');
      expect(answer.status).toBe(503);
      expect(answer.body.error).toBe('temporarily_unavailable');
    });
  });

  describe(`${framework} with its resource URI (RFC 9728, RFC 8707)`, () => {
    const RESOURCE = 'https://mcp.example.test/mcp';
    const METADATA_URL = 'https://mcp.example.test/.well-known/oauth-protected-resource/mcp';
    let introspection: FakeIntrospectionServer;
    let app: AppHarness;

    beforeAll(async () => {
      introspection = await startFakeIntrospectionServer();
      introspection.issue('tok-here', 'sites:read', undefined, RESOURCE);
      introspection.issue('tok-both', 'sites:read', undefined, ['https://other.example.test/api', RESOURCE]);
      introspection.issue('tok-elsewhere', 'sites:read', undefined, 'https://other.example.test/api');
      introspection.issue('tok-unbound', 'sites:read');
      app = await build({
        baseUrl: introspection.baseUrl,
        clientId: RS_CLIENT_ID,
        clientSecret: RS_CLIENT_SECRET,
        realm: 'test-api',
        resource: RESOURCE,
        acceptUnboundTokens: true,
        resourceMetadata: { scopesSupported: ['sites:read', 'sites:write'], resourceName: 'Test MCP' },
      });
    });
    afterAll(async () => {
      await app.close();
      await introspection.close();
    });

    it('serves the metadata document at the path-suffixed and the bare well-known path', async () => {
      for (const path of [
        '/.well-known/oauth-protected-resource/mcp',
        '/.well-known/oauth-protected-resource',
        '/.well-known/oauth-protected-resource/mcp?x=1',
      ]) {
        const answer = await app.get(path);
        expect(answer.status, path).toBe(200);
        expect(answer.headers['content-type']).toMatch(/^application\/json/);
        expect(answer.headers['access-control-allow-origin']).toBe('*');
        expect(answer.body).toEqual({
          resource: RESOURCE,
          authorization_servers: [introspection.baseUrl],
          bearer_methods_supported: ['header'],
          scopes_supported: ['sites:read', 'sites:write'],
          resource_name: 'Test MCP',
        });
      }
    });

    it('names the document in every challenge, and the scopes to step up to on 403', async () => {
      const none = await app.get('/sites');
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe(`Bearer realm="test-api", resource_metadata="${METADATA_URL}", scope="sites:read"`);
      const bad = await app.get('/sites', 'Bearer nope');
      expect(bad.headers['www-authenticate']).toMatch(new RegExp(`^Bearer realm="test-api", resource_metadata="${METADATA_URL}", error="invalid_token"`));
      const short = await app.get('/publish', 'Bearer tok-here');
      expect(short.status).toBe(403);
      expect(short.headers['www-authenticate']).toMatch(
        new RegExp(`^Bearer realm="test-api", resource_metadata="${METADATA_URL}", error="insufficient_scope", .*scope="sites:read sites:write"$`),
      );
    });

    it('accepts a token bound to this resource and refuses one bound only to another', async () => {
      expect((await app.get('/sites', 'Bearer tok-here')).status).toBe(200);
      expect((await app.get('/sites', 'Bearer tok-both')).status).toBe(200);
      const elsewhere = await app.get('/sites', 'Bearer tok-elsewhere');
      expect(elsewhere.status).toBe(401);
      expect(elsewhere.body).toMatchObject({ error: 'invalid_token', error_description: 'The access token was issued for another resource' });
      expect((await app.get('/sites', 'Bearer tok-unbound')).status).toBe(200);
    });

    it('refuses a token bound to no resource unless acceptUnboundTokens is set', async () => {
      const strict = await build({
        baseUrl: introspection.baseUrl,
        clientId: RS_CLIENT_ID,
        clientSecret: RS_CLIENT_SECRET,
        realm: 'test-api',
        resource: RESOURCE,
      });
      try {
        expect((await strict.get('/sites', 'Bearer tok-here')).status).toBe(200);
        const unbound = await strict.get('/sites', 'Bearer tok-unbound');
        expect(unbound.status).toBe(401);
        expect(unbound.headers['www-authenticate']).toContain('error="invalid_token"');
        expect(unbound.body).toMatchObject({ error: 'invalid_token', error_description: 'The access token is not bound to this resource' });
        expect((await strict.get('/sites', 'Bearer tok-elsewhere')).status).toBe(401);
      } finally {
        await strict.close();
      }
    });
  });
}
