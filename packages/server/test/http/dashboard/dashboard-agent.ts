import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { PlatformContext } from '../../../src/platform/context.js';
import { startSession } from '../../../src/platform/accounts/sessions.js';

/** A cookie-keeping client for the dashboard over app.inject(), with the CSRF token of the last page it read. */
export class DashboardAgent {
  private cookies = new Map<string, string>();
  csrf = '';

  /** Public so a test can point the same browser at a restarted server; `remoteAddress` is the client's IP. */
  constructor(
    public app: FastifyInstance,
    private readonly remoteAddress = '127.0.0.1',
  ) {}

  /** Signs `userId` in without a password round-trip (scrypt is slow; login itself is tested elsewhere); outside loopback the cookie is `__Host-gatehouse_session`. */
  static async signedIn(app: FastifyInstance, ctx: PlatformContext, userId: string, cookieName = 'gatehouse_session'): Promise<DashboardAgent> {
    const agent = new DashboardAgent(app);
    agent.cookies.set(cookieName, await startSession(ctx, userId));
    await agent.get('/');
    return agent;
  }

  /** The cookies this browser holds, for a hand-made request. */
  cookieJar(): Record<string, string> {
    return Object.fromEntries(this.cookies);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as Array<{ name: string; value: string }>) this.cookies.set(c.name, c.value);
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (match) this.csrf = match[1]!;
    return res;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: { cookie: this.cookieHeader() } }));
  }

  /** POSTs a urlencoded form; `_csrf` is added unless `csrf: false`. Arrays repeat the field. */
  async post(url: string, form: Record<string, string | string[]> = {}, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (options.csrf !== false) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  }

  async raw(options: { method: 'POST'; url: string; payload: string; contentType: string }): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: options.method,
      url: options.url,
      payload: options.payload,
      headers: { cookie: this.cookieHeader(), 'content-type': options.contentType },
    });
  }
}
