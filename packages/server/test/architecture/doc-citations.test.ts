import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

function codeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : codeFiles(full);
    return /\.(ts|mjs|js)$/.test(e.name) && full !== SELF ? [full] : [];
  });
}

const files = ['packages/server', 'packages/sdk', 'examples', 'bench'].flatMap((d) => codeFiles(path.join(ROOT, d)));
const lines = files.flatMap((file) => readFileSync(file, 'utf8').split('\n').map((text, i) => ({ where: `${path.relative(ROOT, file)}:${i + 1}`, text })));

/** The headings of a docs page, as written after `#`s, lower-cased. */
const headingsOf = (page: string) => readFileSync(path.join(ROOT, page), 'utf8').split('\n').filter((l) => /^#{1,4} /.test(l)).map((l) => l.replace(/^#+ /, '').trim().toLowerCase());
/** A section is cited by its heading, or by the heading's first words (`"Data API"` for "Data API (`/v2`)"). */
const hasSection = (page: string, cited: string) => headingsOf(page).some((h) => h.startsWith(cited.toLowerCase()));

/** Pages whose cited sections are checked; the other guides are still gaining the sections code cites. */
const SECTIONS_CHECKED = new Set(['docs/design.md', 'docs/webflow-wire.md', 'docs/errors.md']);

describe('comments cite documents in the repository', () => {
  it('cite no document outside it (a specification, a reference, conventions) and no issue number', () => {
    const outside = new RegExp(['SPEC' + ' §', '[Rr]eference' + ' §', '\\b[Ii]ssue' + ' \\d', 'CONVENTIONS'].join('|'));
    expect(lines.filter((l) => outside.test(l.text)).map((l) => `${l.where}: ${l.text.trim()}`)).toEqual([]);
  });

  it('name docs pages that exist, and sections that the design and wire pages have', () => {
    const broken: string[] = [];
    for (const { where, text } of lines) {
      for (const m of text.matchAll(/\b(docs\/[a-z0-9/-]+\.md)(?:, "([^"]+)")?/g)) {
        const page = m[1]!;
        if (!existsSync(path.join(ROOT, page))) broken.push(`${where}: ${page} does not exist`);
        else if (m[2] && SECTIONS_CHECKED.has(page) && !hasSection(page, m[2])) broken.push(`${where}: ${page} has no section "${m[2]}"`);
      }
    }
    expect(broken).toEqual([]);
  });
});
