import { readdirSync, readFileSync } from 'node:fs';

/**
 * The docs' runnable-block convention (documented in docs/index.md, "How these docs stay true"):
 * - a fenced block whose info string is `sh` is executed by test/docs/commands.test.ts, all of a page's
 *   blocks in order in one bash session (`set -euo pipefail`), so variables a block exports carry on;
 * - `sh no-run <reason>` marks a block that cannot run in a test (it installs, or runs a server in the
 *   foreground, or needs a person at a browser); the reason is required;
 * - every other block is output or a file, never a command.
 */
export const REPO_DIR = new URL('../../../../', import.meta.url);
export const DOCS_DIR = new URL('docs/', REPO_DIR);

export interface DocBlock {
  file: string;
  line: number;
  info: string;
  code: string;
  run: boolean;
  reason?: string;
}

/** The README and every docs/*.md, as paths from the repository root. */
export function docFiles(): string[] {
  return [
    'README.md',
    ...readdirSync(DOCS_DIR)
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `docs/${f}`),
  ];
}

export function blocksOf(file: string): DocBlock[] {
  const text = readFileSync(new URL(file, REPO_DIR), 'utf8');
  const blocks: DocBlock[] = [];
  const fence = /^```([^\n`]*)\n([\s\S]*?)^```\s*$/gm;
  for (const m of text.matchAll(fence)) {
    const info = m[1]!.trim();
    const [lang, flag, ...reason] = info.split(/\s+/);
    const line = text.slice(0, m.index).split('\n').length;
    const isShell = lang === 'sh' || lang === 'bash' || lang === 'shell';
    blocks.push({ file, line, info, code: m[2]!, run: isShell && flag !== 'no-run', ...(flag === 'no-run' ? { reason: reason.join(' ') } : {}) });
  }
  return blocks;
}

/** Lines that look like commands: a shell block hiding under another language would escape the test. */
export const COMMAND_LINE = /^\s*(\$ )?(curl|npx|npm|node|gatehouse|docker|export)\s/m;
