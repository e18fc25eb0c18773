import type { Catalogue } from './scopes.js';

/**
 * Prose written in the model's words ("workspace", "sites") put in a catalogue's words ("organization",
 * "projects"; docs/own-api.md, "Where the words appear"). Only whole words of running text change: `--site`,
 * `site_id`, `/sites/` and `workspace:read` stay, being names a program reads, and so does anything quoted
 * ("Site Builders", “My site”): quotes hold people's names and input. The preset changes nothing.
 */
const QUOTED = /("[^"]*"|“[^”]*”)/;
// A colon ends a sentence's clause ("a site: success") unless a name follows it at once (`workspace:read`).
const MODEL_WORDS = /(?<![-_/:.\w])(?:(an?) )?(workspaces|workspace|sites|site)(?![-_\w]|:[^\s])/gi;
const capital = (word: string, like: string) => (like[0] === like[0]!.toUpperCase() ? word.charAt(0).toUpperCase() + word.slice(1) : word);

export function inLevelWords(catalogue: Catalogue, text: string): string {
  const { site, workspace } = catalogue.levels;
  if (site.singular === 'site' && site.plural === 'sites' && workspace.singular === 'workspace' && workspace.plural === 'workspaces') return text;
  return text
    .split(QUOTED)
    .map((part, i) => (i % 2 === 1 ? part : reword(part, catalogue)))
    .join('');
}

function reword(text: string, { levels: { site, workspace } }: Catalogue): string {
  return text.replace(MODEL_WORDS, (_match, article: string | undefined, word: string) => {
    const lower = word.toLowerCase();
    const words = lower.startsWith('workspace') ? workspace : site;
    const replacement = capital(lower.endsWith('s') ? words.plural : words.singular, word);
    // "a workspace" becomes "an organization": the article follows the new word's sound, roughly its first letter.
    return article ? `${capital(/^[aeiou]/i.test(replacement) ? 'an' : 'a', article)} ${replacement}` : replacement;
  });
}
