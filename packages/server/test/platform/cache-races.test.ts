import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntrospectionCache } from '../../src/platform/oauth-introspection-cache.js';
import { SiteCache } from '../../src/platform/site-cache.js';
import { TokenCache } from '../../src/platform/token-cache.js';
import { lookupPrincipal } from '../../src/platform/token-lookup.js';
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
    const cache = new TokenCache(ctx.events);
    const key = digest(token);
    const generation = cache.generation;
    const principal = (await lookupPrincipal(ctx, key))!;
    ctx.events.emit('revoked', { tokenIds: [tokenId] }); // arrives after the read, before the caller caches
    cache.set(key, principal, generation);
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, principal, cache.generation);
    expect(cache.get(key)).toBe(principal);
    cache.close();
  });

  it('the site cache keeps no site read across a change notice', async () => {
    const { ctx } = runtime;
    const cache = new SiteCache(ctx);
    const reading = cache.get(w.siteA.id);
    ctx.events.emit('sites.changed', { siteIds: [w.siteA.id] });
    expect((await reading).id).toBe(w.siteA.id);
    await ctx.db.updateTable('sites').set({ display_name: 'Changed during the read' }).where('id', '=', w.siteA.id).execute();
    expect((await cache.get(w.siteA.id)).displayName).toBe('Changed during the read');
    cache.close();
  });

  it('the introspection cache keeps no answer read across a revocation notice', async () => {
    const { ctx } = runtime;
    const { token, tokenId } = await grantOAuthToken(ctx, { appId: w.app.id, userId: w.admin.id, workspaceId: w.workspace.id, scopes: ['sites:read'] });
    const cache = new IntrospectionCache(ctx);
    const reading = cache.introspect(token);
    ctx.events.emit('revoked', { tokenIds: [tokenId] });
    expect((await reading)?.active).toBe(true);
    await ctx.db.updateTable('access_tokens').set({ revoked_at: ctx.now().toISOString() }).where('id', '=', tokenId).execute();
    expect(await cache.introspect(token)).toBeUndefined();
    cache.close();
  });
});
