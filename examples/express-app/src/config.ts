import { existsSync } from 'node:fs';

/** Everything the example needs, read from the environment (and `.env`). */
export interface ExampleConfig {
  /** Where this app listens. */
  host: string;
  port: number;
  /** Gatehouse origin; `authorizeUrl` and `apiUrl` override it for split deployments. */
  gatehouseUrl: string;
  authorizeUrl: string | undefined;
  apiUrl: string | undefined;
  clientId: string;
  clientSecret: string;
  /** Must equal a redirect URI registered for the app, character for character. */
  redirectUri: string;
  scopes: string[];
}

/** A missing or malformed setting, named so the fix is obvious. */
export class ExampleConfigError extends Error {
  override readonly name = 'ExampleConfigError';
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ExampleConfigError(`${name} is not set: copy .env.example to .env and fill it in`);
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, fallback?: string): string {
  const value = env[name]?.trim() || fallback;
  if (value === undefined) throw new ExampleConfigError(`${name} is not set`);
  if (!URL.canParse(value)) throw new ExampleConfigError(`${name} must be a URL, got "${value}"`);
  return value;
}

/** Loads `.env` from the working directory when there is one; real environment variables win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** Reads the configuration, with defaults that match a local Gatehouse. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ExampleConfig {
  const redirectUri = url(env, 'REDIRECT_URI', 'http://localhost:3000/callback');
  const port = Number(env.PORT?.trim() || new URL(redirectUri).port || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ExampleConfigError(`PORT must be a port number, got "${env.PORT}"`);
  return {
    host: env.HOST?.trim() || 'localhost',
    port,
    gatehouseUrl: url(env, 'GATEHOUSE_URL', 'http://127.0.0.1:8080'),
    authorizeUrl: env.GATEHOUSE_AUTHORIZE_URL?.trim() ? url(env, 'GATEHOUSE_AUTHORIZE_URL') : undefined,
    apiUrl: env.GATEHOUSE_API_URL?.trim() ? url(env, 'GATEHOUSE_API_URL') : undefined,
    clientId: required(env, 'CLIENT_ID'),
    clientSecret: required(env, 'CLIENT_SECRET'),
    redirectUri,
    scopes: (env.SCOPES?.trim() || 'sites:read authorized_user:read').split(/[\s,]+/).filter(Boolean),
  };
}
