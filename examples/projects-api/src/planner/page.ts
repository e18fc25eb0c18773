const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One call Planner made to the projects API, as it shows it. */
export interface ApiCall {
  request: string;
  status: number;
  body: string;
  challenge?: string;
}

export function plannerPage(view: { connected: boolean; scope?: string; calls: ApiCall[] }): string {
  const calls = view.calls
    .map(
      (c) => `<li class="${c.status < 300 ? 'ok' : 'refused'}"><code>${escape(c.request)}</code> → <strong>${c.status}</strong>
      ${c.challenge ? `<br><code>WWW-Authenticate: ${escape(c.challenge)}</code>` : ''}<pre>${escape(c.body)}</pre></li>`,
    )
    .join('\n');
  const actions = view.connected
    ? `<p>Connected with the scopes <code>${escape(view.scope ?? '')}</code>.</p>
  <form method="post" action="/refresh"><button>List my projects</button></form>
  <form method="post" action="/rename"><button>Rename the first project</button></form>
  <form method="post" action="/disconnect"><button>Disconnect</button></form>`
    : `<p><a class="button" href="/connect">Connect Acme Projects</a></p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Planner</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 44rem; padding: 1rem; color: #1d2330; }
  form { display: inline-block; margin: 0 .5rem .5rem 0; }
  button, a.button { display: inline-block; padding: .5rem 1rem; font: inherit; color: #fff; background: #0b6e4f; border: 0; border-radius: 4px; text-decoration: none; }
  li { margin-bottom: 1rem; overflow-wrap: anywhere; }
  li.refused strong { color: #a11; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f5f7; padding: .5rem; margin: .25rem 0; }
</style>
</head>
<body>
<main>
  <h1>Planner</h1>
  <p>A third-party app that reads your Acme projects.</p>
  ${actions}
  ${calls ? `<h2>Calls to the Acme Projects API, newest first</h2><ol>${calls}</ol>` : ''}
</main>
</body>
</html>`;
}
