/**
 * The only script in the dashboard: turns `<button data-copy="id">` into a copy-to-clipboard button.
 * Served from /assets/copy-button.js (CSP `script-src 'self'`); without it the value stays selectable.
 */
export const COPY_BUTTON_SCRIPT = `document.querySelectorAll('button[data-copy]').forEach(function (button) {
  button.hidden = false;
  button.addEventListener('click', function () {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    var text = source.value || source.textContent;
    var done = function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 2000); };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () { source.select && source.select(); });
    else if (source.select) { source.select(); document.execCommand('copy'); done(); }
  });
});
`;
