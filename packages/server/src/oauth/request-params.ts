import { InvalidRequest } from './errors.js';

/**
 * RFC 6749 §3.2 / §3.1: token-endpoint parameters are single-valued strings. The form parser turns a
 * repeated name into an array and JSON may carry any type; both are refused here, once, for every
 * endpoint that takes a body (token, revoke, introspect).
 */
export function readBodyParams(body: unknown): Record<string, string> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new InvalidRequest('The request body must be a form or a JSON object.');
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (Array.isArray(value)) throw new InvalidRequest(`The ${safeName(name)} parameter was given more than once.`);
    if (typeof value !== 'string') throw new InvalidRequest(`The ${safeName(name)} parameter must be a string.`);
    if (value !== '') out[name] = value;
  }
  return out;
}

const safeName = (name: string) => (/^[a-z_]{1,40}$/.test(name) ? name : 'a');

/**
 * A JSON body's repeated keys: JSON.parse keeps only the last, so they are counted on the raw text.
 * Only flat objects are accepted downstream, so counting the string tokens followed by `:` is exact.
 */
export function jsonHasRepeatedKeys(raw: string, parsed: unknown): boolean {
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
  let keys = 0;
  for (const match of raw.matchAll(/"(?:[^"\\]|\\.)*"(\s*:)?/g)) if (match[1]) keys++;
  return keys > Object.keys(parsed).length;
}

export function requireParam(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined) throw new InvalidRequest(`The ${name} parameter is missing.`);
  return value;
}
