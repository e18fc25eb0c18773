import { existsSync } from 'node:fs';

/** Everything the MCP server needs, read from the environment (and `.env`). */
export interface McpSitesConfig {
  /** Where the server listens. */
  host: string;
  port: number;
  /**
   * The MCP endpoint's public URL: the resource identifier clients bind their tokens to (RFC 8707) and that the
   * RFC 9728 metadata describes. Default `http://HOST:PORT/mcp`.
   */
  mcpUrl: string;
  /** Gatehouse's origin (its RFC 8414 issuer). */
  gatehouseUrl: string;
  /** The Gatehouse app that stands for this server; its secret authenticates the RFC 7662 introspection calls. */
  clientId: string;
  clientSecret: string;
  /** How long an introspection answer is reused: the revocation delay accepted. */
  cacheTtlMs: number;
}

/** A missing or malformed setting, named so the fix is obvious. */
export class McpSitesConfigError extends Error {
  override readonly name = 'McpSitesConfigError';
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new McpSitesConfigError(`${name} is not set: copy .env.example to .env and fill it in`);
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  if (!URL.canParse(value)) throw new McpSitesConfigError(`${name} must be a URL, got "${value}"`);
  return value.replace(/\/$/, '');
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name]?.trim();
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) throw new McpSitesConfigError(`${name} must be a whole number from 0 to ${max}, got "${raw}"`);
  return value;
}

/** Loads `.env` from the working directory when there is one; real environment variables win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** Reads the configuration, with defaults that match a local Gatehouse. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): McpSitesConfig {
  const host = env.HOST?.trim() || '127.0.0.1';
  const port = whole(env, 'PORT', 3001, 65535);
  return {
    host,
    port,
    mcpUrl: url(env, 'MCP_URL', `http://${host}:${port}/mcp`),
    gatehouseUrl: url(env, 'GATEHOUSE_URL', 'http://127.0.0.1:8080'),
    clientId: required(env, 'CLIENT_ID'),
    clientSecret: required(env, 'CLIENT_SECRET'),
    cacheTtlMs: whole(env, 'CACHE_TTL_MS', 0, 600_000),
  };
}
