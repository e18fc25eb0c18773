import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { isLocalhostName, isPublicAddress, literalAddress } from './address-policy.js';
import { systemResolver, type ResolvedAddress, type Resolver } from './resolver.js';

/** A target this server will not send to; `message` is safe to show to whoever chose the target. */
export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

export interface OutboundGuardOptions {
  /** Loopback, private and link-local targets, and plain http to them, are allowed (development, or OUTBOUND_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  resolve?: Resolver;
  /** One more certificate authority trusted over https, besides Node's own (tests serve documents with a CA they make). */
  extraCa?: string | Buffer | undefined;
}

export interface OutboundGet {
  headers: Record<string, string>;
  timeoutMs: number;
  /** A longer body is refused (OutboundRefused) without being read further. */
  maxBytes: number;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface OutboundPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Ends the request early (the name lookup too), e.g. when the grant behind a webhook ends. */
  signal?: AbortSignal;
}

/**
 * Every request Gatehouse makes to a URL someone else chose goes through here (docs/data-api.md,
 * "Webhook targets"). `checkTarget` judges a URL when it is saved; `post` judges it again when it
 * is used, resolving the name once and connecting to the very address it checked (with the name as
 * Host and TLS server name), so a name that re-resolves to an internal address between the check and
 * the connection cannot get through. Redirects are never followed.
 */
export class OutboundGuard {
  private readonly resolve: Resolver;

  constructor(private readonly options: OutboundGuardOptions) {
    this.resolve = options.resolve ?? systemResolver;
  }

  get allowsPrivateTargets(): boolean {
    return this.options.allowPrivate;
  }

  /**
   * Parses and judges a target when it is saved. A name that does not resolve now is accepted over
   * https (DNS may not be set up yet); the check at send time covers it.
   */
  async checkTarget(raw: string): Promise<URL> {
    const url = parseTarget(raw);
    const resolved = await this.addressesOf(url, { tolerateUnresolved: true, signal: AbortSignal.timeout(CHECK_RESOLVE_TIMEOUT_MS) });
    if (url.protocol === 'http:' && !(this.options.allowPrivate && resolved.length > 0 && resolved.every((a) => !isPublicAddress(a.address)))) {
      throw new OutboundRefused(this.options.allowPrivate ? 'http is allowed only to loopback and private addresses; use https' : 'url must use https');
    }
    return url;
  }

  /** POSTs `body` to the target after judging it again; answers the response status. */
  async post(target: string, post: OutboundPost): Promise<number> {
    const timeout = AbortSignal.timeout(post.timeoutMs);
    const signal = post.signal ? AbortSignal.any([post.signal, timeout]) : timeout;
    const headers = { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) };
    return this.send(target, 'POST', headers, signal, post.body, (res, resolve) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
  }

  /** GETs the target after judging it, reading at most `maxBytes` of the body within `timeoutMs` (docs/oauth.md, "Client ID Metadata Documents"). */
  async get(target: string, get: OutboundGet): Promise<OutboundResponse> {
    const signal = AbortSignal.timeout(get.timeoutMs);
    return this.send<OutboundResponse>(target, 'GET', get.headers, signal, undefined, (res, resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > get.maxBytes) return void res.destroy(new OutboundRefused(`the response is larger than ${get.maxBytes} bytes`));
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
  }

  /** One request to the very address just judged, with the name as Host and TLS server name. */
  private async send<T>(
    target: string,
    method: string,
    headers: Record<string, string>,
    signal: AbortSignal,
    body: string | undefined,
    onResponse: (res: IncomingMessage, resolve: (value: T) => void, reject: (err: unknown) => void) => void,
  ): Promise<T> {
    const url = parseTarget(target);
    const [first] = await this.addressesOf(url, { tolerateUnresolved: false, signal });
    const literal = literalAddress(url.hostname) !== undefined;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<T>((resolve, reject) => {
      const req = send(
        {
          host: first!.address,
          family: first!.family,
          port: url.port || (url.protocol === 'https:' ? 443 : 80),
          path: `${url.pathname}${url.search}`,
          method,
          headers: { ...headers, host: url.host },
          ...(literal ? {} : { servername: url.hostname.replace(/\.$/, '') }),
          ...(this.options.extraCa ? { ca: [...rootCertificates, this.options.extraCa] } : {}),
          agent: false,
          signal,
        },
        (res: IncomingMessage) => onResponse(res, resolve, reject),
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Every address the target's host stands for, each judged; throws OutboundRefused on the first that may not be reached. */
  private async addressesOf(url: URL, { tolerateUnresolved, signal }: { tolerateUnresolved: boolean; signal: AbortSignal }): Promise<ResolvedAddress[]> {
    const literal = literalAddress(url.hostname);
    let addresses: ResolvedAddress[];
    if (literal) addresses = [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
    else if (isLocalhostName(url.hostname)) addresses = [{ address: '127.0.0.1', family: 4 }];
    else {
      try {
        addresses = await withSignal(this.resolve(url.hostname), signal);
      } catch (err) {
        if (tolerateUnresolved) return [];
        if (signal.aborted) throw err;
        throw new OutboundRefused(`${url.hostname} does not resolve (${(err as { code?: string }).code ?? 'lookup failed'})`);
      }
      if (addresses.length === 0 && !tolerateUnresolved) throw new OutboundRefused(`${url.hostname} does not resolve`);
    }
    if (!this.options.allowPrivate) {
      const blocked = addresses.find((a) => !isPublicAddress(a.address));
      if (blocked) {
        throw new OutboundRefused(
          literal ? 'url must not point at a loopback, private, link-local or other non-public address' : `${url.hostname} resolves to a non-public address`,
        );
      }
    }
    return addresses;
  }
}

/** A save waits this long for DNS at most; a name that has not answered by then counts as not resolving yet. */
const CHECK_RESOLVE_TIMEOUT_MS = 3_000;

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused('url must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundRefused('url must use https');
  if (url.username || url.password) throw new OutboundRefused('url must not carry credentials');
  return url;
}

function withSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
