import { escapeHtml } from '../../../views/html.js';
import { slug } from './markdown.js';

/** One heading of a guide and the text under it, down to the next heading. */
export interface DocSection {
  guide: string;
  guideTitle: string;
  heading: string;
  anchor: string;
  text: string;
}

export interface SearchHit extends DocSection {
  /** Safe HTML: an escaped excerpt around the first match, the query's words in `<mark>`. */
  excerpt: string;
}

/** Markdown to the words a reader sees: no fences, emphasis, link targets or table rules. */
function plain(markdown: string): string {
  return markdown
    .replace(/^```.*$/gm, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/\*\*?|\||^>|^#+\s*/gm, ' ')
    .replace(/^[\s:-]+$/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits a guide at its headings (levels 1–3); the anchors are the ids the renderer gives them. */
export function sectionsOf(guide: string, guideTitle: string, markdown: string): DocSection[] {
  const sections: DocSection[] = [];
  let current: DocSection = { guide, guideTitle, heading: guideTitle, anchor: '', text: '' };
  let inFence = false;
  const body: string[] = [];
  const flush = () => {
    current.text = plain(body.join('\n'));
    if (current.text || current.anchor) sections.push(current);
    body.length = 0;
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = inFence ? null : /^(#{1,3})\s+(.+)$/.exec(line);
    if (!heading) {
      body.push(line);
      continue;
    }
    flush();
    const text = heading[2]!.trim();
    current = { guide, guideTitle, heading: text.replace(/`/g, ''), anchor: heading[1] === '#' ? '' : slug(text), text: '' };
  }
  flush();
  return sections;
}

const words = (query: string) =>
  query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .slice(0, 8);

function excerpt(text: string, terms: string[]): string {
  const lower = text.toLowerCase();
  const first = Math.min(...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0));
  const start = Number.isFinite(first) ? Math.max(0, first - 60) : 0;
  const slice = text.slice(start, start + 200);
  const pattern = new RegExp(`(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  const marked = slice
    .split(pattern)
    .map((part, i) => (i % 2 === 1 ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)))
    .join('');
  return `${start > 0 ? '…' : ''}${marked}${start + 200 < text.length ? '…' : ''}`;
}

/**
 * Sections holding every word of the query (case-insensitive, anywhere in a word), best first: a
 * word in the heading counts more than one in the text.
 */
export function searchDocs(sections: DocSection[], query: string, limit = 20): SearchHit[] {
  const terms = words(query);
  if (terms.length === 0) return [];
  const scored: Array<{ section: DocSection; score: number }> = [];
  for (const section of sections) {
    const heading = `${section.guideTitle} ${section.heading}`.toLowerCase();
    const text = section.text.toLowerCase();
    if (!terms.every((t) => heading.includes(t) || text.includes(t))) continue;
    const score = terms.reduce((sum, t) => sum + (heading.includes(t) ? 10 : 0) + Math.min(text.split(t).length - 1, 5), 0);
    scored.push({ section, score });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit).map(({ section }) => ({ ...section, excerpt: excerpt(section.text, terms) }));
}
