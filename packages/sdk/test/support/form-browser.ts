/** A form field as the page declares it. */
export interface InputTag {
  [attribute: string]: string;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (value: string) => value.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);

/** Every `<input>` of a page with its attributes, and the text after it up to its label's end (a choice's label). */
export function inputsOf(page: string): Array<{ attrs: InputTag; label: string }> {
  return [...page.matchAll(/<input\b([^>]*)>([\s\S]*?)(?=<input\b|<\/label>|$)/g)].map((m) => ({
    attrs: Object.fromEntries([...m[1]!.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!, decode(a[2] ?? '')])),
    label: decode(
      m[2]!
        .replace(/<[^>]*>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  }));
}

/** The value of the hidden input called `name`. */
export function hiddenValue(page: string, name: string): string {
  const input = inputsOf(page).find((i) => i.attrs.type === 'hidden' && i.attrs.name === name);
  if (!input) throw new Error(`no hidden input "${name}" on the page`);
  return input.attrs.value ?? '';
}

/**
 * A cookie-keeping HTTP client that never follows redirects, to walk Gatehouse's HTML forms
 * (login and consent) the way a browser without JavaScript would.
 */
export class FormBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  async request(pathOrUrl: string, form?: Record<string, string | string[]>) {
    const url = new URL(pathOrUrl, this.origin);
    const headers = new Headers();
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    let body: URLSearchParams | undefined;
    if (form) {
      body = new URLSearchParams();
      for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
    }
    const response = await fetch(url, { method: form ? 'POST' : 'GET', headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { status: response.status, location: response.headers.get('location'), text: await response.text() };
  }
}
