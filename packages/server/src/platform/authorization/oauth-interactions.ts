import { TOKEN_PREFIX, digest, newSecret } from '../../crypto/tokens.js';
import type { AuthorizeRequest } from '../../oauth/authorize-request.js';
import type { PlatformContext } from '../context.js';

/** How long a validated authorize request waits for login and consent. */
export const INTERACTION_TTL_MS = 30 * 60 * 1000;

/**
 * Keeps a validated authorize request server-side across login and consent (RFC 9700 §4.4: nothing the
 * browser carries can alter it). The browser holds only a random handle; the table holds its digest.
 */
export async function createInteraction(ctx: PlatformContext, request: AuthorizeRequest): Promise<string> {
  const handle = newSecret(TOKEN_PREFIX.interaction);
  const now = ctx.now();
  await ctx.db
    .insertInto('oauth_interactions')
    .values({
      digest: digest(handle),
      request: JSON.stringify(request),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + INTERACTION_TTL_MS).toISOString(),
    })
    .execute();
  return handle;
}

export async function loadInteraction(ctx: PlatformContext, handle: unknown): Promise<AuthorizeRequest | undefined> {
  if (typeof handle !== 'string' || handle.length > 100) return undefined;
  const row = await ctx.db.selectFrom('oauth_interactions').select(['request', 'expires_at']).where('digest', '=', digest(handle)).executeTakeFirst();
  if (!row || Date.parse(row.expires_at) <= ctx.now().getTime()) return undefined;
  return JSON.parse(row.request) as AuthorizeRequest;
}

/** Ends the interaction; true for exactly one caller, so one consent yields at most one code. */
export async function consumeInteraction(ctx: PlatformContext, handle: string): Promise<boolean> {
  const result = await ctx.db.deleteFrom('oauth_interactions').where('digest', '=', digest(handle)).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Removes parked requests that have expired (one of the jobs of platform/expiry-sweeper.ts); answers how many. */
export async function sweepExpiredInteractions(ctx: PlatformContext): Promise<number> {
  const result = await ctx.db.deleteFrom('oauth_interactions').where('expires_at', '<', ctx.now().toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
