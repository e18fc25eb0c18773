import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { digest } from '../../src/crypto/tokens.js';
import { createApp, deleteApp, findAppByClientId, getApp, listApps, revealClientSecret, type AppFields } from '../../src/platform/apps/apps.js';
import { rotateClientSecret } from '../../src/platform/apps/client-secret-rotation.js';
import { authenticateClient } from '../support/credential-checks.js';
import { createUser } from '../../src/platform/accounts/users.js';
import { createWorkspace, type Workspace } from '../../src/platform/workspaces/workspaces.js';
import { backends } from '../support/runtime.js';
import { useContractRuntime } from './contract-runtime.js';

const tag = () => randomBytes(4).toString('hex');
const fields = (patch: Partial<AppFields> = {}): AppFields => ({
  name: 'Contract App',
  description: 'Reads sites',
  homepage: 'https://app.example.com',
  redirectUris: ['https://app.example.com/callback', 'http://localhost:3000/callback'],
  scopes: ['sites:read', 'cms:read'],
  ...patch,
});

describe.each(backends())('apps on %s', (backend) => {
  const { ctx } = useContractRuntime(backend);
  let ws: Workspace;
  beforeAll(async () => {
    const owner = await createUser(ctx(), { email: `a-${tag()}@example.com`, firstName: 'A', lastName: '', password: 'correct horse battery' });
    ws = await createWorkspace(ctx(), { name: `Apps ${tag()}`, ownerUserId: owner.id });
  });

  it('issues a 64-hex client_id and a prefixed secret of at least 256 bits', async () => {
    const { app, clientSecret } = await createApp(ctx(), ws.id, fields());
    expect(app.clientId).toMatch(/^[0-9a-f]{64}$/);
    expect(clientSecret).toMatch(/^gth_cs_[A-Za-z0-9_-]{43}$/);
    expect(app.redirectUris).toEqual(['https://app.example.com/callback', 'http://localhost:3000/callback']);
    expect((await findAppByClientId(ctx(), app.clientId))?.id).toBe(app.id);
    expect((await listApps(ctx(), ws.id)).map((a) => a.id)).toContain(app.id);
  });

  it('stores the secret only as a SHA-256 digest and AES-GCM ciphertext', async () => {
    const { app, clientSecret } = await createApp(ctx(), ws.id, fields());
    const row = await ctx().db.selectFrom('apps').selectAll().where('id', '=', app.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(clientSecret);
    expect(JSON.stringify(row)).not.toContain(clientSecret.slice('gth_cs_'.length));
    expect(row.client_secret_digest).toBe(digest(clientSecret));
    expect(row.client_secret_encrypted).toMatch(/^v1\./);
    expect(ctx().secrets.open(row.client_secret_encrypted)).toBe(clientSecret);
    expect(await revealClientSecret(ctx(), app.id)).toBe(clientSecret);
  });

  it('authenticates the client with its own secret only', async () => {
    const one = await createApp(ctx(), ws.id, fields());
    const two = await createApp(ctx(), ws.id, fields());
    expect((await authenticateClient(ctx(), one.app.clientId, one.clientSecret))?.id).toBe(one.app.id);
    expect(await authenticateClient(ctx(), one.app.clientId, two.clientSecret)).toBeUndefined();
    expect(await authenticateClient(ctx(), 'f'.repeat(64), one.clientSecret)).toBeUndefined();
    expect(await authenticateClient(ctx(), one.app.clientId, '')).toBeUndefined();
  });

  it('rotating the secret makes the old one fail at once and the new one work', async () => {
    const { app, clientSecret } = await createApp(ctx(), ws.id, fields());
    const { clientSecret: rotated } = await rotateClientSecret(ctx(), app.id);
    expect(rotated).not.toBe(clientSecret);
    expect(await authenticateClient(ctx(), app.clientId, clientSecret)).toBeUndefined();
    expect((await authenticateClient(ctx(), app.clientId, rotated))?.id).toBe(app.id);
    expect(await revealClientSecret(ctx(), app.id)).toBe(rotated);
  });

  it.each([
    ['an http redirect URI off loopback', { redirectUris: ['http://app.example.com/cb'] }],
    ['a redirect URI with a fragment', { redirectUris: ['https://app.example.com/cb#x'] }],
    ['a relative redirect URI', { redirectUris: ['/callback'] }],
    ['no redirect URI', { redirectUris: [] }],
    ['an http homepage', { homepage: 'http://app.example.com' }],
    ['an unknown scope', { scopes: ['sites:read', 'everything:write'] }],
    ['no scope', { scopes: [] }],
    ['an unknown client type', { clientType: 'secret' as never }],
  ])('rejects %s as a validation error', async (_what, patch) => {
    await expect(createApp(ctx(), ws.id, fields(patch))).rejects.toMatchObject({ code: 'validation' });
  });

  it('deletes an app with its tokens and emits a revocation event', async () => {
    const { app, clientSecret } = await createApp(ctx(), ws.id, fields());
    const events: unknown[] = [];
    ctx().events.on('revoked', (e) => events.push(e));
    await deleteApp(ctx(), app.id);
    expect(events).toContainEqual({ appIds: [app.id] });
    await expect(getApp(ctx(), app.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await authenticateClient(ctx(), app.clientId, clientSecret)).toBeUndefined();
  });
});
