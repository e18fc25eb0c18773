import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/config.js';

const provider = { id: 'corp', name: 'Corp ID', issuer: 'https://id.example.com', clientId: 'gatehouse', clientSecret: 'secret' };
const parse = (env: Record<string, string>) => parseConfig({ DATA_DIR: '/tmp/gatehouse-config-test', ...env });

/** docs/configuration.md: `UPSTREAM_OIDC_PROVIDERS` and `LOCAL_PASSWORDS`. */
describe('upstream sign-in settings', () => {
  it('reads the providers, with the email claim defaulting to email, and turns sign-up off with passwords', () => {
    const config = parse({ UPSTREAM_OIDC_PROVIDERS: JSON.stringify([provider]), LOCAL_PASSWORDS: 'false' });
    expect(config.upstreamProviders).toEqual([{ ...provider, emailClaim: 'email' }]);
    expect(config).toMatchObject({ localPasswords: false, signupEnabled: false });
  });

  it.each([
    ['not JSON', '{', /UPSTREAM_OIDC_PROVIDERS: must be a JSON array/],
    ['an object', '{}', /must be a JSON array/],
    ['a missing client secret', JSON.stringify([{ ...provider, clientSecret: undefined }]), /\[0\]\.clientSecret must be a non-empty string/],
    ['a bad id', JSON.stringify([{ ...provider, id: 'Corp ID' }]), /\[0\]\.id must be/],
    ['a duplicate id', JSON.stringify([provider, provider]), /\[1\]\.id "corp" is used twice/],
    ['an http issuer off loopback', JSON.stringify([{ ...provider, issuer: 'http://id.example.com' }]), /\[0\]\.issuer must be https/],
  ])('refuses %s, naming the variable and the entry', (_what, value, message) => {
    expect(() => parse({ UPSTREAM_OIDC_PROVIDERS: value })).toThrow(ConfigError);
    expect(() => parse({ UPSTREAM_OIDC_PROVIDERS: value })).toThrow(message);
  });

  it('refuses turning passwords off with no provider to sign in with', () => {
    expect(() => parse({ LOCAL_PASSWORDS: 'false' })).toThrow(/LOCAL_PASSWORDS: false needs at least one upstream provider/);
  });
});
