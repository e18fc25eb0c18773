import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExampleConfigError, loadDotEnv, readConfig } from '../src/config.js';

const required = { CLIENT_ID: 'id', CLIENT_SECRET: 'secret' };

describe('example configuration', () => {
  it('defaults to a local Gatehouse and the demo app redirect URI, listening on its port', () => {
    expect(readConfig(required)).toEqual({
      host: 'localhost',
      port: 3000,
      gatehouseUrl: 'http://127.0.0.1:8080',
      authorizeUrl: undefined,
      apiUrl: undefined,
      clientId: 'id',
      clientSecret: 'secret',
      redirectUri: 'http://localhost:3000/callback',
      scopes: ['sites:read', 'authorized_user:read'],
    });
  });

  it('reads split base URLs, scopes and an explicit port', () => {
    const config = readConfig({
      ...required,
      GATEHOUSE_AUTHORIZE_URL: 'https://auth.test',
      GATEHOUSE_API_URL: 'https://api.test',
      SCOPES: 'sites:read,cms:read',
      PORT: '4001',
    });
    expect(config).toMatchObject({ authorizeUrl: 'https://auth.test', apiUrl: 'https://api.test', scopes: ['sites:read', 'cms:read'], port: 4001 });
  });

  it('names the setting that is missing or malformed', () => {
    expect(() => readConfig({ CLIENT_SECRET: 's' })).toThrow(new ExampleConfigError('CLIENT_ID is not set: copy .env.example to .env and fill it in'));
    expect(() => readConfig({ ...required, GATEHOUSE_URL: 'not a url' })).toThrow(/GATEHOUSE_URL must be a URL/);
    expect(() => readConfig({ ...required, PORT: 'eighty' })).toThrow(/PORT must be a port number/);
  });

  it('loads .env without overriding real environment variables', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'example-env-')), '.env');
    writeFileSync(file, 'EXAMPLE_TEST_FROM_FILE=file\nEXAMPLE_TEST_BOTH=file\n');
    process.env.EXAMPLE_TEST_BOTH = 'real';
    loadDotEnv(file);
    expect(process.env.EXAMPLE_TEST_FROM_FILE).toBe('file');
    expect(process.env.EXAMPLE_TEST_BOTH).toBe('real');
    loadDotEnv(path.join(path.dirname(file), 'missing.env'));
  });
});
