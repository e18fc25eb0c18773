import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest } from '../../../src/crypto/tokens.js';
import { createApp, deleteApp, updateApp } from '../../../src/platform/apps/apps.js';
import { rotateClientSecret } from '../../../src/platform/apps/client-secret-rotation.js';
import { rememberClient, rememberedClient, secretDigestBytes } from '../../../src/platform/apps/oauth-client-cache.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { REDIRECT, basic, testClock, tokenRequest } from './oauth-helpers.js';

// RFC 6749 §2.3.1 client authentication is cached after a success; these pin down that the cache never
// lets a secret work longer than the database says it should.
describe('client authentication cache', () => {
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
  const introspect = (clientId: string, secret: string) =>
    tokenRequest(t.app, { token: 'gth_oat_unknown' }, { url: '/oauth/introspect', json: false, headers: { authorization: basic(clientId, secret) } });

  beforeAll(async () => {
    t = await createTestApp('sqlite', {}, { now: clock.now });
    world = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  it('refuses the old secret at once after a rotation, even right after it authenticated', async () => {
    const { app, clientSecret } = await newApp('Rotated');
    expect((await introspect(app.clientId, clientSecret)).statusCode).toBe(200);
    expect((await introspect(app.clientId, clientSecret)).statusCode).toBe(200);
    const { clientSecret: rotated } = await rotateClientSecret(t.runtime.ctx, app.id);
    const old = await introspect(app.clientId, clientSecret);
    expect(old.statusCode).toBe(401);
    expect(old.json().error).toBe('invalid_client');
    expect((await introspect(app.clientId, rotated)).statusCode).toBe(200);
  });

  it('refuses a deleted app at once', async () => {
    const { app, clientSecret } = await newApp('Deleted');
    expect((await introspect(app.clientId, clientSecret)).statusCode).toBe(200);
    await deleteApp(t.runtime.ctx, app.id);
    expect((await introspect(app.clientId, clientSecret)).json().error).toBe('invalid_client');
  });

  it('refuses a wrong secret for a client whose right secret is cached', async () => {
    const { app, clientSecret } = await newApp('Wrong secret');
    expect((await introspect(app.clientId, clientSecret)).statusCode).toBe(200);
    expect((await introspect(app.clientId, `${clientSecret}x`)).json().error).toBe('invalid_client');
    expect((await introspect(app.clientId, '')).statusCode).toBe(401);
    expect((await introspect(app.clientId, clientSecret)).statusCode).toBe(200);
  });

  it('forgets an app whose client type changed, so a public client cannot keep a confidential answer', async () => {
    const { app, clientSecret } = await newApp('Type change');
    const notices: unknown[] = [];
    t.runtime.ctx.events.on('revoked', (n) => notices.push(n));
    expect((await introspect(app.clientId, clientSecret)).statusCode).toBe(200);
    await updateApp(t.runtime.ctx, app.id, {
      name: 'Type change',
      description: '',
      homepage: 'https://app.example.com',
      redirectUris: [REDIRECT],
      scopes: ['sites:read'],
      clientType: 'public',
    });
    expect(notices).toContainEqual({ appIds: [app.id] });
  });

  it('follows a secret changed by another process (no notice) within its 5-second bound', async () => {
    const { app, clientSecret } = await newApp('Other process');
    expect((await introspect(app.clientId, clientSecret)).statusCode).toBe(200);
    // What the CLI does in its own process: the row changes and this process hears nothing.
    await t.runtime.ctx.db
      .updateTable('apps')
      .set({ client_secret_digest: digest('gth_cs_elsewhere') })
      .where('id', '=', app.id)
      .execute();
    clock.advance(5_001);
    expect((await introspect(app.clientId, clientSecret)).json().error).toBe('invalid_client');
    expect((await introspect(app.clientId, 'gth_cs_elsewhere')).statusCode).toBe(200);
  });

  it('does not remember an answer read before a notice about the app arrived', () => {
    const { ctx } = t.runtime;
    const client = { appId: 'a1', clientId: 'c1', clientType: 'confidential' as const, authenticatedWithSecret: true };
    const secret = secretDigestBytes('old secret');
    const readAt = ctx.caches.clients.generation;
    t.runtime.ctx.events.emit('revoked', { appIds: ['a1'] });
    rememberClient(ctx, client, secret, readAt);
    expect(rememberedClient(ctx, 'c1', secret)).toBeUndefined();
    rememberClient(ctx, client, secret, ctx.caches.clients.generation);
    expect(rememberedClient(ctx, 'c1', secret)).toBe(client);
    expect(rememberedClient(ctx, 'c1', secretDigestBytes('other secret'))).toBeUndefined();
  });
});
