import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

/** What the example remembers about one browser. It never reaches the browser itself. */
export interface Session {
  /** Guards the disconnect form against cross-site posts. */
  csrfToken: string;
  /** The login in flight: the `state` and PKCE verifier sent with `/auth`. */
  pendingAuth?: { state: string; codeVerifier: string };
  /** The access token and the scopes granted, once connected. */
  accessToken?: string;
  scope?: string;
  /** A one-time message for the next page. */
  flash?: string;
}

const COOKIE = 'example_sid';
const MAX_SESSIONS = 10_000;

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * In-memory sessions keyed by a random cookie: enough for an example, and it keeps the access token
 * on the server. A real app would use a shared store. The cookie is `SameSite=Lax` so that it comes
 * back on the top-level redirect from Gatehouse to `/callback`.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly secureCookies: boolean) {}

  /** The browser's session, created (and its cookie set) on first use. */
  of(req: Request, res: Response): Session {
    const id = cookieValue(req, COOKIE);
    const existing = id === undefined ? undefined : this.sessions.get(id);
    if (existing) return existing;
    const newId = randomBytes(32).toString('base64url');
    const session: Session = { csrfToken: randomBytes(32).toString('base64url') };
    this.sessions.set(newId, session);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    res.append('set-cookie', `${COOKIE}=${newId}; Path=/; HttpOnly; SameSite=Lax${this.secureCookies ? '; Secure' : ''}`);
    return session;
  }
}
