import type { Request, Response } from 'express';
import { GatehouseClient } from '@gatehouse/sdk';
import { gatehouseExpress } from '@gatehouse/sdk/express';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { McpSitesConfig } from './config.js';
import { TOOL_SCOPES, scopesForMessage, siteToolsServer } from './site-tools.js';

const BEARER = /^Bearer +(\S+) *$/i;

/** JSON-RPC's answer to a method this stateless server does not serve (Streamable HTTP: GET and DELETE are optional). */
function methodNotAllowed(res: Response): void {
  res
    .status(405)
    .setHeader('allow', 'POST')
    .json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed' }, id: null });
}

/**
 * The MCP server over Streamable HTTP, protected by Gatehouse (docs/mcp.md): the SDK middleware serves the RFC 9728
 * metadata and answers every request without a good token with a challenge naming it, which is all an MCP client
 * needs to find Gatehouse from this server's URL. Stateless: each POST gets its own server and transport, built
 * around the caller's token.
 */
export function createMcpSitesApp(config: McpSitesConfig) {
  const auth = gatehouseExpress({
    baseUrl: config.gatehouseUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    realm: 'mcp-sites',
    resource: config.mcpUrl,
    resourceMetadata: { scopesSupported: TOOL_SCOPES, resourceName: 'Gatehouse sites over MCP' },
    cacheTtlMs: config.cacheTtlMs,
  });
  // A tool answers within seconds: a 429 asking for a longer wait (a second publish within the minute) is a tool error.
  const gatehouse = new GatehouseClient({ baseUrl: config.gatehouseUrl, retry: { maxRetries: 1, maxDelayMs: 2_000 } });
  // Host header checks against DNS rebinding on loopback, then JSON bodies.
  const app = createMcpExpressApp({ host: config.host });
  app.use(auth.metadata);

  const path = new URL(config.mcpUrl).pathname;
  // No scope is demanded to connect, so a client asks for the metadata's `scopes_supported`; a tool call needs its
  // tool's scopes, and without them is a 403 naming them.
  const scopesOfRequest = (req: Request, res: Response, next: (error?: unknown) => void) => auth.requireScopes(...scopesForMessage(req.body))(req, res, next);
  app.all(path, scopesOfRequest, async (req: Request, res: Response) => {
    if (req.method !== 'POST') return methodNotAllowed(res);
    const token = BEARER.exec(String(req.headers.authorization))![1]!;
    const server = siteToolsServer(gatehouse.withAccessToken(token));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  return app;
}
