import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../support/fixtures.js';
import { sessionCookie } from '../http/oauth/oauth-helpers.js';
import { approveOverHttp, startLiveServer } from '../http/oauth/live-server.js';

const REDIRECT = 'http://127.0.0.1:3000/cb';

describe('oauth4webapi (an independent, strict client) against a listening Gatehouse', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let world: World;
  let as: oauth.AuthorizationServer;
  const insecure = { [oauth.allowInsecureRequests]: true };

  beforeAll(async () => {
    server = await startLiveServer();
    world = await createWorld(server.runtime.ctx, { redirectUris: [REDIRECT] });
    const issuer = new URL(server.origin);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  });
  afterAll(() => server.close());

  it('discovers the server, runs the code flow with PKCE, then introspects and revokes', async () => {
    const client: oauth.Client = { client_id: world.app.clientId };
    const auth = oauth.ClientSecretBasic(world.clientSecret);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'sites:read comments:read',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();

    const cookie = await sessionCookie(server.runtime, world.admin);
    const callback = await approveOverHttp(server.origin, cookie, url.href, {
      decision: 'approve',
      workspace_id: world.workspace.id,
      target: 'sites',
      site_id: [world.siteA.id, world.siteB.id],
    });
    // Checks state and RFC 9207 iss against the discovered issuer.
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT, verifier, insecure);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('comments:read sites:read');

    const active = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, tokens.access_token, insecure));
    expect(active).toMatchObject({ active: true, client_id: world.app.clientId, sub: world.admin.id, token_type: 'bearer' });
    expect((active.site_ids as string[]).sort()).toEqual([world.siteA.id, world.siteB.id].sort());

    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, tokens.access_token, insecure));
    const after = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, tokens.access_token, insecure));
    expect(after).toEqual({ active: false });
  });

  it('reports a wrong PKCE verifier as invalid_grant', async () => {
    const client: oauth.Client = { client_id: world.app.clientId };
    const verifier = oauth.generateRandomCodeVerifier();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: client.client_id,
      response_type: 'code',
      scope: 'sites:read',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const cookie = await sessionCookie(server.runtime, world.admin);
    const callback = await approveOverHttp(server.origin, cookie, url.href, { decision: 'approve', workspace_id: world.workspace.id, target: 'workspace' });
    const params = oauth.validateAuthResponse(as, client, callback, oauth.expectNoState);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.ClientSecretPost(world.clientSecret),
      params,
      REDIRECT,
      oauth.generateRandomCodeVerifier(),
      insecure,
    );
    await expect(oauth.processAuthorizationCodeResponse(as, client, response)).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
