import { capitalized, type Catalogue } from '../oauth/scopes.js';
import { html, type SafeHtml } from './html.js';

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  /** Product name, logo and level words of this deployment (docs/own-api.md). */
  catalogue: Catalogue;
  /** Signed-in user's email, shown in the header with a sign-out button. */
  userEmail?: string | undefined;
  /** CSRF token for the sign-out form. */
  csrfToken?: string | undefined;
  /** Dashboard pages show links to the workspaces and account pages; the consent screen does not. */
  dashboardNav?: boolean;
  /** Adds the deployment operator's link to the admin API keys. */
  operatorNav?: boolean;
  /** Same-origin scripts that enhance the page; it works without them. */
  scripts?: string[];
}

/** The page shell shared by every HTML page; CSS is served by Gatehouse itself. */
export function layout(options: LayoutOptions): string {
  const account = options.userEmail
    ? html`<nav class="account" aria-label="Account">
        <span class="who">${options.userEmail}</span>
        <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${options.csrfToken ?? ''}"><button type="submit" class="link">Sign out</button></form>
      </nav>`
    : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${options.title} · ${options.catalogue.productName}</title>
<link rel="stylesheet" href="/assets/app.css">
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/">${options.catalogue.logo ? html`<img class="logo" src="/assets/logo" alt=""> ` : ''}${options.catalogue.productName}</a>${options.userEmail && options.dashboardNav ? html`<nav class="main" aria-label="Main"><a href="/">${capitalized(options.catalogue.levels.workspace.plural)}</a>${options.operatorNav ? html`<a href="/admin-keys">Admin API keys</a>` : ''}<a href="/account">Account</a></nav>` : ''}${account}</header>
<main id="main">
${options.body}
</main>
</body>
</html>`.value;
}

/** Every error page offers a way on (docs/dashboard.md, "Error pages"): no page is a dead end. */
export function nextSteps(catalogue: Catalogue): SafeHtml {
  return html`<nav class="next-steps" aria-label="Where next"><a class="button" href="/">Go to your ${catalogue.levels.workspace.plural}</a><a class="button secondary" href="/docs">Read the docs</a></nav>`;
}

/** A full error page for the HTML surfaces; `detail` is extra markup under the message. */
export function errorPage(title: string, message: string, catalogue: Catalogue, detail?: SafeHtml): string {
  return layout({
    title,
    body: html`<section class="card narrow error-page"><h1>${title}</h1><p>${message}</p>${detail ?? ''}${nextSteps(catalogue)}</section>`,
    catalogue,
  });
}
