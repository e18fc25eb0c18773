import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/platform/apps/apps.js';
import { createSiteToken } from '../../../src/platform/tokens/api-tokens.js';
import { createSite } from '../../../src/platform/sites/sites.js';
import { listAuditEvents } from '../../../src/platform/audit/audit.js';
import type { RevokedNotice } from '../../../src/platform/caches/events.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { ISSUER, REDIRECT, basic, obtainCode, sessionCookie, tokenRequest } from './oauth-helpers.js';

describe('revocation, introspection and metadata', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let cookie: string;
  const creds = () => ({ client_id: world.app.clientId, client_secret: world.clientSecret });
  const newToken = async (siteIds?: string[]) => {
    const { code } = await obtainCode(t.app, cookie, { app: world.app, workspaceId: world.workspace.id, siteIds, query: { scope: 'sites:read cms:read' } });
    return (await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code })).json().access_token as string;
  };
  const introspect = (token: string, auth = basic(world.app.clientId, world.clientSecret)) =>
    tokenRequest(t.app, { token }, { url: '/oauth/introspect', json: false, headers: { authorization: auth } });

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    world = await createWorld(t.runtime.ctx);
    cookie = await sessionCookie(t.runtime, world.admin);
  });
  afterAll(() => t.close());

  describe('POST /oauth/revoke_authorization', () => {
    it('revokes with a JSON body, answers {"did_revoke": true}, and the whole authorization stops at once', async () => {
      const notices: RevokedNotice[] = [];
      t.runtime.ctx.events.on('revoked', (n) => notices.push(n));
      const token = await newToken();
      const res = await tokenRequest(t.app, { ...creds(), access_token: token }, { url: '/oauth/revoke_authorization' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ did_revoke: true });
      expect((await introspect(token)).json()).toEqual({ active: false });
      expect(notices.at(-1)?.authorizationIds).toHaveLength(1);
      const audit = await listAuditEvents(t.runtime.ctx, { workspaceId: world.workspace.id, offset: 0, limit: 50 });
      expect(audit.items.map((e) => e.event_sub_type)).toEqual(expect.arrayContaining(['oauth_token_issued', 'oauth_token_revoked', 'authorization_revoked']));
    });

    it('stops the token on the Data API at once, even after the API cached it', async () => {
      const token = await newToken();
      const call = () => t.app.inject({ url: '/v2/sites', headers: { authorization: `Bearer ${token}` } });
      expect((await call()).statusCode).toBe(200);
      expect((await call()).statusCode).toBe(200);
      await tokenRequest(t.app, { ...creds(), access_token: token }, { url: '/oauth/revoke_authorization' });
      expect((await call()).statusCode).toBe(401);
    });

    it('accepts a form body too', async () => {
      const res = await tokenRequest(t.app, { ...creds(), access_token: await newToken() }, { url: '/oauth/revoke_authorization', json: false });
      expect(res.json()).toEqual({ did_revoke: true });
    });

    it("answers invalid_token for an unknown, already revoked, or another client's token", async () => {
      const token = await newToken();
      const url = '/oauth/revoke_authorization';
      expect((await tokenRequest(t.app, { ...creds(), access_token: 'gth_oat_unknown' }, { url })).json().error).toBe('invalid_token');
      const { app: other, clientSecret } = await createApp(t.runtime.ctx, world.workspace.id, {
        name: 'Other',
        description: '',
        homepage: 'https://o.example.com',
        redirectUris: [REDIRECT],
        scopes: ['sites:read'],
      });
      const foreign = await tokenRequest(t.app, { client_id: other.clientId, client_secret: clientSecret, access_token: token }, { url });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().error).toBe('invalid_token');
      expect((await introspect(token)).json().active).toBe(true);
      expect((await tokenRequest(t.app, { ...creds(), access_token: token }, { url })).statusCode).toBe(200);
      expect((await tokenRequest(t.app, { ...creds(), access_token: token }, { url })).json().error).toBe('invalid_token');
    });

    it('answers invalid_client (401) and invalid_request (400)', async () => {
      const url = '/oauth/revoke_authorization';
      const badClient = await tokenRequest(t.app, { client_id: world.app.clientId, client_secret: 'nope', access_token: 'x' }, { url });
      expect(badClient.statusCode).toBe(401);
      expect(badClient.json().error).toBe('invalid_client');
      const missing = await tokenRequest(t.app, creds(), { url });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error).toBe('invalid_request');
      const arrays = await tokenRequest(t.app, { ...creds(), access_token: ['a', 'b'] }, { url });
      expect(arrays.json().error).toBe('invalid_request');
    });
  });

  describe('POST /oauth/revoke (RFC 7009)', () => {
    it("revokes the client's token and answers 200 even for unknown tokens", async () => {
      const token = await newToken();
      const res = await tokenRequest(
        t.app,
        { token, token_type_hint: 'access_token' },
        { url: '/oauth/revoke', json: false, headers: { authorization: basic(world.app.clientId, world.clientSecret) } },
      );
      expect(res.statusCode).toBe(200);
      expect((await introspect(token)).json()).toEqual({ active: false });
      const unknown = await tokenRequest(t.app, { ...creds(), token: 'nope', token_type_hint: 'refresh_token' }, { url: '/oauth/revoke' });
      expect(unknown.statusCode).toBe(200);
    });

    it('requires client authentication', async () => {
      const res = await tokenRequest(t.app, { token: 'x' }, { url: '/oauth/revoke' });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('POST /oauth/introspect (RFC 7662)', () => {
    it('describes an active OAuth token and what it reaches', async () => {
      const token = await newToken([world.siteA.id]);
      const res = await introspect(token);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json();
      expect(body).toMatchObject({
        active: true,
        scope: 'cms:read sites:read',
        client_id: world.app.clientId,
        token_type: 'bearer',
        sub: world.admin.id,
        site_ids: [world.siteA.id],
        workspace_ids: [world.workspace.id],
      });
      expect(body.authorization_id).toMatch(/^[0-9a-f]{24}$/);
      expect(typeof body.iat).toBe('number');
      expect(body.exp).toBeUndefined();
    });

    it('lets any authenticated client introspect (resource servers), and describes site tokens too', async () => {
      const { app: rs, clientSecret } = await createApp(t.runtime.ctx, world.otherWorkspace.id, {
        name: 'Resource server',
        description: '',
        homepage: 'https://rs.example.com',
        redirectUris: [REDIRECT],
        scopes: ['sites:read'],
      });
      const token = await newToken();
      expect((await introspect(token, basic(rs.clientId, clientSecret))).json().active).toBe(true);
      const site = await createSiteToken(t.runtime.ctx, world.siteB.id, { name: 'ci', scopes: ['sites:read'] });
      expect((await introspect(site.token)).json()).toMatchObject({ active: true, site_ids: [world.siteB.id], gatehouse_token_kind: 'site' });
    });

    it("lists a workspace authorization's sites as they are at each request, also after a site is created", async () => {
      const token = await newToken();
      const before = (await introspect(token)).json().site_ids as string[];
      expect(before).toEqual(expect.arrayContaining([world.siteA.id, world.siteB.id]));
      expect((await introspect(token)).json().site_ids).toEqual(before);
      const created = await createSite(t.runtime.ctx, { workspaceId: world.workspace.id, displayName: 'Site C' });
      expect(((await introspect(token)).json().site_ids as string[]).sort()).toEqual([...before, created.id].sort());
    });

    it('answers exactly {"active": false} for unknown or malformed tokens, and 401 without client auth', async () => {
      for (const token of ['nope', 'ünïcødé', 'x'.repeat(5000)]) expect((await introspect(token)).json()).toEqual({ active: false });
      expect((await tokenRequest(t.app, { token: 'x' }, { url: '/oauth/introspect' })).statusCode).toBe(401);
      expect((await introspect('')).json().error).toBe('invalid_request');
    });
  });

  describe('GET /.well-known/oauth-authorization-server (RFC 8414)', () => {
    it('publishes the issuer and endpoints', async () => {
      const meta = (await t.app.inject('/.well-known/oauth-authorization-server')).json();
      expect(meta).toMatchObject({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/oauth/authorize`,
        token_endpoint: `${ISSUER}/oauth/access_token`,
        revocation_endpoint: `${ISSUER}/oauth/revoke`,
        introspection_endpoint: `${ISSUER}/oauth/introspect`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
      });
      expect(meta.scopes_supported).toContain('sites:read');
      expect(meta.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post']));
    });
  });
});
