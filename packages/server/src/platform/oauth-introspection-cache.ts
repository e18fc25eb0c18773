import { digest } from '../crypto/tokens.js';
import type { PlatformContext } from './context.js';
import type { RevokedNotice } from './events.js';
import { loadIntrospection, type ActiveIntrospection, type IntrospectionRecord } from './oauth-introspection.js';

interface Entry {
  record: IntrospectionRecord;
  storedAt: number;
}

/**
 * Active introspection answers by token digest, so resource servers asking again and again about the same
 * token cost no database round trip. docs/design.md, "Grants, tokens and revocation": every `revoked` notice drops the entries it names at once;
 * the TTL bounds how stale anything else (a workspace's list of sites) can be. Inactive answers are
 * never cached.
 */
export class IntrospectionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly onRevoked = (notice: RevokedNotice) => this.drop(notice);
  /** Bumped by every revocation notice: a read that began before one is answered but not remembered. */
  generation = 0;

  constructor(private readonly ctx: PlatformContext, private readonly ttlMs = 10_000, private readonly maxEntries = 10_000) {
    ctx.events.on('revoked', this.onRevoked);
  }

  async introspect(token: string): Promise<ActiveIntrospection | undefined> {
    if (token.length > 200) return undefined;
    const key = digest(token);
    const now = this.ctx.now().getTime();
    const hit = this.entries.get(key);
    if (hit && now - hit.storedAt <= this.ttlMs) {
      const exp = hit.record.answer.exp;
      if (exp === undefined || exp * 1000 > now) return hit.record.answer;
    }
    if (hit) this.entries.delete(key);
    const generation = this.generation;
    const record = await loadIntrospection(this.ctx, token);
    if (!record) return undefined;
    if (generation !== this.generation) return record.answer;
    this.entries.set(key, { record, storedAt: now });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return record.answer;
  }

  drop(notice: RevokedNotice): void {
    this.generation++;
    const tokens = new Set(notice.tokenIds ?? []);
    const authorizations = new Set(notice.authorizationIds ?? []);
    const apps = new Set(notice.appIds ?? []);
    for (const [key, { record: r }] of this.entries) {
      if (tokens.has(r.tokenId) || (r.authorizationId && authorizations.has(r.authorizationId)) || (r.appId && apps.has(r.appId))) this.entries.delete(key);
    }
  }

  close(): void {
    this.ctx.events.off('revoked', this.onRevoked);
    this.entries.clear();
  }
}
