import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../packages/sdk/test/support/free-port.js';
import { startGatehouse, type RunningGatehouse } from '../../../../packages/sdk/test/support/gatehouse-process.js';
import { launchChromium } from '../../../../packages/server/test/support/chromium.js';
import { readConfig } from '../../src/config.js';
import { createMcpSitesApp } from '../../src/mcp-app.js';
import { consentToOneSite } from '../support/consent-in-chromium.js';
import { makeLoopbackCertificates, serveClientDocument, type LoopbackCertificates } from '../support/https-client-document.js';
import { MemoryOAuthProvider, type Registration } from '../support/memory-oauth-provider.js';

interface SeenRequest {
  method: string;
  url: URL;
  body: URLSearchParams | undefined;
}

/**
 * The official MCP SDK client, given only the example server's URL, against Gatehouse: discovery through the 401
 * challenge (RFC 9728, then RFC 8414), registration, PKCE with `resource`, consent in Chromium picking one site,
 * tool calls that see exactly that site, a refresh, and a revocation after which the client is sent to authorize again.
 */
describe('MCP SDK client → examples/mcp-sites → Gatehouse', () => {
  let gatehouse: RunningGatehouse;
  let mcp: Server;
  let mcpUrl: string;
  let callbackServer: Server;
  let callback: string;
  let browser: Browser;
  let sites: Array<{ id: string; displayName: string }>;
  let certs: LoopbackCertificates;
  let clientDocument: Awaited<ReturnType<typeof serveClientDocument>>;
  let asMetadata: Record<string, unknown>;
  const seen: SeenRequest[] = [];

  /** The client's fetch, watched: every request it makes is recorded, then sent unchanged. */
  const watchedFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = init?.body instanceof URLSearchParams ? new URLSearchParams(init.body) : undefined;
    seen.push({ method: init?.method ?? 'GET', url, body });
    return fetch(input, init);
  };

  beforeAll(async () => {
    callbackServer = createServer((_req, res) => res.end('You can close this window.'));
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callback = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/callback`;
    // The MCP SDK accepts only an https client_id URL: the document is served over https on loopback, and Gatehouse,
    // which fetches it, trusts the CA made for this run (and nothing else new) through NODE_EXTRA_CA_CERTS.
    certs = makeLoopbackCertificates();
    clientDocument = await serveClientDocument(certs, callback);

    const port = await freePort();
    mcpUrl = `http://127.0.0.1:${port}/mcp`;
    // The MCP server acts for its users through the Data API, so /v2 is told to take tokens bound to it too.
    gatehouse = await startGatehouse({
      REFRESH_TOKENS: 'true',
      CLIENT_REGISTRATION: 'true',
      CLIENT_METADATA_DOCUMENTS: 'true',
      DATA_API_FRONT_RESOURCES: mcpUrl,
      NODE_EXTRA_CA_CERTS: certs.caFile,
    });
    asMetadata = (await (await fetch(`${gatehouse.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    sites = ((await gatehouse.cli(['sites', 'list', '--workspace', 'demo', '--json'])).sites as typeof sites).map(({ id, displayName }) => ({
      id,
      displayName,
    }));
    expect(sites.length).toBeGreaterThan(1);

    // Where Gatehouse keeps a registry of protected resources (RFC 8707), the MCP server is registered in it.
    await gatehouse.cli(['resources', 'add', mcpUrl, '--name', 'Sites over MCP', '--scopes', 'sites:read sites:write', '--json']).catch((err: Error) => {
      if (!/unknown command/i.test(String((err as Error & { stderr?: string }).stderr ?? err.message))) throw err;
    });
    // The MCP server introspects with the demo app's credentials and reuses no answer, so a revocation shows at once.
    const config = readConfig({
      HOST: '127.0.0.1',
      PORT: String(port),
      GATEHOUSE_URL: gatehouse.url,
      CLIENT_ID: gatehouse.demo.clientId,
      CLIENT_SECRET: gatehouse.demo.clientSecret,
      CACHE_TTL_MS: '0',
    });
    mcp = await new Promise<Server>((resolve) => {
      const s = createMcpSitesApp(config).listen(config.port, config.host, () => resolve(s));
    });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    callbackServer?.close();
    await new Promise((resolve) => mcp?.close(resolve));
    await gatehouse?.stop();
    await clientDocument?.close();
    certs?.remove();
  });

  const connect = async (provider: MemoryOAuthProvider) => {
    const client = new Client({ name: 'gatehouse-interop', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: watchedFetch });
    await client.connect(transport);
    return { client, transport };
  };
  const sitesSeenBy = async (client: Client) => {
    const result = await client.callTool({ name: 'list_sites', arguments: {} });
    expect(result.isError).toBeFalsy();
    return (result.structuredContent as { sites: Array<{ id: string }> }).sites.map((s) => s.id);
  };

  /** The whole life of one MCP connection; `registration` is how the client gets its client_id. */
  async function connectionLife(registration: Registration): Promise<void> {
    seen.length = 0;
    const provider = new MemoryOAuthProvider(callback, registration);
    // A site of its own for each connection, so each may publish it (once a minute per site).
    const created = (await gatehouse.cli(['sites', 'create', '--workspace', 'demo', '--name', `MCP ${registration.kind}`, '--json'])).site as { id: string };
    const picked = { id: created.id };

    // 1. Only the URL: the first request is refused, and the client discovers Gatehouse from the challenge.
    const firstTransport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: watchedFetch });
    await expect(new Client({ name: 'gatehouse-interop', version: '1.0.0' }).connect(firstTransport)).rejects.toBeInstanceOf(UnauthorizedError);
    const paths = seen.map((r) => `${r.method} ${r.url.origin === gatehouse.url ? 'gatehouse' : 'mcp'}${r.url.pathname}`);
    expect(paths.slice(0, 3)).toEqual([
      'POST mcp/mcp',
      'GET mcp/.well-known/oauth-protected-resource/mcp',
      'GET gatehouse/.well-known/oauth-authorization-server',
    ]);
    if (registration.kind === 'dynamic') expect(paths).toContain('POST gatehouse/oauth/register');
    else expect(paths.some((p) => p.endsWith('/register'))).toBe(false);

    // 2. PKCE (S256) and the resource indicator on the authorization request.
    expect(provider.authorizationUrls).toHaveLength(1);
    const authorize = provider.authorizationUrls[0]!;
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${gatehouse.url}/oauth/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('resource')).toBe(mcpUrl);
    expect(authorize.searchParams.get('scope')).toBe('sites:read sites:write');
    if (registration.kind === 'metadata-document') expect(authorize.searchParams.get('client_id')).toBe(registration.url);

    // 3. The user picks one site in Chromium; the code comes back with RFC 9207 `iss`.
    const redirected = await consentToOneSite(browser, authorize, gatehouse.demo, picked.id, callback);
    expect(redirected.searchParams.get('iss')).toBe(gatehouse.url);
    expect(redirected.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    await firstTransport.finishAuth(redirected.searchParams.get('code')!);
    const exchange = seen.find((r) => r.url.pathname === '/oauth/access_token' && r.body?.get('grant_type') === 'authorization_code');
    expect(exchange?.body?.get('code_verifier')).toBeTruthy();
    expect(exchange?.body?.get('resource')).toBe(mcpUrl);

    // 4. The tools see exactly the picked site.
    const { client } = await connect(provider);
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['get_site', 'list_sites', 'publish_site']);
    expect(await sitesSeenBy(client)).toEqual([picked.id]);
    const other = await client.callTool({ name: 'get_site', arguments: { siteId: sites[0]!.id } });
    expect(other.isError).toBe(true);
    expect(JSON.stringify(other.content)).toContain('resource_not_found');
    const published = await client.callTool({ name: 'publish_site', arguments: { siteId: picked.id } });
    expect(published.isError).toBeFalsy();

    // 5. A refresh: the SDK trades its refresh token (with `resource`) for new tokens, which work.
    const before = provider.tokens()!;
    expect(before.refresh_token).toBeTruthy();
    expect(await auth(provider, { serverUrl: mcpUrl, fetchFn: watchedFetch })).toBe('AUTHORIZED');
    const refresh = seen.find((r) => r.body?.get('grant_type') === 'refresh_token');
    expect(refresh?.body?.get('resource')).toBe(mcpUrl);
    expect(provider.tokens()!.access_token).not.toBe(before.access_token);
    expect(await sitesSeenBy(client)).toEqual([picked.id]);

    // 6. A revocation (RFC 7009, of the refresh token and with it everything it issued): the next tool call gets a
    // 401, the refresh is refused, and the client is sent to authorize again.
    const revoked = await fetch(`${gatehouse.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: provider.tokens()!.refresh_token!,
        token_type_hint: 'refresh_token',
        client_id: String(provider.clientInformation()!.client_id),
      }),
    });
    expect(revoked.status).toBe(200);
    seen.length = 0;
    await expect(client.callTool({ name: 'list_sites', arguments: {} })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(seen.some((r) => r.url.href === mcpUrl)).toBe(true);
    expect(provider.authorizationUrls).toHaveLength(2);
    await client.close();
  }

  it('connects a pre-registered public client', async () => {
    const app = await gatehouse.cli([
      'apps',
      'create',
      '--workspace',
      'demo',
      '--name',
      'Desktop MCP host',
      '--description',
      'An MCP client.',
      '--homepage',
      'https://example.com',
      '--redirect-uri',
      callback,
      '--scope',
      'sites:read sites:write',
      '--client-type',
      'public',
      '--json',
    ]);
    await connectionLife({ kind: 'preregistered', clientId: String(app.client_id) });
  }, 240_000);

  it('registers by RFC 7591 dynamic registration, when Gatehouse offers it', async (ctx) => {
    if (typeof asMetadata.registration_endpoint !== 'string') ctx.skip();
    await connectionLife({ kind: 'dynamic' });
  }, 240_000);

  it('registers by a Client ID Metadata Document served over https, when Gatehouse accepts them', async (ctx) => {
    if (asMetadata.client_id_metadata_document_supported !== true) ctx.skip();
    await connectionLife({ kind: 'metadata-document', url: clientDocument.url });
    expect(clientDocument.fetches()).toBeGreaterThan(0);
  }, 240_000);

  it("serves that document so that a process trusting the run's CA through NODE_EXTRA_CA_CERTS can fetch it", async () => {
    const script = `fetch(${JSON.stringify(clientDocument.url)}).then((r) => r.json()).then((d) => process.stdout.write(d.client_id))`;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', script], { env: { ...process.env, NODE_EXTRA_CA_CERTS: certs.caFile } }, (err, out) =>
        err ? reject(err) : resolve(out),
      );
    });
    expect(stdout).toBe(clientDocument.url);
    await expect(fetch(clientDocument.url)).rejects.toThrow();
  });
});
