/* global document, window */
// Docs pages: a Copy button on every code block. The script adds the buttons, so a page read
// without JavaScript shows none rather than buttons that do nothing.
(function () {
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  document.body.append(status);

  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Plain http beyond loopback has no Clipboard API: copy through a selected, off-screen textarea.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.append(area);
    area.select();
    const done = document.execCommand('copy');
    area.remove();
    if (!done) throw new Error('copy refused');
  }

  document.querySelectorAll('pre.code').forEach(function (pre, index) {
    const code = pre.querySelector('code');
    if (!code) return;
    const block = document.createElement('div');
    block.className = 'code-block';
    pre.replaceWith(block);
    block.append(pre);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-code';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy code block ' + (index + 1));
    button.addEventListener('click', function () {
      copy(code.textContent).then(
        function () {
          button.textContent = 'Copied';
          status.textContent = 'Copied to the clipboard';
        },
        function () {
          button.textContent = 'Select and copy';
          status.textContent = 'Could not copy: select the text and copy it';
        },
      );
      setTimeout(function () {
        button.textContent = 'Copy';
        status.textContent = '';
      }, 2000);
    });
    block.append(button);
  });
})();
