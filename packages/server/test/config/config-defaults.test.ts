import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { WEBFLOW_CATALOGUE } from '../../src/oauth/webflow-catalogue.js';

const DOCS = readFileSync(new URL('../../../../docs/configuration.md', import.meta.url), 'utf8');

describe('parseConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(parseConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:8080',
      dataDir: path.resolve('data'),
      databaseUrl: undefined,
      redisUrl: undefined,
      logLevel: 'info',
      secretKey: undefined,
      signupEnabled: true,
      refreshTokens: false,
      accessTokenTtlSeconds: 3600,
      refreshTokenTtlSeconds: 2_592_000,
      refreshRetryGraceSeconds: 30,
      clientRegistration: { enabled: false, perAddressPerHour: 10, unusedTtlHours: 24 },
      clientMetadataDocuments: { enabled: false, allowHosts: [], blockHosts: [] },
      trustProxy: false,
      outboundAllowPrivate: false,
      dataApiFrontResources: [],
      passwordHashCost: 17,
      usageFlushSeconds: 5,
      upstreamProviders: [],
      localPasswords: true,
      cacheSizes: {
        tokens: 10_000,
        sites: 10_000,
        clients: 1_000,
        lists: 10_000,
        statements: 500,
        sqlitePageCacheMiB: 4,
        rateLimitEntries: 200_000,
        usageUnwritten: 100_000,
        clientMetadataDocuments: 1_000,
      },
      heapGrowthPercent: 30,
      timeouts: {
        databaseConnectMs: 5_000,
        databaseStatementMs: 10_000,
        databaseQueryMs: 15_000,
        redisCommandMs: 500,
        httpRequestMs: 30_000,
        shutdownDrainMs: 5_000,
      },
      catalogue: WEBFLOW_CATALOGUE,
      smtpUrl: undefined,
      mailFrom: 'Gatehouse <no-reply@localhost>',
    });
  });

  it('documents every variable it reads in docs/configuration.md', () => {
    const source = readFileSync(new URL('../../src/config/config.ts', import.meta.url), 'utf8');
    const read = new Set([...source.matchAll(/'([A-Z][A-Z0-9_]{2,})'/g)].map((m) => m[1]!));
    read.add('PORT').add('HOST').add('DATA_DIR').add('GATEHOUSE_SECRET_KEY');
    for (const name of read) expect(DOCS, name).toContain(`\`${name}\``);
  });

  it('reads every option', () => {
    const config = parseConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://auth.example.com/',
      DATA_DIR: '/tmp/gh',
      DATABASE_URL: 'postgres://u@db/gh',
      REDIS_URL: 'rediss://cache:6380',
      LOG_LEVEL: 'DEBUG',
      GATEHOUSE_SECRET_KEY: 'ab'.repeat(32),
      SIGNUP_ENABLED: 'off',
      REFRESH_TOKENS: 'yes',
      ACCESS_TOKEN_TTL_SECONDS: '600',
      REFRESH_TOKEN_TTL_SECONDS: '86400',
      TRUST_PROXY: 'true',
      PASSWORD_HASH_COST: '15',
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '2000',
      DATABASE_QUERY_TIMEOUT_MS: '3000',
      REDIS_COMMAND_TIMEOUT_MS: '40',
      HTTP_REQUEST_TIMEOUT_MS: '5000',
      SHUTDOWN_DRAIN_MS: '0',
      HEAP_GROWTH_PERCENT: '0',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      publicUrl: 'https://auth.example.com',
      dataDir: '/tmp/gh',
      databaseUrl: 'postgres://u@db/gh',
      redisUrl: 'rediss://cache:6380',
      logLevel: 'debug',
      signupEnabled: false,
      refreshTokens: true,
      accessTokenTtlSeconds: 600,
      refreshTokenTtlSeconds: 86_400,
      trustProxy: true,
      passwordHashCost: 15,
      heapGrowthPercent: 0,
      timeouts: { databaseConnectMs: 1000, databaseStatementMs: 2000, databaseQueryMs: 3000, redisCommandMs: 40, httpRequestMs: 5000, shutdownDrainMs: 0 },
    });
    expect(config.secretKey?.length).toBe(32);
  });

  it('derives PUBLIC_URL from HOST and PORT, showing wildcard hosts as localhost and IPv6 in brackets', () => {
    expect(parseConfig({ HOST: '0.0.0.0', PORT: '3001' }).publicUrl).toBe('http://localhost:3001');
    expect(parseConfig({ HOST: '::1' }).publicUrl).toBe('http://[::1]:8080');
  });

  it('accepts the secret key as base64url too', () => {
    expect(parseConfig({ GATEHOUSE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64url') }).secretKey).toEqual(Buffer.alloc(32, 7));
  });

  it('throws a ConfigError that names the variable', () => {
    expect(() => parseConfig({ PORT: '1e3' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: '1e3' })).toThrow(/^PORT: /);
  });
});
