import { Marked, type Tokens } from 'marked';
import { escapeHtml } from '../../../views/html.js';

/**
 * Markdown → HTML for the docs pages. The docs are ours, but the renderer still escapes any raw HTML
 * in them (there is no sanitizer to trust, so no HTML passes at all), refuses link schemes other than
 * http(s), mailto and relative ones, and rewrites links between doc files (`oauth.md#x`) to their
 * /docs URLs so the same files read correctly on GitHub and in Gatehouse.
 */
const SAFE_HREF = /^(https?:|mailto:|#|\/|\.{0,2}[A-Za-z0-9_-])/i;

export function docHref(href: string): string {
  const match = /^(?:\.\/)?([a-z0-9-]+)\.md(#[A-Za-z0-9_-]*)?$/i.exec(href);
  if (match) return `${match[1] === 'index' ? '/docs' : `/docs/${match[1]!.toLowerCase()}`}${match[2] ?? ''}`;
  return SAFE_HREF.test(href) && !/^\s*(javascript|data|vbscript):/i.test(href) ? href : '#';
}

/**
 * Inline code may wrap only after punctuation (`/`, `.`, `_`, `-`, `=`, `&`, `?`, `:`, `,`), never
 * inside a word: the CSS keeps words whole and each `<wbr>` marks where a long path or name may break.
 */
export function breakableCode(text: string): string {
  return text
    .split(/(?<=[/._=&?:,-])(?=[^\s/._=&?:,-])/)
    .map(escapeHtml)
    .join('<wbr>');
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    heading({ tokens, depth, text }: Tokens.Heading) {
      return `<h${depth} id="${escapeHtml(slug(text))}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
    codespan({ text }: Tokens.Codespan) {
      return `<code>${breakableCode(text)}</code>`;
    },
    code({ text, lang }: Tokens.Code) {
      // The info string's later words (`sh no-run <reason>`) are for the docs test, not for readers.
      const language = (lang ?? '').trim().split(/\s+/)[0] ?? '';
      // Focusable, so a block wider than the page can be scrolled from the keyboard.
      return `<pre class="code" tabindex="0"><code class="language-${escapeHtml(language)}">${escapeHtml(text)}</code></pre>\n`;
    },
  },
  // Tables scroll sideways on narrow screens: focusable, so the keyboard can scroll them too.
  hooks: { postprocess: (out: string) => out.replaceAll('<table>', '<table tabindex="0">') },
  walkTokens(token) {
    if (token.type === 'link' || token.type === 'image') token.href = docHref(token.href);
  },
});

/** Renders one docs file; the first `# heading` becomes the page title. */
export function renderMarkdown(source: string): { title: string; html: string } {
  const title = /^#\s+(.+)$/m.exec(source)?.[1]?.replace(/`/g, '').trim() ?? 'Docs';
  return { title, html: marked.parse(source, { async: false }) };
}
