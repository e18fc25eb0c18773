import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../../src/platform/audit/audit.js';
import { grantOAuthToken, insertOAuthAccessToken } from '../../support/oauth-token.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { tokenRequest } from './oauth-helpers.js';

/*
 * Which revocations end the token's authorization: revoke_authorization always; RFC 7009 only once no
 * credential that could still be used is left. The usual authorization holds one token; these hold more.
 */
describe.each(backends())('revocation and the rest of an authorization on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  const creds = () => ({ client_id: world.app.clientId, client_secret: world.clientSecret });

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  const grant = () => grantOAuthToken(t.runtime.ctx, { appId: world.app.id, userId: world.admin.id, workspaceId: world.workspace.id, scopes: ['sites:read'] });
  /** Another access token of the same authorization, as a refresh or a second exchange would add. */
  const addToken = (authorizationId: string, expiresAt: string | null = null) =>
    insertOAuthAccessToken(t.runtime.ctx, {
      authorizationId,
      appId: world.app.id,
      userId: world.admin.id,
      workspaceId: world.workspace.id,
      scopes: t.runtime.ctx.catalogue.formatScopes(['sites:read']),
      expiresAt,
    });
  const revoke7009 = (token: string) => tokenRequest(t.app, { ...creds(), token }, { url: '/oauth/revoke' });
  const revokedAt = async (table: 'access_tokens' | 'authorizations', id: string) =>
    (await t.runtime.ctx.db.selectFrom(table).select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow()).revoked_at;
  const works = async (token: string) => (await t.app.inject({ url: '/v2/sites', headers: { authorization: `Bearer ${token}` } })).statusCode === 200;

  it('RFC 7009: revoking one of two live tokens leaves the other and the authorization standing; revoking the other ends it', async () => {
    const first = await grant();
    const second = await addToken(first.authorizationId);
    expect((await revoke7009(first.token)).statusCode).toBe(200);
    expect(await works(first.token)).toBe(false);
    expect(await works(second.token)).toBe(true);
    expect(await revokedAt('authorizations', first.authorizationId)).toBeNull();
    expect((await revoke7009(second.token)).statusCode).toBe(200);
    expect(await works(second.token)).toBe(false);
    expect(await revokedAt('authorizations', first.authorizationId)).not.toBeNull();
  });

  it('RFC 7009: revoking the last live token ends an authorization whose other tokens have only expired, and revokes those', async () => {
    const live = await grant();
    const expired = await addToken(live.authorizationId, new Date(t.runtime.ctx.now().getTime() - 60_000).toISOString());
    expect((await revoke7009(live.token)).statusCode).toBe(200);
    expect(await revokedAt('authorizations', live.authorizationId)).not.toBeNull();
    expect(await revokedAt('access_tokens', expired.tokenId)).not.toBeNull();
  });

  it('revoke_authorization ends every token of the authorization, and its audit event names them all', async () => {
    const first = await grant();
    const second = await addToken(first.authorizationId);
    expect(await works(second.token)).toBe(true);
    const res = await tokenRequest(t.app, { ...creds(), access_token: first.token }, { url: '/oauth/revoke_authorization' });
    expect(res.json()).toEqual({ did_revoke: true });
    expect(await works(first.token)).toBe(false);
    expect(await works(second.token)).toBe(false);
    expect(await revokedAt('authorizations', first.authorizationId)).not.toBeNull();
    const audit = await listAuditEvents(t.runtime.ctx, { workspaceId: world.workspace.id, offset: 0, limit: 100 });
    const ended = audit.items.find((e) => e.event_sub_type === 'authorization_revoked' && JSON.parse(e.payload).authorizationId === first.authorizationId);
    expect(JSON.parse(ended!.payload).tokenIds).toEqual(expect.arrayContaining([first.tokenId, second.tokenId]));
  });

  it('revoke_authorization of a lone token ends its authorization with one audit event for each', async () => {
    const lone = await grant();
    const res = await tokenRequest(t.app, { ...creds(), access_token: lone.token }, { url: '/oauth/revoke_authorization' });
    expect(res.json()).toEqual({ did_revoke: true });
    expect(await revokedAt('authorizations', lone.authorizationId)).not.toBeNull();
    const audit = await listAuditEvents(t.runtime.ctx, { workspaceId: world.workspace.id, offset: 0, limit: 100 });
    const about = audit.items.filter((e) => JSON.parse(e.payload).tokenId === lone.tokenId || JSON.parse(e.payload).authorizationId === lone.authorizationId);
    expect(about.map((e) => e.event_sub_type).sort()).toEqual(['authorization_revoked', 'oauth_token_revoked']);
    expect(JSON.parse(about.find((e) => e.event_sub_type === 'authorization_revoked')!.payload).tokenIds).toEqual([lone.tokenId]);
  });
});
