import { validation } from './errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/**
 * docs/webflow-wire.md, "Where Webflow is silent", and RFC 9700 §2.1: redirect URIs are absolute, `https` (or `http` on a loopback host), with no
 * fragment and no credentials; they are later compared by exact string match.
 */
export function checkRedirectUri(raw: string, field = 'redirectUris'): string {
  const uri = raw.trim();
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    throw validation(field, `"${uri}" is not an absolute URL`);
  }
  if (uri.length > 2000) throw validation(field, 'Redirect URIs must be at most 2000 characters');
  const loopback = isLoopbackHost(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw validation(field, `"${uri}" must use https (http is allowed only on localhost, 127.0.0.1 and [::1])`);
  }
  if (parsed.hash || uri.includes('#')) throw validation(field, `"${uri}" must not have a fragment`);
  if (parsed.username || parsed.password) throw validation(field, `"${uri}" must not hold credentials`);
  return uri;
}

export function checkHomepage(raw: string): string {
  const uri = raw.trim();
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    throw validation('homepage', 'Homepage must be an absolute https URL');
  }
  if (parsed.protocol !== 'https:') throw validation('homepage', 'Homepage must use https');
  return uri;
}

/**
 * An app's logo (docs/dashboard.md, "Consent screen"): an absolute https URL without credentials. The consent
 * page loads it with no referrer, and its page policy allows images from that one origin only.
 */
export function checkLogoUrl(raw: string): string {
  const uri = raw.trim();
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    throw validation('logoUrl', 'Logo URL must be an absolute https URL');
  }
  if (uri.length > 2000) throw validation('logoUrl', 'Logo URL must be at most 2000 characters');
  if (parsed.protocol !== 'https:') throw validation('logoUrl', 'Logo URL must use https');
  if (parsed.username || parsed.password) throw validation('logoUrl', 'Logo URL must not hold credentials');
  return parsed.href;
}
