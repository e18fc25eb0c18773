import { inLevelWords } from '../oauth/level-words.js';
import type { Catalogue } from '../oauth/scopes.js';

/** The keys whose values are prose a person reads; names, examples and enums are left as they are. */
const PROSE_KEYS = new Set(['summary', 'description', 'title']);
/** Example values show data as a product's API would send it; they are not prose. */
const SKIPPED_KEYS = new Set(['example', 'examples']);
/** Markdown code spans hold names a program reads (`site_id`, `workspace:read`). */
const CODE_SPAN = /(`[^`]*`)/;

/**
 * Where the preset's descriptions name Webflow for what the OAuth endpoints and token expiry share with
 * it, the same said without it: with a catalogue of its own, Webflow is not the product.
 */
const WITHOUT_WEBFLOW: ReadonlyArray<[RegExp, string]> = [
  [/Webflow's rule, /g, ''],
  [/^Webflow's /, 'The '],
];
/** A slash joins two level words here, where elsewhere it starts a path (`/sites/…`) that stays. */
const JOINED_LEVELS = /\bworkspace\/site\b/g;

/**
 * docs/own-api.md, "Where the words appear": the served OpenAPI document's summaries and descriptions in
 * the catalogue's level words. The preset's document is returned as it is, byte for byte.
 */
export function openApiInCatalogueWords<T>(catalogue: Catalogue, document: T): T {
  if (catalogue.webflowDataApi) return document;
  return reword(document, catalogue) as T;
}

function reword(node: unknown, catalogue: Catalogue): unknown {
  if (Array.isArray(node)) return node.map((item) => reword(item, catalogue));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (SKIPPED_KEYS.has(key)) return [key, value];
      if (typeof value === 'string' && PROSE_KEYS.has(key)) return [key, prose(value, catalogue)];
      return [key, reword(value, catalogue)];
    }),
  );
}

function prose(text: string, catalogue: Catalogue): string {
  const plain = WITHOUT_WEBFLOW.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text).replace(JOINED_LEVELS, 'workspace or site');
  return plain
    .split(CODE_SPAN)
    .map((part, i) => (i % 2 === 1 ? part : inLevelWords(catalogue, part)))
    .join('');
}
