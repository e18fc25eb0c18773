import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest } from '../../../src/crypto/tokens.js';
import { revokeAuthorization } from '../../../src/platform/authorization/authorizations.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { obtainCode, sessionCookie, testClock, tokenRequest } from './oauth-helpers.js';

describe('POST /oauth/access_token after the authorization was revoked', () => {
  const clock = testClock();
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let cookie: string;
  const creds = () => ({ client_id: world.app.clientId, client_secret: world.clientSecret });
  const newCode = async () => (await obtainCode(t.app, cookie, { app: world.app, workspaceId: world.workspace.id })).code;
  const authorizationOfCode = async (code: string) =>
    (await t.runtime.ctx.db.selectFrom('authorization_codes').select('authorization_id').where('digest', '=', digest(code)).executeTakeFirstOrThrow())
      .authorization_id;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { REFRESH_TOKENS: 'true' }, { now: clock.now });
    world = await createWorld(t.runtime.ctx);
    cookie = await sessionCookie(t.runtime, world.admin);
  });
  afterAll(() => t.close());

  it('answers a code of a revoked authorization with invalid_grant saying it was revoked, not that the code was used', async () => {
    const code = await newCode();
    expect(await revokeAuthorization(t.runtime.ctx, await authorizationOfCode(code))).toBe(true);
    const res = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'invalid_grant', error_description: 'The authorization this code was issued under was revoked.' });
  });

  it('answers a refresh token of a revoked authorization with invalid_grant saying it was revoked', async () => {
    const code = await newCode();
    const issued = (await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code })).json();
    await revokeAuthorization(t.runtime.ctx, await authorizationOfCode(code));
    const res = await tokenRequest(t.app, { ...creds(), grant_type: 'refresh_token', refresh_token: issued.refresh_token });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'invalid_grant', error_description: 'The authorization this refresh token belongs to was revoked.' });
  });

  it('still calls a code used twice "already used" while its authorization stands', async () => {
    const code = await newCode();
    expect((await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code })).statusCode).toBe(200);
    const again = await tokenRequest(t.app, { ...creds(), grant_type: 'authorization_code', code });
    expect(again.json().error_description).toMatch(/already used/);
  });
});
