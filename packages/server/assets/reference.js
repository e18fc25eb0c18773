/* global document, window, location, MutationObserver, requestAnimationFrame, SwaggerUIBundle */
// The API reference page (/docs/api): starts Swagger UI on this server's /openapi.json with
// Gatehouse's own header instead of Swagger's top bar, and gives Swagger UI's controls the names
// and structure assistive technology needs. `window.GATEHOUSE_REFERENCE` (prepended by the server)
// holds the Swagger UI and OAuth settings.
(function () {
  const settings = window.GATEHOUSE_REFERENCE;

  // Swagger UI's page has no viewport or colour-scheme hint; phones and dark system settings need both.
  function meta(name, content) {
    const tag = document.createElement('meta');
    tag.name = name;
    tag.content = content;
    document.head.appendChild(tag);
  }

  function header() {
    meta('viewport', 'width=device-width, initial-scale=1');
    meta('color-scheme', 'light dark');
    const top = document.createElement('header');
    top.className = 'gh-top';
    top.innerHTML =
      '<a class="gh-brand" href="/docs">Gatehouse <span>API reference</span></a>' +
      '<nav aria-label="Main"><a href="/docs">Guides</a><a href="/openapi.json">OpenAPI JSON</a><a href="/">Dashboard</a></nav>';
    const main = document.getElementById('swagger-ui');
    main.setAttribute('role', 'main');
    document.body.insertBefore(top, main);
  }

  // Swagger UI renders these without a name, or with a name that hides the visible text.
  function label(root) {
    root.querySelectorAll('select#servers:not([aria-label])').forEach((s) => s.setAttribute('aria-label', 'Server'));
    root.querySelectorAll('button.close-modal:not([aria-label])').forEach((b) => b.setAttribute('aria-label', 'Close'));
    root.querySelectorAll('button.authorize[aria-label], button.btn-done[aria-label], button.auth.logout[aria-label]').forEach((b) => {
      if (!b.getAttribute('aria-label').includes(b.textContent.trim())) b.removeAttribute('aria-label');
    });
    root.querySelectorAll('select:not([aria-label]):not([id])').forEach((s) => {
      const title = s.closest('label, .parameters-col_description, .response-control-media-type, .body-param-content-type');
      s.setAttribute('aria-label', title && title.querySelector('.response-control-media-type__title') ? 'Media type' : 'Content type');
    });
    root.querySelectorAll('textarea.body-param__text:not([aria-label])').forEach((t) => t.setAttribute('aria-label', 'Request body'));
    // Code samples scroll sideways: keyboard users must be able to reach them to scroll.
    root.querySelectorAll('.highlight-code pre:not([tabindex])').forEach((pre) => pre.setAttribute('tabindex', '0'));
    // With deep linking, the path inside an operation's summary button is a link: a control inside a
    // control. Without its href the link is plain text; the button still expands the operation.
    root.querySelectorAll('.opblock-summary-control a[href]').forEach((a) => a.removeAttribute('href'));
  }

  window.onload = function () {
    header();
    const ui = SwaggerUIBundle(
      Object.assign({}, settings.ui, {
        url: '/openapi.json',
        dom_id: '#swagger-ui',
        layout: 'BaseLayout',
        presets: [SwaggerUIBundle.presets.apis],
        oauth2RedirectUrl: new URL('/docs/api/static/oauth2-redirect.html', location.href).href,
      }),
    );
    ui.initOAuth(settings.oauth);
    let queued = false;
    new MutationObserver(function () {
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () {
        queued = false;
        label(document);
      });
    }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['href', 'aria-label', 'tabindex'] });
  };
})();
