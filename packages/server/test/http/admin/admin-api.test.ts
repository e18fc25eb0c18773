import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeAdminKey, listAdminKeys } from '../../../src/platform/admin/admin-keys.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { adminKeys, adminRequest } from './admin-client.js';

describe.each(backends())('admin API /admin/v1 on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let keys: { write: string; read: string };
  let call: ReturnType<typeof adminRequest>;
  beforeAll(async () => {
    t = await createTestApp(backend);
    w = await createWorld(t.runtime.ctx);
    keys = await adminKeys(t.runtime.ctx);
    call = adminRequest(t.app);
  });
  afterAll(() => t.close());

  describe('admin API keys', () => {
    it('refuses a request without a key, or with an unknown one, as an RFC 9457 problem', async () => {
      for (const key of [null, 'gth_admin_not-a-real-key', 'gth_site_something']) {
        const res = await call(key, 'GET', '/users');
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="gatehouse-admin"/);
        const body = res.json();
        expect(body).toMatchObject({
          status: 401,
          code: 'invalid_admin_key',
          title: expect.any(String),
          detail: expect.any(String),
          instance: '/admin/v1/users',
        });
        expect(body.type).toMatch(/\/docs\/admin-api#invalid-admin-key$/);
      }
    });

    it('lets a read key read and refuses it every write', async () => {
      expect((await call(keys.read, 'GET', '/users')).statusCode).toBe(200);
      const write = await call(keys.read, 'POST', '/users', { email: 'reader-made@example.com', firstName: 'Rea' });
      expect(write.statusCode).toBe(403);
      expect(write.json()).toMatchObject({ code: 'insufficient_scope', status: 403 });
      expect((await call(keys.read, 'DELETE', `/sites/${w.siteB.id}`)).statusCode).toBe(403);
      expect((await call(keys.read, 'GET', `/sites/${w.siteB.id}`)).statusCode).toBe(200);
    });

    it('stops a revoked key at the next request, and records the key changes in the audit log', async () => {
      const made = await import('../../../src/platform/admin/admin-keys.js').then((m) =>
        m.createAdminKey(t.runtime.ctx, { name: 'short-lived', scopes: ['admin:write'] }),
      );
      expect(made.key).toMatch(/^gth_admin_[A-Za-z0-9_-]{43}$/);
      expect((await call(made.key, 'GET', '/workspaces')).statusCode).toBe(200);
      expect(await revokeAdminKey(t.runtime.ctx, made.record.id)).toBe(true);
      expect((await call(made.key, 'GET', '/workspaces')).statusCode).toBe(401);
      expect((await listAdminKeys(t.runtime.ctx)).map((k) => k.id)).not.toContain(made.record.id);
      const events = (await call(keys.read, 'GET', '/audit_events?eventType=admin_access&limit=200')).json().events as Array<{
        eventSubType: string;
        payload: { keyId: string };
      }>;
      expect(
        events
          .filter((e) => e.payload.keyId === made.record.id)
          .map((e) => e.eventSubType)
          .sort(),
      ).toEqual(['admin_key_created', 'admin_key_revoked']);
      const stored = await t.runtime.ctx.db.selectFrom('admin_api_keys').select('digest').where('id', '=', made.record.id).executeTakeFirstOrThrow();
      expect(stored.digest).not.toContain(made.key.slice(10));
    });
  });

  describe('provisioning', () => {
    it('creates a user, a workspace, a member, a site, an app and tokens, and lists and revokes them', async () => {
      const user = (await call(keys.write, 'POST', '/users', { email: 'Provisioned@Example.com', firstName: 'Pro', lastName: 'Vision' })).json().user;
      expect(user).toMatchObject({ email: 'provisioned@example.com', firstName: 'Pro' });
      expect((await call(keys.read, 'GET', '/users?email=provisioned@example.com')).json().users).toEqual([user]);

      const ws = await call(keys.write, 'POST', '/workspaces', { name: 'Provisioned Co', ownerUserId: user.id });
      expect(ws.statusCode).toBe(201);
      const workspace = ws.json().workspace;
      expect((await call(keys.read, 'GET', `/workspaces/${workspace.slug}`)).json().workspace.id).toBe(workspace.id);

      const member = await call(keys.write, 'POST', `/workspaces/${workspace.id}/members`, { userId: w.member.id, role: 'member' });
      expect(member.statusCode).toBe(201);
      expect(member.json().member).toMatchObject({ userId: w.member.id, role: 'member' });
      const members = (await call(keys.read, 'GET', `/workspaces/${workspace.id}/members`)).json().members as Array<{ userId: string }>;
      expect(members.map((m) => m.userId).sort()).toEqual([user.id, w.member.id].sort());
      expect((await call(keys.write, 'PATCH', `/workspaces/${workspace.id}/members/${w.member.id}`, { role: 'admin' })).json().member.role).toBe('admin');
      expect((await call(keys.write, 'DELETE', `/workspaces/${workspace.id}/members/${w.member.id}`)).json()).toMatchObject({ removed: true });
      const lastAdmin = await call(keys.write, 'DELETE', `/workspaces/${workspace.id}/members/${user.id}`);
      expect(lastAdmin.statusCode).toBe(409);
      expect(lastAdmin.json().code).toBe('conflict');

      const site = (await call(keys.write, 'POST', `/workspaces/${workspace.id}/sites`, { displayName: 'Project One' })).json().site;
      expect(site).toMatchObject({ workspaceId: workspace.id, displayName: 'Project One' });
      expect((await call(keys.read, 'GET', `/workspaces/${workspace.id}/sites`)).json().sites.map((s: { id: string }) => s.id)).toEqual([site.id]);

      const app = await call(keys.write, 'POST', `/workspaces/${workspace.id}/apps`, {
        name: 'Partner',
        homepage: 'https://partner.example.com',
        redirectUris: ['https://partner.example.com/cb'],
        scopes: ['sites:read'],
      });
      expect(app.statusCode).toBe(201);
      const { app: registered, clientSecret } = app.json();
      expect(clientSecret).toMatch(/^gth_cs_/);
      const rotated = await call(keys.write, 'POST', `/apps/${registered.clientId}/secret`);
      expect(rotated.statusCode).toBe(200);
      expect(rotated.json().clientSecret).not.toBe(clientSecret);
      expect((await call(keys.read, 'GET', `/workspaces/${workspace.id}/apps`)).json().apps.map((a: { id: string }) => a.id)).toEqual([registered.id]);

      const siteToken = (await call(keys.write, 'POST', `/sites/${site.shortName}/tokens`, { name: 'deploy', scopes: ['sites:read'] })).json();
      expect(siteToken.accessToken).toMatch(/^gth_site_/);
      const v2 = await t.app.inject({ url: `/v2/sites/${site.id}`, headers: { authorization: `Bearer ${siteToken.accessToken}` } });
      expect(v2.statusCode).toBe(200);
      const wsToken = (await call(keys.write, 'POST', `/workspaces/${workspace.id}/tokens`, { name: 'ops', scopes: ['workspace:read'] })).json();
      expect(wsToken.token.kind).toBe('workspace');
      expect((await call(keys.read, 'GET', `/sites/${site.id}/tokens`)).json().tokens.map((x: { id: string }) => x.id)).toEqual([siteToken.token.id]);
      expect((await call(keys.write, 'DELETE', `/tokens/${siteToken.token.id}`)).json()).toEqual({
        id: siteToken.token.id,
        revoked: true,
        alreadyRevoked: false,
      });
      expect((await t.app.inject({ url: `/v2/sites/${site.id}`, headers: { authorization: `Bearer ${siteToken.accessToken}` } })).statusCode).toBe(401);

      const audit = (await call(keys.read, 'GET', `/audit_events?workspace=${workspace.id}`)).json().events as Array<{
        eventSubType: string;
        actor: { email: string | null };
      }>;
      expect(audit.map((e) => e.eventSubType)).toEqual(
        expect.arrayContaining(['workspace_created', 'member_added', 'site_created', 'app_created', 'client_secret_rotated', 'site_token_revoked']),
      );
      expect(audit.find((e) => e.eventSubType === 'site_created')!.actor.email).toMatch(/^admin-key:[0-9a-f]{24}$/);
    });

    it('lists and revokes authorizations', async () => {
      const { installApp } = await import('../../support/authorized-app.js');
      const installed = await installApp(t.runtime.ctx, {
        appId: w.app.id,
        userId: w.admin.id,
        workspaceId: w.workspace.id,
        siteIds: [w.siteA.id],
        scopes: ['sites:read'],
      });
      const list = (await call(keys.read, 'GET', `/workspaces/${w.workspace.slug}/authorizations`)).json().authorizations as Array<{
        id: string;
        sites: unknown[];
      }>;
      expect(list.find((a) => a.id === installed.authorizationId)?.sites).toEqual([{ id: w.siteA.id, displayName: w.siteA.displayName }]);
      expect((await call(keys.read, 'DELETE', `/authorizations/${installed.authorizationId}`)).statusCode).toBe(403);
      expect((await call(keys.write, 'DELETE', `/authorizations/${installed.authorizationId}`)).json()).toEqual({
        id: installed.authorizationId,
        revoked: true,
      });
      expect((await t.app.inject({ url: `/v2/sites/${w.siteA.id}`, headers: { authorization: `Bearer ${installed.accessToken}` } })).statusCode).toBe(401);
      expect((await call(keys.read, 'GET', `/authorizations/${installed.authorizationId}`)).statusCode).toBe(404);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer, secret included, for the same key and body, and makes nothing twice', async () => {
      const body = { name: 'Once', homepage: 'https://once.example.com', redirectUris: ['https://once.example.com/cb'], scopes: ['sites:read'] };
      const first = await call(keys.write, 'POST', `/workspaces/${w.workspace.id}/apps`, body, { 'idempotency-key': 'create-once-1' });
      const again = await call(
        keys.write,
        'POST',
        `/workspaces/${w.workspace.id}/apps`,
        { scopes: ['sites:read'], redirectUris: body.redirectUris, homepage: body.homepage, name: body.name },
        { 'idempotency-key': 'create-once-1' },
      );
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      const apps = (await call(keys.read, 'GET', `/workspaces/${w.workspace.id}/apps`)).json().apps as Array<{ name: string }>;
      expect(apps.filter((a) => a.name === 'Once')).toHaveLength(1);
      const row = await t.runtime.ctx.db.selectFrom('idempotency_keys').selectAll().where('key', '=', 'create-once-1').executeTakeFirstOrThrow();
      expect(row.response_sealed).not.toContain(first.json().clientSecret);
      expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(24 * 60 * 60 * 1000);
    });

    it('refuses the same key with a different body with 422, and a malformed key with 400', async () => {
      const first = await call(keys.write, 'POST', '/users', { email: 'idem-a@example.com', firstName: 'A' }, { 'idempotency-key': 'user-key' });
      expect(first.statusCode).toBe(201);
      const other = await call(keys.write, 'POST', '/users', { email: 'idem-b@example.com', firstName: 'B' }, { 'idempotency-key': 'user-key' });
      expect(other.statusCode).toBe(422);
      expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(other.json()).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
      expect((await call(keys.read, 'GET', '/users?email=idem-b@example.com')).json().users).toEqual([]);
      const bad = await call(keys.write, 'POST', '/users', { email: 'idem-c@example.com', firstName: 'C' }, { 'idempotency-key': 'has space' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual([{ field: 'Idempotency-Key', message: expect.stringMatching(/visible ASCII/) }]);
    });

    it('keeps keys apart per admin key, and lets a refused request be corrected under the same key', async () => {
      const refused = await call(keys.write, 'POST', '/users', { email: 'not-an-email', firstName: 'X' }, { 'idempotency-key': 'fix-me' });
      expect(refused.statusCode).toBe(400);
      const fixed = await call(keys.write, 'POST', '/users', { email: 'fixed@example.com', firstName: 'X' }, { 'idempotency-key': 'fix-me' });
      expect(fixed.statusCode).toBe(201);
    });
  });

  describe('cursor pagination', () => {
    it('walks every item once, page by page, and ends with a null cursor', async () => {
      for (let i = 0; i < 5; i++) await call(keys.write, 'POST', '/users', { email: `page-${i}@example.com`, firstName: `P${i}` });
      const all = (await call(keys.read, 'GET', '/users?limit=200')).json().users as Array<{ id: string }>;
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(keys.read, 'GET', `/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        const page = res.json() as { users: Array<{ id: string }>; nextCursor: string | null };
        expect(page.users.length).toBeLessThanOrEqual(2);
        seen.push(...page.users.map((u) => u.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.map((u) => u.id));
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('refuses a cursor it did not make and a limit out of range', async () => {
      for (const url of ['/users?cursor=bm90LWEtY3Vyc29y', '/users?cursor=%5B%5D', `/workspaces/${w.workspace.id}/sites?cursor=zzz`]) {
        const res = await call(keys.read, 'GET', url);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'cursor' }] });
      }
      const limit = await call(keys.read, 'GET', '/users?limit=0');
      expect(limit.statusCode).toBe(400);
      expect(limit.json().errors[0].field).toBe('limit');
    });
  });

  describe('validation', () => {
    it('names every problem of a body at once', async () => {
      const res = await call(keys.write, 'POST', `/workspaces/${w.workspace.id}/apps`, { name: '', homepage: 7, scopes: [], surprise: true });
      expect(res.statusCode).toBe(400);
      const fields = (res.json().errors as Array<{ field: string }>).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'homepage', 'scopes', 'redirectUris', 'surprise']));
    });

    it('answers a platform rule in the same format, and an unknown route or object with 404', async () => {
      const taken = await call(keys.write, 'POST', '/workspaces', { name: 'Dup', slug: w.workspace.slug, ownerUserId: w.admin.id });
      expect(taken.statusCode).toBe(409);
      expect(taken.json()).toMatchObject({ code: 'conflict', errors: [{ field: 'slug' }] });
      expect((await call(keys.read, 'GET', '/nowhere')).json()).toMatchObject({ code: 'not_found', status: 404 });
      expect((await call(keys.read, 'GET', '/users/0123456789abcdef01234567')).statusCode).toBe(404);
      const form = await t.app.inject({
        method: 'POST',
        url: '/admin/v1/users',
        headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'email=x',
      });
      expect(form.statusCode).toBe(415);
      expect(form.json().code).toBe('unsupported_media_type');
    });
  });
});
