import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCS_DIR } from './doc-blocks.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
const allSource = sources(SRC).map((f) => readFileSync(f, 'utf8')).join('\n');

/** `| \`code\` | status | meaning |` rows of docs/errors.md. */
const documented = readFileSync(new URL('errors.md', DOCS_DIR), 'utf8').split('\n')
  .map((l) => /^\| `([a-z_]+)` \| (\d{3}) \|/.exec(l)).filter((m) => m !== null).map((m) => `${m[1]} ${m[2]}`);

describe('docs/errors.md', () => {
  it('documents every Data API error code the server emits, with its status', () => {
    const emitted = [...new Set([...allSource.matchAll(/new ApiError\((\d{3}), '([a-z_]+)'/g)].map((m) => `${m[2]} ${m[1]}`))];
    expect(emitted.length).toBeGreaterThan(10);
    for (const e of emitted) expect(documented, `${e} is emitted but not documented`).toContain(e);
  });

  it('documents every OAuth error class and the JSON server_error', () => {
    const errors = readFileSync(path.join(SRC, 'oauth/errors.ts'), 'utf8');
    const codes = [...errors.matchAll(/readonly error = '([a-z_]+)'/g)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(6);
    const text = readFileSync(new URL('errors.md', DOCS_DIR), 'utf8');
    for (const code of [...codes, 'server_error']) expect(text, code).toContain(`\`${code}\``);
  });

  it('documents no Data API code the server never emits', () => {
    const emittedCodes = new Set([...allSource.matchAll(/ApiError\(\d{3}, '([a-z_]+)'/g)].map((m) => m[1]));
    const oauthCodes = new Set([...allSource.matchAll(/error = '([a-z_]+)'|error: '([a-z_]+)'/g)].map((m) => m[1] ?? m[2]));
    for (const row of documented) {
      const code = row.split(' ')[0]!;
      expect(emittedCodes.has(code) || oauthCodes.has(code), `${code} is documented but never emitted`).toBe(true);
    }
  });
});
