import { html, raw } from '../../../views/html.js';
import type { SearchHit } from './search.js';

/** The body of /docs/search: the hits as links to their sections, or what to try instead. */
export function searchResults(query: string, hits: SearchHit[]): string {
  if (!query.trim())
    return html`<h1>Search the docs</h1>
      <p>Type a few words in the search box: a command, a scope, an error code.</p>`.value;
  const items = hits.map(
    (hit) =>
      html`<li>
        <a href="${hit.guide === 'index' ? '/docs' : `/docs/${hit.guide}`}${hit.anchor ? `#${hit.anchor}` : ''}"
          >${hit.guideTitle}${hit.heading === hit.guideTitle ? '' : ` › ${hit.heading}`}</a
        >
        <p>${raw(hit.excerpt)}</p>
      </li>`,
  );
  return html`<h1>Search results</h1>
    <p class="muted">
      ${hits.length === 0 ? 'Nothing in the docs matches' : `${hits.length === 20 ? 'The first 20 sections' : `${hits.length} section${hits.length === 1 ? '' : 's'}`} matching`}
      “${query}”.
    </p>
    ${
      hits.length
        ? html`<ol class="search-hits">
            ${items}
          </ol>`
        : html`<p>Try fewer or shorter words, or browse the guides.</p>`
    }`.value;
}
