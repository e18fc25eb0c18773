import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADMIN_PROBLEMS } from '../../src/http/routes/admin/problem-catalogue.js';
import { DOCS_DIR } from './doc-blocks.js';

/** The `| \`code\` | status | meaning |` rows of docs/admin-api.md, "Errors". */
function documentedRows(): string[] {
  const page = readFileSync(new URL('admin-api.md', DOCS_DIR), 'utf8');
  const start = page.indexOf('\n## Errors');
  expect(start).toBeGreaterThan(-1);
  const end = page.indexOf('\n## ', start + 1);
  return page
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .map((l) => /^\| `([a-z_]+)` *\| (\d{3}) *\|/.exec(l))
    .filter((m) => m !== null)
    .map((m) => `${m[1]} ${m[2]}`);
}

describe('the admin API problem catalogue and docs/admin-api.md', () => {
  it('documents exactly the catalogue, code by code and with the same status', () => {
    const catalogue = Object.entries(ADMIN_PROBLEMS).map(([code, { status }]) => `${code} ${status}`);
    expect(documentedRows().sort()).toEqual(catalogue.sort());
  });
});
