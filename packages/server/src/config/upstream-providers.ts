import { ConfigError } from './config-error.js';

/**
 * An upstream OpenID Connect provider people may sign in with (docs/authentication.md, "Sign-in with your
 * identity provider"). Declared in the configuration file (`upstreamProviders`) or in
 * `UPSTREAM_OIDC_PROVIDERS`, a JSON array, which replaces the file's list when set.
 */
export interface UpstreamProvider {
  /** In URLs: `/login/upstream/<id>`. */
  id: string;
  /** On the sign-in button: "Sign in with <name>". */
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The ID token / userinfo claim that holds the email address (default `email`). */
  emailClaim: string;
}

const VARIABLE = 'UPSTREAM_OIDC_PROVIDERS';
const ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** What is wrong with an issuer, if anything: it must be a URL, https unless on loopback. */
export function issuerProblem(issuer: string): string | undefined {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'must be a URL';
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return 'must be https (http only on loopback)';
  return undefined;
}

export function parseUpstreamProviders(raw: string | undefined): UpstreamProvider[] {
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(VARIABLE, 'must be a JSON array of providers');
  }
  if (!Array.isArray(parsed)) throw new ConfigError(VARIABLE, 'must be a JSON array of providers');
  const seen = new Set<string>();
  return parsed.map((entry: unknown, i) => {
    const at = `[${i}]`;
    if (!entry || typeof entry !== 'object') throw new ConfigError(VARIABLE, `${at} must be an object`);
    const e = entry as Record<string, unknown>;
    const text = (field: string, required = true): string | undefined => {
      const v = e[field];
      if (v === undefined && !required) return undefined;
      if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(VARIABLE, `${at}.${field} must be a non-empty string`);
      return v.trim();
    };
    const id = text('id')!;
    if (!ID.test(id)) throw new ConfigError(VARIABLE, `${at}.id must be 1 to 32 lowercase letters, digits and dashes`);
    if (seen.has(id)) throw new ConfigError(VARIABLE, `${at}.id "${id}" is used twice`);
    seen.add(id);
    const issuer = text('issuer')!;
    const problem = issuerProblem(issuer);
    if (problem) throw new ConfigError(VARIABLE, `${at}.issuer ${problem}`);
    return {
      id,
      name: text('name', false) ?? id,
      issuer,
      clientId: text('clientId')!,
      clientSecret: text('clientSecret')!,
      emailClaim: text('emailClaim', false) ?? 'email',
    };
  });
}
