/* global document */
// Progressive enhancement for the consent screen (docs/dashboard.md, "Consent screen"); the page works without it.
// Ticking a site picks "Only these sites"; choosing another workspace switches at once, so its button is not needed.
document.addEventListener('change', (event) => {
  const input = event.target;
  if (input.matches('input[data-picks-sites]') && input.checked) {
    const sites = document.getElementById('target-sites');
    if (sites) sites.checked = true;
  }
  if (input.matches('select[data-autosubmit]')) input.form.submit();
});
document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('[data-autosubmit-button]')) button.hidden = true;
});
