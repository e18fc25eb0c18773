import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATA_API_ERRORS } from '../../src/http/routes/api/v2/error-catalogue.js';
import * as oauthErrors from '../../src/oauth/errors.js';
import { DOCS_DIR } from './doc-blocks.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
const sourceOutside = (...skip: string[]) =>
  sources(SRC)
    .filter((f) => !skip.some((s) => f.endsWith(s)))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');

const errorsPage = readFileSync(new URL('errors.md', DOCS_DIR), 'utf8');
/** The `| \`code\` | status | meaning |` rows of one `## ` section of docs/errors.md, as "code status". */
function documentedRows(heading: string): string[] {
  const start = errorsPage.indexOf(`\n## ${heading}`);
  expect(start, heading).toBeGreaterThan(-1);
  const end = errorsPage.indexOf('\n## ', start + 1);
  return errorsPage
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .map((l) => /^\| `([a-z_]+)` *\| (\d{3}) *\|/.exec(l))
    .filter((m) => m !== null)
    .map((m) => `${m[1]} ${m[2]}`);
}

/** Every concrete OAuth error class, with the wire code and status it renders. */
const oauthClasses = Object.entries(oauthErrors)
  .filter(([, value]) => typeof value === 'function' && value.prototype instanceof oauthErrors.OAuthError)
  .map(([name, value]) => {
    const instance = new (value as new (description: string) => oauthErrors.OAuthError)('x');
    return { name, code: instance.error, status: instance.status };
  });

describe('the Data API error catalogue and docs/errors.md', () => {
  it('documents exactly the catalogue, code by code and with the same status', () => {
    const catalogue = Object.entries(DATA_API_ERRORS).map(([code, { status }]) => `${code} ${status}`);
    expect(catalogue.length).toBeGreaterThan(10);
    expect(documentedRows('Data API').sort()).toEqual(catalogue.sort());
  });

  it('has no code that no call site uses', () => {
    const used = sourceOutside('error-catalogue.ts');
    for (const code of Object.keys(DATA_API_ERRORS)) expect(used, `${code} is in the catalogue but never built`).toContain(`'${code}'`);
  });

  it('is the only place a Data API status is spelled next to a code', () => {
    expect(sourceOutside('error-catalogue.ts')).not.toMatch(/new ApiError\(\d{3}/);
  });
});

describe('the OAuth error classes and docs/errors.md', () => {
  it('documents every OAuth error class and the JSON server_error', () => {
    expect(oauthClasses.length).toBeGreaterThan(6);
    for (const code of [...oauthClasses.map((c) => c.code), 'server_error']) expect(errorsPage, code).toContain(`\`${code}\``);
  });

  it('gives each code of the OAuth JSON table the status its class renders, and documents no code without a class', () => {
    const rows = documentedRows('OAuth endpoints');
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      const [code] = row.split(' ');
      if (code === 'server_error') continue;
      const cls = oauthClasses.find((c) => c.code === code);
      expect(cls, `${code} is documented but has no error class`).toBeDefined();
      expect(`${code} ${cls!.status}`).toBe(row);
    }
  });

  it('throws or renders every OAuth error class somewhere', () => {
    const used = sourceOutside('oauth/errors.ts');
    for (const { name } of oauthClasses) expect(used, `${name} is never used`).toMatch(new RegExp(`new ${name}\\(`));
  });
});
