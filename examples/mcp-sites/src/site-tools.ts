import { GatehouseError, type GatehouseClient, type Site } from '@gatehouse/sdk';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/** The scopes the tools use: reading sites, and publishing them. */
export const TOOL_SCOPES = ['sites:read', 'sites:write'];

/** What each tool's Data API call needs (docs/scopes.md). */
export const SCOPES_OF_TOOL: Record<string, readonly string[]> = {
  list_sites: ['sites:read'],
  get_site: ['sites:read'],
  publish_site: ['sites:read', 'sites:write'],
};

/**
 * The scopes a JSON-RPC message (or batch) needs before it reaches a tool: those of every `tools/call` in it, so a
 * token without them is answered `403 insufficient_scope` naming them (RFC 6750 §3.1), and the client can step up.
 */
export function scopesForMessage(body: unknown): string[] {
  const needed = new Set<string>();
  for (const message of Array.isArray(body) ? body : [body]) {
    const call = message as { method?: unknown; params?: { name?: unknown } } | null;
    if (call?.method !== 'tools/call' || typeof call.params?.name !== 'string') continue;
    for (const scope of SCOPES_OF_TOOL[call.params.name] ?? []) needed.add(scope);
  }
  return [...needed];
}

/** What a tool shows of a site. */
const summary = (site: Site) => ({
  id: site.id,
  displayName: site.displayName,
  shortName: site.shortName,
  workspaceId: site.workspaceId,
  lastPublished: site.lastPublished ?? null,
  previewUrl: site.previewUrl,
});

function answer(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
}

/** A Data API refusal becomes a tool error the model can read, with Gatehouse's code and message. */
async function viaDataApi(call: () => Promise<Record<string, unknown>>): Promise<CallToolResult> {
  try {
    return answer(await call());
  } catch (err) {
    if (!(err instanceof GatehouseError)) throw err;
    return { isError: true, content: [{ type: 'text', text: `${err.code}: ${err.message}` }] };
  }
}

/**
 * An MCP server whose tools act through the Data API with `api` (a client holding the caller's token), so they
 * reach exactly the sites the user picked on Gatehouse's consent page: Gatehouse's resource boundary, not this
 * server, decides what a tool sees.
 */
export function siteToolsServer(api: GatehouseClient): McpServer {
  const server = new McpServer({ name: 'gatehouse-sites', version: '0.1.0' });
  server.registerTool('list_sites', { title: 'List sites', description: 'The sites you let this server see.', annotations: { readOnlyHint: true } }, () =>
    viaDataApi(async () => ({ sites: (await api.sites.list()).sites.map(summary) })),
  );
  server.registerTool(
    'get_site',
    {
      title: 'Get a site',
      description: 'One site by its id.',
      inputSchema: { siteId: z.string().describe('The site id') },
      annotations: { readOnlyHint: true },
    },
    ({ siteId }) => viaDataApi(async () => summary(await api.sites.get(siteId))),
  );
  server.registerTool(
    'publish_site',
    {
      title: 'Publish a site',
      description: 'Publishes a site to its Webflow subdomain and, when listed, to custom domains (once a minute per site).',
      inputSchema: {
        siteId: z.string().describe('The site id'),
        customDomains: z.array(z.string()).optional().describe('Custom domain ids to publish to'),
      },
    },
    ({ siteId, customDomains }) =>
      viaDataApi(async () => ({ ...(await api.sites.publish(siteId, { publishToWebflowSubdomain: true, ...(customDomains && { customDomains }) })) })),
  );
  return server;
}
