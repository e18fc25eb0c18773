import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLoopbackCertificates, type LoopbackCertificates } from '../../../../../examples/mcp-sites/test/support/https-client-document.js';
import { listApps } from '../../../src/platform/apps/apps.js';
import { freshnessSeconds } from '../../../src/platform/apps/client-metadata-documents.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { createTestApp } from '../../support/runtime.js';
import { authorizeQuery, obtainCode, pkcePair, sessionCookie, testClock, tokenRequest } from '../oauth/oauth-helpers.js';

const CALLBACK = 'http://127.0.0.1:33419/callback';

/** Client metadata documents served over https on loopback, with a certificate from a CA made for this run. */
async function serveDocuments(certs: LoopbackCertificates) {
  const fetches = new Map<string, number>();
  let base = '';
  const documents: Record<string, (url: string) => unknown> = {
    '/good.json': (url) => ({
      client_id: url,
      client_name: 'Desktop agent',
      redirect_uris: [CALLBACK],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
    }),
    '/mismatch.json': () => ({ client_id: `${base}/someone-else.json`, redirect_uris: [CALLBACK], token_endpoint_auth_method: 'none' }),
    '/jwt.json': (url) => ({ client_id: url, redirect_uris: [CALLBACK], token_endpoint_auth_method: 'private_key_jwt' }),
    '/big.json': (url) => ({
      client_id: url,
      redirect_uris: [CALLBACK],
      token_endpoint_auth_method: 'none',
      client_name: 'x'.repeat(20),
      padding: 'p'.repeat(6 * 1024),
    }),
  };
  const server: Server = createServer({ key: certs.key, cert: certs.cert }, (req, res) => {
    const path = req.url ?? '';
    fetches.set(path, (fetches.get(path) ?? 0) + 1);
    if (path === '/slow.json') return; // never answers
    const document = documents[path];
    if (!document) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' }).end(JSON.stringify(document(`${base}${path}`)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `https://127.0.0.1:${port}`;
  return {
    base,
    port,
    fetches: (path: string) => fetches.get(path) ?? 0,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('Client ID Metadata Documents', () => {
  const clock = testClock();
  let certs: LoopbackCertificates;
  let docs: Awaited<ReturnType<typeof serveDocuments>>;
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  let cookie: string;
  const asApp = (clientId: string) => ({
    id: '',
    workspaceId: '',
    name: '',
    description: '',
    homepage: '',
    clientId,
    clientType: 'public' as const,
    scopes: [],
    redirectUris: [CALLBACK],
    restrictToSingleSite: false,
    isPublic: true,
    createdOn: '',
    updatedOn: '',
  });
  const authorize = (clientId: string, extra: Record<string, string> = {}) =>
    t.app.inject({
      url: `/oauth/authorize?${authorizeQuery(asApp(clientId), { redirect_uri: CALLBACK, code_challenge: pkcePair().challenge, code_challenge_method: 'S256', ...extra })}`,
      headers: { cookie },
    });

  beforeAll(async () => {
    certs = makeLoopbackCertificates();
    docs = await serveDocuments(certs);
    t = await createTestApp(
      'sqlite',
      { CLIENT_METADATA_DOCUMENTS: 'true', OUTBOUND_ALLOW_PRIVATE: 'true', CLIENT_METADATA_HOSTS_BLOCK: 'localhost' },
      { now: clock.now, outboundCa: readFileSync(certs.caFile) },
    );
    world = await createWorld(t.runtime.ctx);
    cookie = await sessionCookie(t.runtime, world.admin);
  }, 30_000);
  afterAll(async () => {
    await t?.close();
    await docs?.close();
    certs?.remove();
  });

  it('is advertised in the RFC 8414 metadata when on, and not when off', async () => {
    expect((await t.app.inject('/.well-known/oauth-authorization-server')).json().client_id_metadata_document_supported).toBe(true);
    const off = await createTestApp('sqlite');
    try {
      expect((await off.app.inject('/.well-known/oauth-authorization-server')).json()).not.toHaveProperty('client_id_metadata_document_supported');
    } finally {
      await off.close();
    }
  });

  it('works end to end: authorize, consent showing the host, code, token with PKCE; the first install makes a public app', async () => {
    const url = `${docs.base}/good.json`;
    const consent = await authorize(url);
    expect(consent.statusCode).toBe(303);
    const page = await t.app.inject({ url: consent.headers.location!.toString(), headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong>127.0.0.1</strong>');
    expect(page.body).toContain('only return to this computer (localhost)');
    expect(page.body).toContain('Desktop agent');

    const { verifier, challenge } = pkcePair();
    const { code } = await obtainCode(t.app, cookie, {
      app: asApp(url),
      workspaceId: world.workspace.id,
      query: { redirect_uri: CALLBACK, code_challenge: challenge, code_challenge_method: 'S256' },
    });
    const installed = (await listApps(t.runtime.ctx, world.workspace.id)).find((a) => a.clientId === url);
    expect(installed).toMatchObject({ name: 'Desktop agent', clientType: 'public', isPublic: true, redirectUris: [CALLBACK] });
    const tokens = await tokenRequest(t.app, { client_id: url, grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: CALLBACK });
    expect(tokens.statusCode).toBe(200);
    expect(tokens.json()).toMatchObject({ token_type: 'bearer' });
    expect(tokens.json().refresh_token).toEqual(expect.any(String));
    expect(tokens.json().expires_in).toEqual(expect.any(Number));
  });

  it('honours the cache: within max-age no refetch, once stale it is fetched again', async () => {
    const url = `${docs.base}/good.json`;
    const before = docs.fetches('/good.json');
    expect(before).toBeGreaterThan(0);
    expect((await authorize(url)).statusCode).toBe(303);
    expect(docs.fetches('/good.json')).toBe(before);
    clock.advance(301_000);
    expect((await authorize(url)).statusCode).toBe(303);
    expect(docs.fetches('/good.json')).toBe(before + 1);
  });

  it('keeps a document between a floor of a minute and a ceiling of a day, whatever its max-age says', () => {
    expect(freshnessSeconds(undefined)).toBe(60);
    expect(freshnessSeconds('no-store')).toBe(60);
    expect(freshnessSeconds('max-age=5')).toBe(60);
    expect(freshnessSeconds('public, max-age=600')).toBe(600);
    expect(freshnessSeconds('max-age=99999999')).toBe(86_400);
  });

  it('holds a document client to the public-client policy: PKCE is required', async () => {
    const url = `${docs.base}/good.json`;
    const res = await t.app.inject({ url: `/oauth/authorize?${authorizeQuery(asApp(url), { redirect_uri: CALLBACK })}`, headers: { cookie } });
    expect(res.statusCode).toBe(303);
    const back = new URL(res.headers.location!.toString());
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    expect(back.searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a document whose client_id is not its own URL', async () => {
    const res = await authorize(`${docs.base}/mismatch.json`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('must name its own URL as client_id');
  });

  it('refuses a redirect URI that is not exactly one the document lists', async () => {
    const res = await authorize(`${docs.base}/good.json`, { redirect_uri: `${CALLBACK}/extra` });
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
  });

  it('refuses private_key_jwt with a clear error', async () => {
    const res = await authorize(`${docs.base}/jwt.json`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('private_key_jwt is not supported');
  });

  it('refuses a document larger than the limit', async () => {
    const res = await authorize(`${docs.base}/big.json`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('larger than 5120 bytes');
  });

  it('refuses a server that does not answer in time', async () => {
    const res = await authorize(`${docs.base}/slow.json`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('did not arrive within 5 seconds');
  }, 20_000);

  it('does not fetch a client_id that is not https', async () => {
    const before = docs.fetches('/good.json');
    const res = await authorize(`http://127.0.0.1:${docs.port}/good.json`);
    expect(res.statusCode).toBe(400);
    expect(docs.fetches('/good.json')).toBe(before);
  });

  it('refuses a host the administrator blocked, without fetching', async () => {
    const res = await authorize(`https://localhost:${docs.port}/good.json`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('does not accept client metadata documents from localhost');
  });

  it('refuses a private address unless OUTBOUND_ALLOW_PRIVATE is set', async () => {
    const strict = await createTestApp(
      'sqlite',
      { CLIENT_METADATA_DOCUMENTS: 'true', PUBLIC_URL: 'https://gatehouse.example' },
      { outboundCa: readFileSync(certs.caFile) },
    );
    try {
      const res = await strict.app.inject(`/oauth/authorize?${authorizeQuery(asApp(`${docs.base}/good.json`), { redirect_uri: CALLBACK })}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('must not point at a loopback, private, link-local or other non-public address');
    } finally {
      await strict.close();
    }
  });

  it('lets an allow list admit only the hosts it names', async () => {
    const allowOnly = await createTestApp(
      'sqlite',
      { CLIENT_METADATA_DOCUMENTS: 'true', OUTBOUND_ALLOW_PRIVATE: 'true', CLIENT_METADATA_HOSTS_ALLOW: 'clients.example.com' },
      { outboundCa: readFileSync(certs.caFile) },
    );
    try {
      const res = await allowOnly.app.inject(`/oauth/authorize?${authorizeQuery(asApp(`${docs.base}/good.json`), { redirect_uri: CALLBACK })}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('does not accept client metadata documents from 127.0.0.1');
    } finally {
      await allowOnly.close();
    }
  });
});
