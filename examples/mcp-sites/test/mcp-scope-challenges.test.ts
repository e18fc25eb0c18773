import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RS_CLIENT_ID,
  RS_CLIENT_SECRET,
  startFakeIntrospectionServer,
  type FakeIntrospectionServer,
} from '../../../packages/sdk/test/helpers/fake-introspection-server.js';
import { freePort } from '../../../packages/sdk/test/support/free-port.js';
import { readConfig } from '../src/config.js';
import { createMcpSitesApp } from '../src/mcp-app.js';
import { scopesForMessage } from '../src/site-tools.js';

const call = (name: string, id = 1) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: { siteId: 'x' } } });

describe('scopesForMessage()', () => {
  it('names the scopes of every tool called, and none for other messages', () => {
    expect(scopesForMessage(call('publish_site'))).toEqual(['sites:read', 'sites:write']);
    expect(scopesForMessage([call('list_sites'), call('get_site', 2)])).toEqual(['sites:read']);
    expect(scopesForMessage({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} })).toEqual([]);
    expect(scopesForMessage(undefined)).toEqual([]);
    expect(scopesForMessage(call('unknown_tool'))).toEqual([]);
  });
});

describe('the MCP endpoint with a token bound to it (RFC 9728, RFC 6750 §3.1)', () => {
  let introspection: FakeIntrospectionServer;
  let server: Server;
  let mcpUrl: string;
  const post = (body: unknown, token?: string) =>
    fetch(mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    introspection = await startFakeIntrospectionServer();
    const port = await freePort();
    mcpUrl = `http://127.0.0.1:${port}/mcp`;
    introspection.issue('read-only', 'sites:read', undefined, mcpUrl);
    introspection.issue('elsewhere', 'sites:read sites:write', undefined, 'https://other.example.test/api');
    const config = readConfig({
      HOST: '127.0.0.1',
      PORT: String(port),
      GATEHOUSE_URL: introspection.baseUrl,
      CLIENT_ID: RS_CLIENT_ID,
      CLIENT_SECRET: RS_CLIENT_SECRET,
    });
    server = await new Promise<Server>((resolve) => {
      const s = createMcpSitesApp(config).listen(config.port, config.host, () => resolve(s));
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await introspection?.close();
  });

  it('answers a tool call its token cannot make 403 insufficient_scope, naming the scopes to step up to', async () => {
    const res = await post(call('publish_site'), 'read-only');
    expect(res.status).toBe(403);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain(`resource_metadata="http://127.0.0.1:${new URL(mcpUrl).port}/.well-known/oauth-protected-resource/mcp"`);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toMatch(/scope="sites:read sites:write"$/);
  });

  it('lets the same token make the calls its scopes allow', async () => {
    const res = await post(
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } },
      'read-only',
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: { serverInfo: { name: string } } }).result.serverInfo.name).toBe('gatehouse-sites');
  });

  it('refuses a token bound to another resource, and a request without one, with 401 naming the metadata', async () => {
    for (const token of ['elsewhere', undefined]) {
      const res = await post(call('list_sites'), token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('resource_metadata="');
    }
  });

  it('serves no GET stream: 405 for a caller with a good token', async () => {
    const res = await fetch(mcpUrl, { headers: { authorization: 'Bearer read-only', accept: 'text/event-stream' } });
    expect(res.status).toBe(405);
  });
});
