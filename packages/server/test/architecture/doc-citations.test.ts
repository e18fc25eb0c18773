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
const lines = files.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .map((text, i) => ({ where: `${path.relative(ROOT, file)}:${i + 1}`, text })),
);

/**
 * The sections of a docs page, lower-cased: its headings (after `#`s) and its bold lead-ins, the `**Name.**` that opens a
 * paragraph or a list item and names what it describes.
 */
const headingsOf = (page: string) =>
  readFileSync(path.join(ROOT, page), 'utf8')
    .split('\n')
    .flatMap((l) => {
      if (/^#{1,4} /.test(l)) return [l.replace(/^#+ /, '').trim()];
      const bold = /^(?:\s*[-*] |\d+\. )?\*\*([^*]+)\*\*/.exec(l);
      return bold ? [bold[1]!.replace(/[.:]$/, '').trim()] : [];
    })
    .map((h) => h.toLowerCase());
/** A section is cited by its heading, or by the heading's first words (`"Data API"` for "Data API (`/v2`)"). */
const hasSection = (page: string, cited: string) => headingsOf(page).some((h) => h.startsWith(cited.toLowerCase()));

describe('comments cite documents in the repository', () => {
  it('cite no document outside it (a specification, a reference, conventions) and no issue number', () => {
    const outside = new RegExp(['SPEC' + ' §', '[Rr]eference' + ' §', '\\b[Ii]ssue' + ' \\d', 'CONVENTIONS'].join('|'));
    expect(lines.filter((l) => outside.test(l.text)).map((l) => `${l.where}: ${l.text.trim()}`)).toEqual([]);
  });

  it('name docs pages that exist, and sections those pages have', () => {
    const broken: string[] = [];
    for (const { where, text } of lines) {
      for (const m of text.matchAll(/\b(docs\/[a-z0-9/-]+\.md)(?:, "([^"]+)")?/g)) {
        const page = m[1]!;
        if (!existsSync(path.join(ROOT, page))) broken.push(`${where}: ${page} does not exist`);
        else if (m[2] && !hasSection(page, m[2])) broken.push(`${where}: ${page} has no section "${m[2]}"`);
      }
    }
    expect(broken).toEqual([]);
  });
});
