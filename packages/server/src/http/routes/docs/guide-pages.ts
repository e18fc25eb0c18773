import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { sendPage } from '../../security-headers.js';
import { docsPage, type DocsNavEntry } from './docs-page.js';
import { renderMarkdown } from './markdown.js';
import { searchDocs, sectionsOf, type DocSection } from './search.js';
import { searchResults } from './search-results.js';

// The repository's docs/ folder, resolved from this file so it works from src/ (tests) and dist/ alike.
const DOCS_DIR = new URL('../../../../../../docs/', import.meta.url);
const ASSETS = new URL('../../../../assets/', import.meta.url);

/** Reading order of the guides; files not listed follow alphabetically. */
const ORDER = [
  'index',
  'quickstart',
  'structure',
  'authentication',
  'oauth',
  'scopes',
  'rate-limits',
  'errors',
  'data-api',
  'admin-api',
  'dashboard',
  'cli',
  'configuration',
  'deployment',
  'webflow-stand-in',
  'design',
  'webflow-wire',
];

interface Guide {
  name: string;
  title: string;
  html: string;
  sections: DocSection[];
}

/** The address the docs are written for: the server `npm start` runs with the default settings. */
const DOCS_ORIGIN = 'http://127.0.0.1:8080';

/**
 * Every docs/*.md, rendered once. A running Gatehouse shows its own `publicUrl` wherever
 * the docs name the default server, so the links and commands on its pages reach that server.
 */
export function loadGuides(dir: URL = DOCS_DIR, publicUrl = DOCS_ORIGIN): Map<string, Guide> {
  const guides = new Map<string, Guide>();
  if (!existsSync(dir)) return guides;
  const names = readdirSync(dir)
    .filter((f) => /^[a-z0-9-]+\.md$/.test(f))
    .map((f) => f.slice(0, -3));
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const name of names) {
    const source = readFileSync(new URL(`${name}.md`, dir), 'utf8').replaceAll(DOCS_ORIGIN, publicUrl);
    const page = renderMarkdown(source);
    guides.set(name, { name, ...page, sections: sectionsOf(name, page.title, source) });
  }
  return guides;
}

/**
 * GET /docs and /docs/<page>: the user guides as HTML pages, rendered by `load` at the first request for
 * one, not at start-up: most nodes never serve a guide, and the rendered pages stay resident once made.
 */
export function guidePages(load: () => Map<string, Guide>) {
  let rendered: { guides: Map<string, Guide>; nav: DocsNavEntry[]; sections: DocSection[] } | undefined;
  const site = () => {
    if (!rendered) {
      const guides = load();
      const nav = [...guides.values()].map((g) => ({ href: g.name === 'index' ? '/docs' : `/docs/${g.name}`, title: g.title }));
      rendered = { guides, nav, sections: [...guides.values()].flatMap((g) => g.sections) };
    }
    return rendered;
  };
  const css = readFileSync(new URL('docs.css', ASSETS), 'utf8');
  const script = readFileSync(new URL('docs.js', ASSETS), 'utf8');

  return async (app: FastifyInstance) => {
    const show = (name: string, reply: import('fastify').FastifyReply) => {
      const { guides, nav } = site();
      const guide = guides.get(name);
      if (!guide)
        return sendPage(
          reply,
          docsPage({ title: 'Page not found', nav, current: '', body: '<h1>Page not found</h1><p>There is no such guide. Pick one from the list.</p>' }),
          404,
        );
      return sendPage(reply, docsPage({ title: guide.title, nav, current: name === 'index' ? '/docs' : `/docs/${name}`, body: guide.html }));
    };
    app.get('/docs', async (_req, reply) => show('index', reply));
    // Declared before /docs/:page, which would otherwise take "search" for a guide's name.
    app.get<{ Querystring: { q?: unknown } }>('/docs/search', async (req, reply) => {
      const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
      const { nav, sections } = site();
      const hits = searchDocs(sections, query);
      return sendPage(reply, docsPage({ title: query ? `Search: ${query}` : 'Search', nav, current: '', query, body: searchResults(query, hits) }));
    });
    app.get<{ Params: { page: string } }>('/docs/:page', async (req, reply) => {
      const page = req.params.page.replace(/\.md$/, '');
      return show(/^[a-z0-9-]{1,64}$/.test(page) && page !== 'index' ? page : '', reply);
    });
    app.get('/docs/assets/docs.css', async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300').type('text/css; charset=utf-8');
      return css;
    });
    app.get('/docs/assets/docs.js', async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff').type('text/javascript; charset=utf-8');
      return script;
    });
  };
}
