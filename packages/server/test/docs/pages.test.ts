import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docHref, renderMarkdown } from '../../src/http/routes/docs/markdown.js';
import { createTestApp } from '../support/runtime.js';

describe('markdown rendering of the guides', () => {
  it('escapes raw HTML instead of passing it through', () => {
    const { html } = renderMarkdown('# T\n\n<script>alert(1)</script>\n\ntext <img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it('rewrites links between doc files to /docs URLs and neutralises script links', () => {
    expect(docHref('oauth.md')).toBe('/docs/oauth');
    expect(docHref('./errors.md#data-api-v2')).toBe('/docs/errors#data-api-v2');
    expect(docHref('index.md')).toBe('/docs');
    expect(docHref('javascript:alert(1)')).toBe('#');
    expect(docHref('https://example.com/x')).toBe('https://example.com/x');
    expect(renderMarkdown('[x](JavaScript:alert(1))').html).not.toMatch(/href="javascript/i);
  });

  it('gives headings ids for anchors and takes the title from the first heading', () => {
    const page = renderMarkdown('# Quick start\n\n## 1. Install & start');
    expect(page.title).toBe('Quick start');
    expect(page.html).toContain('id="1-install-start"');
  });
});

describe('GET /docs and /docs/api', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await createTestApp('sqlite'));
  });
  afterAll(async () => close());

  it('serves the guide index and every guide with the page security headers', async () => {
    for (const url of ['/docs', '/docs/quickstart', '/docs/authentication', '/docs/scopes', '/docs/errors', '/docs/design', '/docs/webflow-wire']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    expect((await app.inject('/docs')).body).toContain('href="/docs/quickstart"');
    for (const page of ['design', 'webflow-wire']) expect((await app.inject('/docs')).body).toContain(`href="/docs/${page}"`);
  });

  it('answers unknown, odd or traversal page names with a 404 page, never a file', async () => {
    for (const url of ['/docs/nope', '/docs/..%2Fpackage.json', '/docs/%00', '/docs/index', `/docs/${'a'.repeat(150)}`, '/docs/QUICKSTART%20']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('Page not found');
    }
  });

  it('serves the reference with its bundled assets and a CSP without inline scripts', async () => {
    const page = await app.inject('/docs/api/');
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.body).not.toMatch(/https?:\/\//);
    const scripts = [...page.body.matchAll(/src="([^"]+)"/g)].map((m) => new URL(m[1]!, 'http://h/docs/api/').pathname);
    expect(scripts).toContain('/docs/api/static/swagger-ui-bundle.js');
    for (const src of scripts) expect((await app.inject(src)).statusCode, src).toBe(200);
    expect((await app.inject('/docs/api/static/oauth2-redirect.html')).statusCode).toBe(200);
  });
});

describe('the guides a running Gatehouse serves', () => {
  it("show that server's PUBLIC_URL wherever the docs name the default local server", async () => {
    const { app, close } = await createTestApp('sqlite', { PUBLIC_URL: 'https://auth.example.test' });
    try {
      for (const url of ['/docs', '/docs/quickstart', '/docs/structure', '/docs/data-api']) {
        // Inline code carries <wbr> break points after punctuation; the text is what counts.
        const body = (await app.inject(url)).body.replaceAll('<wbr>', '');
        expect(body, url).not.toContain('127.0.0.1:8080');
        expect(body, url).toContain('https://auth.example.test');
      }
      expect((await app.inject('/docs/quickstart')).body).toContain('<a href="https://auth.example.test">https://auth.example.test</a>');
    } finally {
      await close();
    }
  });
});
