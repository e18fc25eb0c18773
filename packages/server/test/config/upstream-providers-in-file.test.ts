import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/catalogue-file.js';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { runCli, tempDir } from '../cli/spawn-cli.js';

const EXAMPLE = fileURLToPath(new URL('../../gatehouse.config.example.json', import.meta.url));
const provider = { id: 'acme-login', name: 'Acme Login', issuer: 'https://login.acme.test', clientId: 'gatehouse', clientSecretEnv: 'ACME_LOGIN_SECRET' };

/** The shipped example with these providers, written to a fresh file. */
function fileWith(providers: unknown): string {
  const file = path.join(tempDir('gatehouse-providers-'), 'gatehouse.config.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(EXAMPLE, 'utf8')), upstreamProviders: providers }));
  return file;
}

function problemOf(providers: unknown, env: Record<string, string> = { ACME_LOGIN_SECRET: 'from-the-environment' }): string {
  const file = fileWith(providers);
  try {
    loadConfigFile(file, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message.startsWith(`GATEHOUSE_CONFIG: ${file}: `)).toBe(true);
    return (err as Error).message.slice(`GATEHOUSE_CONFIG: ${file}: `.length);
  }
  throw new Error('the file was accepted');
}

/** docs/own-api.md, "Sign-in providers in the file". */
describe('upstream providers in the configuration file', () => {
  it('reads them, taking the secret from the variable the file names, email as the default claim', () => {
    const { upstreamProviders } = loadConfigFile(
      fileWith([provider, { id: 'corp', issuer: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's', emailClaim: 'mail' }]),
      {
        ACME_LOGIN_SECRET: 'from-the-environment',
      },
    );
    expect(upstreamProviders).toEqual([
      {
        id: 'acme-login',
        name: 'Acme Login',
        issuer: 'https://login.acme.test',
        clientId: 'gatehouse',
        clientSecret: 'from-the-environment',
        emailClaim: 'email',
      },
      { id: 'corp', name: 'corp', issuer: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's', emailClaim: 'mail' },
    ]);
  });

  it.each<[string, unknown, RegExp]>([
    ['a missing issuer', [{ ...provider, issuer: undefined }], /^upstreamProviders\[0\]\.issuer: is missing/],
    [
      'an http issuer off loopback',
      [{ ...provider, issuer: 'http://login.acme.test' }],
      /^upstreamProviders\[0\]\.issuer: must be https \(http only on loopback\)/,
    ],
    ['an issuer that is not a URL', [{ ...provider, issuer: 'login.acme.test' }], /^upstreamProviders\[0\]\.issuer: must be a URL/],
    ['a bad id', [{ ...provider, id: 'Acme Login' }], /^upstreamProviders\[0\]\.id: expected string to match/],
    ['a duplicate id', [provider, provider], /^upstreamProviders\[1\]\.id: "acme-login" is already used by upstreamProviders\[0\]/],
    ['no secret at all', [{ ...provider, clientSecretEnv: undefined }], /^upstreamProviders\[0\]\.clientSecretEnv: is missing \(or give clientSecret\)/],
    ['both kinds of secret', [{ ...provider, clientSecret: 'x' }], /^upstreamProviders\[0\]: give clientSecret or clientSecretEnv, not both/],
    ['an unknown field', [{ ...provider, secret: 'x' }], /^upstreamProviders\[0\]\.secret: unexpected property/],
    ['a list that is not a list', provider, /^upstreamProviders: expected array/],
  ])('refuses %s, naming the field', (_what, providers, expected) => {
    expect(problemOf(providers)).toMatch(expected);
  });

  it('refuses a secret variable that is not set, naming it', () => {
    expect(problemOf([provider], {})).toBe('upstreamProviders[0].clientSecretEnv: the environment variable ACME_LOGIN_SECRET is not set');
  });

  it('is replaced by UPSTREAM_OIDC_PROVIDERS when that is set, and lets passwords be turned off', () => {
    const env = { DATA_DIR: tempDir(), GATEHOUSE_CONFIG: fileWith([provider]), ACME_LOGIN_SECRET: 'from-the-environment', LOCAL_PASSWORDS: 'false' };
    expect(parseConfig(env).upstreamProviders.map((p) => p.id)).toEqual(['acme-login']);
    const fromVariable = [{ id: 'other', issuer: 'https://other.test', clientId: 'o', clientSecret: 'p' }];
    expect(parseConfig({ ...env, UPSTREAM_OIDC_PROVIDERS: JSON.stringify(fromVariable) }).upstreamProviders.map((p) => p.id)).toEqual(['other']);
    expect(parseConfig({ ...env, UPSTREAM_OIDC_PROVIDERS: '' }).upstreamProviders.map((p) => p.id)).toEqual(['acme-login']);
  });

  it('stops `gatehouse start` with one line naming the file and field, exit code 2', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const file = fileWith([provider]);
    const result = await runCli(['start'], { DATA_DIR: dir, GATEHOUSE_CONFIG: file });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `gatehouse: configuration error: GATEHOUSE_CONFIG: ${file}: upstreamProviders[0].clientSecretEnv: the environment variable ACME_LOGIN_SECRET is not set\n`,
    );
  });
});
