import { describe, expect, it } from 'vitest';
import { McpSitesConfigError, readConfig } from '../src/config.js';

describe('readConfig()', () => {
  it('defaults to a local Gatehouse and an MCP endpoint at http://HOST:PORT/mcp', () => {
    expect(readConfig({ CLIENT_ID: 'id', CLIENT_SECRET: 'secret' })).toEqual({
      host: '127.0.0.1',
      port: 3001,
      mcpUrl: 'http://127.0.0.1:3001/mcp',
      gatehouseUrl: 'http://127.0.0.1:8080',
      clientId: 'id',
      clientSecret: 'secret',
      cacheTtlMs: 0,
    });
    expect(
      readConfig({ CLIENT_ID: 'id', CLIENT_SECRET: 's', MCP_URL: 'https://mcp.example.com/mcp/', GATEHOUSE_URL: 'https://gh.example.com/' }),
    ).toMatchObject({
      mcpUrl: 'https://mcp.example.com/mcp',
      gatehouseUrl: 'https://gh.example.com',
    });
  });

  it('names the setting that is missing or malformed', () => {
    expect(() => readConfig({ CLIENT_SECRET: 's' })).toThrow(new McpSitesConfigError('CLIENT_ID is not set: copy .env.example to .env and fill it in'));
    expect(() => readConfig({ CLIENT_ID: 'i', CLIENT_SECRET: 's', PORT: 'x' })).toThrow(/PORT must be a whole number/);
    expect(() => readConfig({ CLIENT_ID: 'i', CLIENT_SECRET: 's', CACHE_TTL_MS: '700000' })).toThrow(/CACHE_TTL_MS/);
    expect(() => readConfig({ CLIENT_ID: 'i', CLIENT_SECRET: 's', GATEHOUSE_URL: 'not a url' })).toThrow(/GATEHOUSE_URL must be a URL/);
  });
});
