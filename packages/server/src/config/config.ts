import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { parseUpstreamProviders, type UpstreamProvider } from './upstream-providers.js';
import type { Catalogue } from '../oauth/scopes.js';
import { loadConfigFile } from './catalogue-file.js';
import { ConfigError } from './config-error.js';

/** Every option Gatehouse reads from the environment; defaults are documented in docs/configuration.md. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  logLevel: LogLevel;
  secretKey: Buffer | undefined;
  signupEnabled: boolean;
  /** docs/authentication.md, "Sign-in with your identity provider": upstream OpenID providers, and whether passwords work at all. */
  upstreamProviders: UpstreamProvider[];
  localPasswords: boolean;
  refreshTokens: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** docs/oauth.md, "Public clients": seconds in which a retried refresh answers the same tokens. */
  refreshRetryGraceSeconds: number;
  /** docs/oauth.md, "Dynamic client registration" (RFC 7591): off unless switched on. */
  clientRegistration: ClientRegistrationConfig;
  clientMetadataDocuments: ClientMetadataDocumentsConfig;
  /** Which peers may name the client in X-Forwarded-For: none, every one (warned about), a hop count, or addresses/CIDRs. */
  trustProxy: TrustProxy;
  /** Outbound requests (webhooks) may go to loopback, private and link-local addresses, also over http. */
  outboundAllowPrivate: boolean;
  /** Resources acting for their users through the Data API, whose tokens /v2 accepts too (docs/mcp.md). */
  dataApiFrontResources: string[];
  /** log2 of the scrypt cost N for new password hashes (crypto/passwords.ts). */
  passwordHashCost: number;
  /** docs/dashboard.md, "Usage": how often each node adds its counted requests to the hourly rows. */
  usageFlushSeconds: number;
  /** Entries each node-local cache may hold (docs/configuration.md, "Caches"). */
  cacheSizes: CacheSizes;
  /** How far V8 lets the old generation grow past what a full collection left live, in percent; 0: V8's own choice (docs/adr/0030-heap-growth.md). */
  heapGrowthPercent: number;
  /** Bounds on waits for dependencies and clients (docs/configuration.md; docs/deployment.md, "Failures and timeouts"). */
  timeouts: Timeouts;
  /** Product name, logo, level names and scopes from GATEHOUSE_CONFIG, or the Webflow preset (docs/own-api.md). */
  catalogue: Catalogue;
  /** The SMTP server mail goes through; unset: the development outbox on loopback, no mail elsewhere. */
  smtpUrl: string | undefined;
  /** The sender of every message, `Name <address>` or a bare address. */
  mailFrom: string;
}

export interface ClientRegistrationConfig {
  enabled: boolean;
  /** Registrations each client address may make per hour. */
  perAddressPerHour: number;
  /** A registration no workspace installed within this many hours is deleted. */
  unusedTtlHours: number;
}

/** docs/oauth.md, "Client ID Metadata Documents": `CLIENT_METADATA_DOCUMENTS`, `CLIENT_METADATA_HOSTS_ALLOW`, `CLIENT_METADATA_HOSTS_BLOCK`. */
export interface ClientMetadataDocumentsConfig {
  enabled: boolean;
  /** When not empty, only documents on these hosts (or their subdomains) are fetched. */
  allowHosts: string[];
  /** Documents on these hosts (or their subdomains) are never fetched. */
  blockHosts: string[];
}

/**
 * docs/configuration.md: `TOKEN_CACHE_SIZE`, `SITE_CACHE_SIZE`, `CLIENT_CACHE_SIZE`, `LIST_CACHE_SIZE` (0 turns a
 * cache off), and the bounds of the node's other memory: `STATEMENT_CACHE_SIZE`, `SQLITE_PAGE_CACHE_MIB`, `RATE_LIMIT_MEMORY_ENTRIES`,
 * `USAGE_UNWRITTEN_LIMIT`, `CLIENT_METADATA_CACHE_SIZE`.
 */
export interface CacheSizes {
  tokens: number;
  sites: number;
  clients: number;
  lists: number;
  statements: number;
  /** SQLite's page cache, in MiB. */
  sqlitePageCacheMiB: number;
  rateLimitEntries: number;
  usageUnwritten: number;
  clientMetadataDocuments: number;
}

export interface Timeouts {
  databaseConnectMs: number;
  databaseStatementMs: number;
  databaseQueryMs: number;
  redisCommandMs: number;
  httpRequestMs: number;
  /** After SIGTERM: how long the node keeps serving (with `/readyz` at 503) before it stops listening. */
  shutdownDrainMs: number;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Fastify's `trustProxy` forms this server accepts (docs/configuration.md, docs/deployment.md). */
export type TrustProxy = boolean | number | string[];

/** proxy-addr's names for address ranges, which Fastify accepts in a trustProxy list. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export { ConfigError };

type Env = Record<string, string | undefined>;

function port(env: Env): number {
  const raw = env.PORT ?? '8080';
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new ConfigError('PORT', `must be a whole number from 0 to 65535, got "${raw}"`);
  return Number(raw);
}

function url(env: Env, name: string, protocols: string[], fallback?: string): string | undefined {
  const raw = env[name] ?? fallback;
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${redactUrl(raw)}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${redactUrl(raw)}"`);
  }
  return raw;
}

function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^/@]*)@/, '//***@');
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new ConfigError(name, `must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

function intInRange(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

/**
 * TRUST_PROXY: `false` (default) trusts no proxy; a whole number trusts that many hops in front of
 * Gatehouse; a comma-separated list trusts those addresses, CIDR ranges or named ranges. `true`
 * trusts every peer, so any client could pick its own address; `main` warns about it at start.
 */
function trustProxy(env: Env): TrustProxy {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || /^(false|no|off)$/i.test(raw)) return false;
  if (/^(true|yes|on)$/i.test(raw)) return true;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 32) throw new ConfigError('TRUST_PROXY', `a hop count must be from 0 to 32, got "${raw}"`);
    return hops === 0 ? false : hops;
  }
  const list = raw.split(',').map((entry) => entry.trim());
  for (const entry of list) {
    if (PROXY_RANGE_NAMES.has(entry) || ipaddr.isValid(entry) || isCidr(entry)) continue;
    throw new ConfigError(
      'TRUST_PROXY',
      `must be false, a hop count, or a comma-separated list of proxy addresses or CIDR ranges (or true, not recommended), got "${raw}"`,
    );
  }
  return list;
}

function isCidr(entry: string): boolean {
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}

/** A comma- or space-separated list of absolute http(s) resource URIs (RFC 8707 §2: no fragment). */
function resourceList(env: Env, name: string): string[] {
  const list = (env[name] ?? '').split(/[\s,]+/).filter(Boolean);
  const bad = list.find((u) => !/^https?:\/\//.test(u) || !URL.canParse(u) || u.includes('#'));
  if (bad !== undefined) throw new ConfigError(name, `must list absolute http(s) resource URIs without a fragment, got "${bad}"`);
  return list;
}

function hostList(env: Env, name: string): string[] {
  const list = (env[name] ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((h) => h.toLowerCase().replace(/\.$/, ''));
  const bad = list.find((h) => !/^[a-z0-9.:[\]-]{1,253}$/.test(h));
  if (bad !== undefined) throw new ConfigError(name, `must list host names, got "${bad}"`);
  return list;
}

function hostname(env: Env): string {
  const raw = env.HOST || '127.0.0.1';
  if (!/^[A-Za-z0-9.:%_-]{1,253}$/.test(raw)) throw new ConfigError('HOST', `must be an IP address or host name to listen on, got "${raw}"`);
  return raw;
}

function dataDir(env: Env): string {
  const dir = path.resolve(env.DATA_DIR || 'data');
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ConfigError('DATA_DIR', `must be a directory, but "${dir}" is a file`);
  return dir;
}

function secretKey(env: Env): Buffer | undefined {
  const raw = env.GATEHOUSE_SECRET_KEY;
  if (raw === undefined || raw === '') return undefined;
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64url');
  if (key.length !== 32) {
    throw new ConfigError('GATEHOUSE_SECRET_KEY', 'must be 32 bytes as 64 hex characters or base64 (try: openssl rand -hex 32)');
  }
  return key;
}

function timeouts(env: Env): Timeouts {
  const ms = (name: string, fallback: number) => intInRange(env, name, fallback, 1, 3_600_000);
  return {
    databaseConnectMs: ms('DATABASE_CONNECT_TIMEOUT_MS', 5_000),
    databaseStatementMs: ms('DATABASE_STATEMENT_TIMEOUT_MS', 10_000),
    databaseQueryMs: ms('DATABASE_QUERY_TIMEOUT_MS', 15_000),
    redisCommandMs: ms('REDIS_COMMAND_TIMEOUT_MS', 500),
    httpRequestMs: ms('HTTP_REQUEST_TIMEOUT_MS', 30_000),
    shutdownDrainMs: intInRange(env, 'SHUTDOWN_DRAIN_MS', 5_000, 0, 3_600_000),
  };
}

/** MAIL_FROM: an address, optionally with a display name; it defaults to no-reply at PUBLIC_URL's host. */
function mailFrom(env: Env, publicUrl: string): string {
  const raw = (env.MAIL_FROM ?? '').trim();
  if (raw === '') {
    const host = new URL(publicUrl).hostname;
    return `Gatehouse <no-reply@${/^[\d.]+$|^\[/.test(host) ? 'localhost' : host}>`;
  }
  if (raw.length > 320 || /[\r\n]/.test(raw) || !/^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(raw)) {
    throw new ConfigError('MAIL_FROM', `must be an email address, optionally as "Name <address>", got "${raw.slice(0, 80)}"`);
  }
  return raw;
}

/** docs/adr/0030-heap-growth.md: the measured trade between resident memory and collector CPU. */
export const HEAP_GROWTH_PERCENT_DEFAULT = 30;

/** The defaults of the node's other memory bounds; code built without a Config (tests, tools) takes the same ones. */
export const MEMORY_BOUND_DEFAULTS = {
  statements: 500,
  sqlitePageCacheMiB: 4,
  rateLimitEntries: 200_000,
  usageUnwritten: 100_000,
  clientMetadataDocuments: 1_000,
} as const;

function cacheSizes(env: Env): CacheSizes {
  const size = (name: string, fallback: number) => intInRange(env, name, fallback, 0, 10_000_000);
  const bound = (name: string, fallback: number) => intInRange(env, name, fallback, 1, 10_000_000);
  return {
    tokens: size('TOKEN_CACHE_SIZE', 10_000),
    sites: size('SITE_CACHE_SIZE', 10_000),
    clients: size('CLIENT_CACHE_SIZE', 1_000),
    lists: size('LIST_CACHE_SIZE', 10_000),
    statements: bound('STATEMENT_CACHE_SIZE', MEMORY_BOUND_DEFAULTS.statements),
    sqlitePageCacheMiB: intInRange(env, 'SQLITE_PAGE_CACHE_MIB', MEMORY_BOUND_DEFAULTS.sqlitePageCacheMiB, 1, 65_536),
    rateLimitEntries: bound('RATE_LIMIT_MEMORY_ENTRIES', MEMORY_BOUND_DEFAULTS.rateLimitEntries),
    usageUnwritten: bound('USAGE_UNWRITTEN_LIMIT', MEMORY_BOUND_DEFAULTS.usageUnwritten),
    clientMetadataDocuments: bound('CLIENT_METADATA_CACHE_SIZE', MEMORY_BOUND_DEFAULTS.clientMetadataDocuments),
  };
}

/** Parses the environment; throws {@link ConfigError} naming the first bad variable. */
export function parseConfig(env: Env = process.env): Config {
  const p = port(env);
  const host = hostname(env);
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const publicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:'], `http://${displayHost}:${p}`)!.replace(/\/+$/, '');
  const level = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!LOG_LEVELS.includes(level as LogLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const file = loadConfigFile(env.GATEHOUSE_CONFIG, env);
  // docs/configuration.md: the variable, when set, replaces the file's providers (an override per deployment).
  const upstreamProviders = (env.UPSTREAM_OIDC_PROVIDERS ?? '').trim() === '' ? file.upstreamProviders : parseUpstreamProviders(env.UPSTREAM_OIDC_PROVIDERS);
  const localPasswords = bool(env, 'LOCAL_PASSWORDS', true);
  if (!localPasswords && upstreamProviders.length === 0)
    throw new ConfigError(
      'LOCAL_PASSWORDS',
      'false needs at least one upstream provider (upstreamProviders in GATEHOUSE_CONFIG, or UPSTREAM_OIDC_PROVIDERS), or nobody could sign in',
    );
  return {
    port: p,
    host,
    publicUrl,
    dataDir: dataDir(env),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    logLevel: level as LogLevel,
    secretKey: secretKey(env),
    // Sign-up makes a password account, so it goes with passwords.
    signupEnabled: localPasswords && bool(env, 'SIGNUP_ENABLED', true),
    upstreamProviders,
    localPasswords,
    refreshTokens: bool(env, 'REFRESH_TOKENS', false),
    accessTokenTtlSeconds: positiveInt(env, 'ACCESS_TOKEN_TTL_SECONDS', 3600),
    refreshTokenTtlSeconds: positiveInt(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600),
    refreshRetryGraceSeconds: intInRange(env, 'REFRESH_RETRY_GRACE_SECONDS', 30, 0, 300),
    clientRegistration: {
      enabled: bool(env, 'CLIENT_REGISTRATION', false),
      perAddressPerHour: intInRange(env, 'CLIENT_REGISTRATION_PER_HOUR', 10, 1, 10_000),
      unusedTtlHours: intInRange(env, 'CLIENT_REGISTRATION_UNUSED_TTL_HOURS', 24, 1, 24 * 365),
    },
    clientMetadataDocuments: {
      enabled: bool(env, 'CLIENT_METADATA_DOCUMENTS', false),
      allowHosts: hostList(env, 'CLIENT_METADATA_HOSTS_ALLOW'),
      blockHosts: hostList(env, 'CLIENT_METADATA_HOSTS_BLOCK'),
    },
    trustProxy: trustProxy(env),
    outboundAllowPrivate: bool(env, 'OUTBOUND_ALLOW_PRIVATE', false),
    dataApiFrontResources: resourceList(env, 'DATA_API_FRONT_RESOURCES'),
    passwordHashCost: intInRange(env, 'PASSWORD_HASH_COST', 17, 14, 20),
    usageFlushSeconds: intInRange(env, 'USAGE_FLUSH_SECONDS', 5, 1, 300),
    cacheSizes: cacheSizes(env),
    heapGrowthPercent: intInRange(env, 'HEAP_GROWTH_PERCENT', HEAP_GROWTH_PERCENT_DEFAULT, 0, 400),
    timeouts: timeouts(env),
    catalogue: file.catalogue,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: mailFrom(env, publicUrl),
  };
}

/** Loads `.env` from the working directory when present; real environment variables win. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
