const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** HTML that is already safe: what `html` returns, and what it embeds without escaping. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** A template tag that escapes every interpolated value except `SafeHtml` (and arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  const render = (value: unknown): string => (value instanceof SafeHtml ? value.value : Array.isArray(value) ? value.map(render).join('') : escapeHtml(value));
  return new SafeHtml(strings.reduce((out, part, i) => out + part + (i < values.length ? render(values[i]) : ''), ''));
}

/** The page around every view. */
export function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Gatehouse example</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #1d2330; }
  a.button, button { display: inline-block; padding: .6rem 1rem; border-radius: .4rem; border: 0; background: #2f5bea;
    color: #fff; font: inherit; text-decoration: none; cursor: pointer; }
  button.danger { background: #c62f3b; }
  .note { padding: .75rem 1rem; border-radius: .4rem; background: #eef2ff; }
  .error { background: #fdecee; }
  li { margin: .5rem 0; } code { font-size: .9em; }
</style>
</head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>`.value;
}
