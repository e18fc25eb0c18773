import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspectToken } from '../../src/platform/tokens/oauth-introspection.js';
import { cachedSite } from '../../src/platform/sites/site-cache.js';
import { principalTags, resolveToken } from '../../src/platform/tokens/token-resolver.js';
import { digest } from '../../src/crypto/tokens.js';
import { backends, createTestRuntime, type TestRuntime } from '../support/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';
import { grantOAuthToken } from '../support/oauth-token.js';

/**
 * A read that began before a revocation or a change must not be remembered after it: the notice found
 * nothing to drop, so a cached copy would outlive it for a whole TTL on the node that made the change.
 */
describe.each(backends())('caches and notices that arrive during a read, on %s', (backend) => {
  let runtime: TestRuntime;
  let w: World;
  beforeAll(async () => {
    runtime = await createTestRuntime(backend);
    w = await createWorld(runtime.ctx);
  });
  afterAll(() => runtime.dispose());

  it('the token cache keeps no principal looked up across a revocation notice', async () => {
    const { ctx } = runtime;
    const { token, tokenId } = await grantOAuthToken(ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    const cache = ctx.caches.tokens;
    const key = digest(token);
    const generation = cache.generation;
    const principal = (await resolveToken(ctx, key))!;
    ctx.events.emit('revoked', { tokenIds: [tokenId] }); // arrives after the read, before the caller caches
    cache.set(key, principal, principalTags(principal), generation);
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, principal, principalTags(principal), cache.generation);
    expect(cache.get(key)).toBe(principal);
  });

  it('the site cache keeps no site read across a change notice', async () => {
    const { ctx } = runtime;
    const reading = cachedSite(ctx, w.siteA.id);
    ctx.events.emit('sites.changed', { siteIds: [w.siteA.id] });
    expect((await reading)!.site.id).toBe(w.siteA.id);
    await ctx.db.updateTable('sites').set({ display_name: 'Changed during the read' }).where('id', '=', w.siteA.id).execute();
    expect((await cachedSite(ctx, w.siteA.id))!.site.displayName).toBe('Changed during the read');
  });

  it('the introspection answer keeps no principal read across a revocation notice', async () => {
    const { ctx } = runtime;
    const { token, tokenId } = await grantOAuthToken(ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    const reading = introspectToken(ctx, token);
    ctx.events.emit('revoked', { tokenIds: [tokenId] });
    expect((await reading)?.active).toBe(true);
    await ctx.db.updateTable('access_tokens').set({ revoked_at: ctx.now().toISOString() }).where('id', '=', tokenId).execute();
    expect(await introspectToken(ctx, token)).toBeUndefined();
  });
});
