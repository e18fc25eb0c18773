import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { startSession } from '../../../src/platform/accounts/sessions.js';
import type { User } from '../../../src/platform/accounts/users.js';
import type { App } from '../../../src/platform/apps/apps.js';
import type { Runtime } from '../../../src/runtime.js';

export const REDIRECT = 'https://app.example.com/callback';
export const ISSUER = 'http://127.0.0.1:8080';

/** A movable clock for code expiry and token TTL tests. */
export function testClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export async function sessionCookie(runtime: Runtime, user: User): Promise<string> {
  return `gatehouse_session=${await startSession(runtime.ctx, user.id)}`;
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeQuery(app: App, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ client_id: app.clientId, response_type: 'code', scope: 'sites:read', state: 'xyz', ...extra }).toString();
}

/** Cookies set by a response, as a `cookie` header fragment. */
export function setCookies(res: LightMyRequestResponse): string {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

export const hiddenCsrf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
export const hiddenInteraction = (page: string) => /name="interaction" value="([^"]+)"/.exec(page)?.[1] ?? '';

/** Follows authorize → consent page; answers the page and the cookie header to post the decision with. */
export async function openConsent(app: FastifyInstance, cookie: string, query: string) {
  const start = await app.inject({ url: `/oauth/authorize?${query}`, headers: { cookie } });
  if (start.statusCode !== 303 || !start.headers.location?.toString().startsWith('/oauth/authorize/resume')) {
    throw new Error(`authorize answered ${start.statusCode} ${start.headers.location ?? start.body.slice(0, 200)}`);
  }
  const page = await app.inject({ url: start.headers.location.toString(), headers: { cookie } });
  const withCsrf = [cookie, setCookies(page)].filter(Boolean).join('; ');
  return { page, cookie: withCsrf, csrf: hiddenCsrf(page.body), interaction: hiddenInteraction(page.body) };
}

export async function postDecision(app: FastifyInstance, consent: Awaited<ReturnType<typeof openConsent>>, fields: Record<string, string | string[]>) {
  const form = new URLSearchParams({ _csrf: consent.csrf, interaction: consent.interaction });
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  return app.inject({
    method: 'POST',
    url: '/oauth/authorize/decision',
    headers: { cookie: consent.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
}

/** The whole browser side: authorize, approve, and the code from the redirect. */
export async function obtainCode(
  app: FastifyInstance,
  cookie: string,
  opts: { app: App; workspaceId: string; siteIds?: string[]; query?: Record<string, string> },
) {
  const consent = await openConsent(app, cookie, authorizeQuery(opts.app, opts.query));
  const decision: Record<string, string | string[]> = opts.siteIds
    ? { decision: 'approve', workspace_id: opts.workspaceId, target: 'sites', site_id: opts.siteIds }
    : { decision: 'approve', workspace_id: opts.workspaceId, target: 'workspace' };
  const res = await postDecision(app, consent, decision);
  if (res.statusCode !== 303) throw new Error(`decision answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  const location = new URL(res.headers.location!.toString());
  return { code: location.searchParams.get('code')!, location };
}

export function tokenRequest(
  app: FastifyInstance,
  body: Record<string, unknown>,
  opts: { json?: boolean; headers?: Record<string, string>; url?: string } = {},
) {
  const json = opts.json ?? true;
  return app.inject({
    method: 'POST',
    url: opts.url ?? '/oauth/access_token',
    headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded', ...opts.headers },
    payload: json ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>).toString(),
  });
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
