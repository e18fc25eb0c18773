import { readFileSync } from 'node:fs';
import { WebflowClient } from 'webflow-api';
import { describe, expect, it } from 'vitest';
import { docFiles, REPO_DIR } from './doc-blocks.js';

/** `WebflowClient.x` statics and `webflow.a.b(`/`client.a.b(` calls the docs name, with where they appear. */
function sdkNamesIn(file: string): Array<{ name: string; where: string }> {
  const text = readFileSync(new URL(file, REPO_DIR), 'utf8');
  const found: Array<{ name: string; where: string }> = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/\bWebflowClient\.([A-Za-z]+)/g)) found.push({ name: `static ${m[1]}`, where: `${file}:${i + 1}` });
    for (const m of line.matchAll(/\b(?:webflow|client|sdk)\.((?:[A-Za-z]+\.)*[A-Za-z]+)\(/g)) found.push({ name: m[1]!, where: `${file}:${i + 1}` });
    // A helper named in prose about the official SDK (not Gatehouse's own SDK in packages/sdk).
    if (/\bSDK\b/.test(line) && !/Gatehouse SDK|packages\/sdk|@gatehouse/.test(line)) {
      for (const m of line.matchAll(/`((?:revoke|get|list|create|delete|update|verify|authorize|introspect)[A-Z][A-Za-z]*)`/g))
        found.push({ name: `any ${m[1]}`, where: `${file}:${i + 1}` });
    }
  });
  return found;
}

/** Every method name on the client, its resources and their sub-resources, and its statics. */
function allMethodNames(): Set<string> {
  const names = new Set(Object.getOwnPropertyNames(WebflowClient));
  const visit = (o: object, depth: number) => {
    for (let p: object | null = o; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      for (const key of Object.getOwnPropertyNames(p)) {
        if (key.startsWith('_')) continue;
        const desc = Object.getOwnPropertyDescriptor(p, key);
        if (typeof desc?.value === 'function') names.add(key);
        if (desc?.get && depth < 3) {
          const child = (o as Record<string, unknown>)[key];
          if (child && typeof child === 'object') visit(child, depth + 1);
        }
      }
    }
  };
  visit(new WebflowClient({ accessToken: 'x' }), 0);
  return names;
}

function exists(name: string): boolean {
  if (name.startsWith('any ')) return allMethodNames().has(name.slice(4));
  if (name.startsWith('static ')) return typeof (WebflowClient as unknown as Record<string, unknown>)[name.slice(7)] === 'function';
  let at: unknown = new WebflowClient({ accessToken: 'x' });
  for (const part of name.split('.')) {
    if (at === null || (typeof at !== 'object' && typeof at !== 'function')) return false;
    at = (at as Record<string, unknown>)[part];
  }
  return typeof at === 'function';
}

describe('docs name only SDK helpers that exist in webflow-api', () => {
  it('finds every WebflowClient static and client method the docs call on the official SDK', () => {
    const named = docFiles().flatMap(sdkNamesIn);
    expect(named.map((n) => n.name)).toEqual(
      expect.arrayContaining(['static authorizeURL', 'static getAccessToken', 'webhooks.verifySignature', 'sites.list']),
    );
    expect(named.filter((n) => !exists(n.name))).toEqual([]);
  });

  it('would catch a helper the SDK does not have', () => {
    expect(exists('static revokeToken')).toBe(false);
    expect(exists('token.revokeAuthorization')).toBe(false);
    expect(exists('any revokeAuthorization')).toBe(false);
    expect(exists('any getSitePlan')).toBe(true);
  });
});
