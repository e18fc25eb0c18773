/* global document, SimpleWebAuthnBrowser, window */
// Passkeys (docs/dashboard.md, "Two-factor sign-in"): a form marked data-passkey asks the server for WebAuthn options,
// hands them to the browser through SimpleWebAuthn (served from /assets/simplewebauthn-browser.js), puts the answer in
// the form's hidden "response" field and sends the form as usual. Without JavaScript these forms stay hidden.
document.addEventListener('DOMContentLoaded', () => {
  const supported = window.PublicKeyCredential && typeof SimpleWebAuthnBrowser !== 'undefined';
  for (const form of document.querySelectorAll('form[data-passkey]')) {
    if (!supported) continue;
    form.hidden = false;
    form.addEventListener('submit', async (event) => {
      if (form.dataset.passkeyReady === 'yes') return;
      event.preventDefault();
      const status = form.querySelector('[data-passkey-status]');
      const say = (text) => {
        if (status) status.textContent = text;
      };
      say('');
      try {
        const csrf = form.querySelector('input[name="_csrf"]').value;
        const answer = await fetch(form.dataset.options, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrf }),
          credentials: 'same-origin',
        });
        if (!answer.ok) throw new Error('The server did not hand out a passkey request. Reload the page and try again.');
        const optionsJSON = await answer.json();
        const response =
          form.dataset.passkey === 'register'
            ? await SimpleWebAuthnBrowser.startRegistration({ optionsJSON })
            : await SimpleWebAuthnBrowser.startAuthentication({ optionsJSON });
        form.querySelector('input[name="response"]').value = JSON.stringify(response);
        form.dataset.passkeyReady = 'yes';
        form.submit();
      } catch (err) {
        say(err && err.name === 'NotAllowedError' ? 'The passkey request was cancelled or timed out.' : String((err && err.message) || err));
      }
    });
  }
});
