import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest } from '../../../src/crypto/tokens.js';
import { createApp, getApp } from '../../../src/platform/apps/apps.js';
import {
  MAX_SECRET_OVERLAP_SECONDS,
  overlapSecondsOf,
  revokePreviousClientSecret,
  rotateClientSecret,
} from '../../../src/platform/apps/client-secret-rotation.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { REDIRECT, basic, testClock, tokenRequest } from './oauth-helpers.js';

const HOUR = 60 * 60 * 1000;

// docs/dashboard.md, "Rotating the client secret": the previous secret keeps working until the overlap the
// admin chose ends, on every endpoint that takes client credentials, and not one request longer.
describe('client secret rotation with an overlap', () => {
  const clock = testClock();
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  const newApp = async (name: string) =>
    createApp(t.runtime.ctx, world.workspace.id, {
      name,
      description: '',
      homepage: 'https://app.example.com',
      redirectUris: [REDIRECT],
      scopes: ['sites:read'],
    });
  /** RFC 7662 introspection, client_secret_basic: 200 when the client authenticated. */
  const viaBasic = async (clientId: string, secret: string) =>
    (await tokenRequest(t.app, { token: 'gth_oat_unknown' }, { url: '/oauth/introspect', json: false, headers: { authorization: basic(clientId, secret) } }))
      .statusCode;
  /** Webflow's revoke, client_secret_post: invalid_token (400) once the client authenticated, invalid_client (401) otherwise. */
  const viaPost = async (clientId: string, secret: string) =>
    (await tokenRequest(t.app, { client_id: clientId, client_secret: secret, access_token: 'gth_oat_unknown' }, { url: '/oauth/revoke_authorization' })).json()
      .error as string;
  /** The token endpoint, client_secret_post: invalid_grant once the client authenticated. */
  const viaTokenEndpoint = async (clientId: string, secret: string) =>
    (
      await tokenRequest(t.app, {
        client_id: clientId,
        client_secret: secret,
        grant_type: 'authorization_code',
        code: 'gth_code_unknown',
        redirect_uri: REDIRECT,
      })
    ).json().error as string;

  beforeAll(async () => {
    t = await createTestApp('sqlite', {}, { now: clock.now });
    world = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  it('accepts the previous secret with Basic and in the body until the overlap ends, then refuses it even from cache', async () => {
    const { app, clientSecret: old } = await newApp('Overlap');
    expect(await viaBasic(app.clientId, old)).toBe(200);
    const { clientSecret: fresh, previousSecretExpiresAt } = await rotateClientSecret(t.runtime.ctx, app.id, null, { overlapSeconds: 3600 });
    expect(previousSecretExpiresAt).toBe(new Date(clock.now().getTime() + HOUR).toISOString());
    expect((await getApp(t.runtime.ctx, app.id)).previousSecretExpiresAt).toBe(previousSecretExpiresAt);

    for (const secret of [old, fresh]) {
      expect(await viaBasic(app.clientId, secret)).toBe(200);
      expect(await viaBasic(app.clientId, secret)).toBe(200); // the second answer comes from the client cache
      expect(await viaPost(app.clientId, secret)).toBe('invalid_token');
      expect(await viaTokenEndpoint(app.clientId, secret)).toBe('invalid_grant');
    }
    expect(await viaBasic(app.clientId, `${old}x`)).toBe(401);

    clock.advance(HOUR - 1);
    expect(await viaBasic(app.clientId, old)).toBe(200);
    clock.advance(1);
    // The cache entry made a moment ago is not trusted past the overlap's end, and the database refuses it too.
    expect(await viaBasic(app.clientId, old)).toBe(401);
    expect(await viaPost(app.clientId, old)).toBe('invalid_client');
    expect(await viaTokenEndpoint(app.clientId, old)).toBe('invalid_client');
    expect(await viaBasic(app.clientId, fresh)).toBe(200);
    expect((await getApp(t.runtime.ctx, app.id)).previousSecretExpiresAt).toBeNull();
  });

  it('refuses the previous secret at once when the overlap is revoked early, even right after it authenticated', async () => {
    const { app, clientSecret: old } = await newApp('Early end');
    const { clientSecret: fresh } = await rotateClientSecret(t.runtime.ctx, app.id, null, { overlapSeconds: 7 * 24 * 3600 });
    expect(await viaBasic(app.clientId, old)).toBe(200);
    expect(await viaBasic(app.clientId, old)).toBe(200);
    await revokePreviousClientSecret(t.runtime.ctx, app.id);
    expect(await viaBasic(app.clientId, old)).toBe(401);
    expect(await viaPost(app.clientId, old)).toBe('invalid_client');
    expect(await viaBasic(app.clientId, fresh)).toBe(200);
    expect((await getApp(t.runtime.ctx, app.id)).previousSecretExpiresAt).toBeNull();
    await expect(revokePreviousClientSecret(t.runtime.ctx, app.id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('without an overlap, the old secret stops at once (and nothing of it is kept)', async () => {
    const { app, clientSecret: old } = await newApp('No overlap');
    expect(await viaBasic(app.clientId, old)).toBe(200);
    const rotation = await rotateClientSecret(t.runtime.ctx, app.id);
    expect(rotation.previousSecretExpiresAt).toBeNull();
    expect(await viaBasic(app.clientId, old)).toBe(401);
    const row = await t.runtime.ctx.db.selectFrom('apps').selectAll().where('id', '=', app.id).executeTakeFirstOrThrow();
    expect([row.previous_secret_digest, row.previous_secret_encrypted, row.previous_secret_expires_at]).toEqual([null, null, null]);
  });

  it('rotating again during an overlap replaces the previous secret: the oldest stops at once', async () => {
    const { app, clientSecret: first } = await newApp('Twice');
    const { clientSecret: second } = await rotateClientSecret(t.runtime.ctx, app.id, null, { overlapSeconds: 86_400 });
    expect(await viaBasic(app.clientId, first)).toBe(200);
    const { clientSecret: third } = await rotateClientSecret(t.runtime.ctx, app.id, null, { overlapSeconds: 3600 });
    expect(await viaBasic(app.clientId, first)).toBe(401);
    expect(await viaBasic(app.clientId, second)).toBe(200);
    expect(await viaBasic(app.clientId, third)).toBe(200);
    expect((await getApp(t.runtime.ctx, app.id)).previousSecretExpiresAt).toBe(new Date(clock.now().getTime() + HOUR).toISOString());
  });

  it('keeps the previous secret only as a digest: neither sealed nor in the clear', async () => {
    const { app, clientSecret: old } = await newApp('Stored');
    await rotateClientSecret(t.runtime.ctx, app.id, null, { overlapSeconds: 60 });
    const row = await t.runtime.ctx.db.selectFrom('apps').selectAll().where('id', '=', app.id).executeTakeFirstOrThrow();
    expect(row.previous_secret_digest).toBe(digest(old));
    expect(row.previous_secret_encrypted).toBeNull();
    expect(Object.values(row)).not.toContain(old);
  });

  it('bounds the overlap to 7 days and refuses what is not a duration', async () => {
    const { app } = await newApp('Bounds');
    await expect(rotateClientSecret(t.runtime.ctx, app.id, null, { overlapSeconds: MAX_SECRET_OVERLAP_SECONDS + 1 })).rejects.toMatchObject({
      code: 'validation',
      details: [{ field: 'overlap' }],
    });
    await expect(rotateClientSecret(t.runtime.ctx, app.id, null, { overlapSeconds: -1 })).rejects.toMatchObject({ code: 'validation' });
    expect([overlapSecondsOf('none'), overlapSecondsOf('1h'), overlapSecondsOf('24h'), overlapSecondsOf('7d'), overlapSecondsOf('90m')]).toEqual([
      0, 3600, 86_400, 604_800, 5400,
    ]);
    expect(() => overlapSecondsOf('soon')).toThrow(/duration/);
  });

  it('audits the rotation with its overlap, and the early end', async () => {
    const { app } = await newApp('Audited');
    const actor = { id: world.admin.id, email: world.admin.email };
    const { previousSecretExpiresAt } = await rotateClientSecret(t.runtime.ctx, app.id, actor, { overlapSeconds: 3600 });
    await revokePreviousClientSecret(t.runtime.ctx, app.id, actor);
    const events = await t.runtime.ctx.db
      .selectFrom('audit_events')
      .select(['event_sub_type', 'payload', 'actor_user_id'])
      .where('workspace_id', '=', world.workspace.id)
      .where('payload', 'like', `%${app.id}%`)
      .execute();
    const bySubType = new Map(events.map((e) => [e.event_sub_type, e]));
    expect([...bySubType.keys()].sort()).toEqual(['app_created', 'client_secret_rotated', 'previous_client_secret_revoked']);
    expect(JSON.parse(bySubType.get('client_secret_rotated')!.payload)).toMatchObject({ appId: app.id, overlapSeconds: 3600, previousSecretExpiresAt });
    expect(bySubType.get('previous_client_secret_revoked')!.actor_user_id).toBe(world.admin.id);
  });
});
