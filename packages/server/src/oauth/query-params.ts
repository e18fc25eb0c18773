/**
 * A raw `application/x-www-form-urlencoded` query string read without losing anything: repeated names
 * are kept (fastify's parser folds them into arrays or drops them) and each value is kept as the exact
 * bytes the client sent, so `state` can be echoed byte for byte (RFC 6749 §4.1.2).
 */
export class QueryParams {
  private readonly values = new Map<string, Buffer[]>();

  constructor(rawQuery: string) {
    for (const part of rawQuery.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const name = decodeBytes(eq < 0 ? part : part.slice(0, eq)).toString('utf8');
      const value = decodeBytes(eq < 0 ? '' : part.slice(eq + 1));
      const list = this.values.get(name) ?? [];
      list.push(value);
      this.values.set(name, list);
    }
  }

  /** Names that appear more than once. */
  repeated(): string[] {
    return [...this.values].filter(([, list]) => list.length > 1).map(([name]) => name);
  }

  count(name: string): number {
    return this.values.get(name)?.length ?? 0;
  }

  /** The length in bytes of the longest value sent under `name` (0 when absent). */
  longest(name: string): number {
    return Math.max(0, ...(this.values.get(name) ?? []).map((value) => value.length));
  }

  /** The first value as text, or undefined when absent. */
  get(name: string): string | undefined {
    return this.values.get(name)?.[0]?.toString('utf8');
  }

  /** The first value re-encoded for a URL; the same bytes as sent, whatever they were. */
  encoded(name: string): string | undefined {
    const bytes = this.values.get(name)?.[0];
    return bytes === undefined ? undefined : encodeBytes(bytes);
  }
}

function decodeBytes(component: string): Buffer {
  const out: number[] = [];
  const text = Buffer.from(component.replace(/\+/g, ' '), 'utf8');
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === 0x25 && i + 2 < text.length && isHex(text[i + 1]!) && isHex(text[i + 2]!)) {
      out.push(parseInt(String.fromCharCode(text[i + 1]!, text[i + 2]!), 16));
      i += 2;
    } else {
      out.push(c);
    }
  }
  return Buffer.from(out);
}

const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** Percent-encodes every byte outside RFC 3986 unreserved characters. */
export function encodeBytes(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
