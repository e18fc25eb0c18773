import { html, raw } from '../../../views/html.js';

export interface DocsNavEntry {
  href: string;
  title: string;
}

/** The docs shell: guide list on the side, the rendered guide (already safe HTML) in the middle. */
export function docsPage(options: { title: string; nav: DocsNavEntry[]; current: string; body: string; query?: string }): string {
  const links = options.nav.map((e) => html`<li><a href="${e.href}"${e.href === options.current ? raw(' aria-current="page"') : ''}>${e.title}</a></li>`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${options.title} · Gatehouse docs</title>
<link rel="stylesheet" href="/assets/app.css">
<link rel="stylesheet" href="/docs/assets/docs.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/docs">Gatehouse docs</a>
<form class="docs-search" role="search" action="/docs/search" method="get"><label for="docs-q" class="visually-hidden">Search the docs</label><input id="docs-q" type="search" name="q" value="${options.query ?? ''}" placeholder="Search the docs" maxlength="200"><button type="submit">Search</button></form>
<nav class="main" aria-label="Main"><a href="/docs/api">API reference</a><a href="/">Dashboard</a></nav></header>
<div class="docs">
<nav class="guides" aria-label="Guides"><ul>${links}</ul></nav>
<main id="main" class="guide">
${raw(options.body)}
</main>
</div>
<script src="/docs/assets/docs.js" defer></script>
</body>
</html>`.value;
}
