import { once } from 'node:events';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateClientSecret } from '../../src/platform/apps/client-secret-rotation.js';
import { createSiteToken, revokeAccessToken } from '../../src/platform/tokens/api-tokens.js';
import { transactWithNotices } from '../../src/platform/caches/invalidation-feed.js';
import { pruneFeed } from '../../src/platform/caches/invalidation-tail.js';
import { updateSite } from '../../src/platform/sites/sites.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';
import { bearer } from '../support/oauth-token.js';
import { backends, createTestApp } from '../support/runtime.js';

/**
 * A node whose caches would trust an entry for an hour learns of changes made elsewhere — another node, or
 * a CLI process with no Redis and no way to reach it — from the invalidation feed in the database.
 */
describe.each(backends())('the invalidation feed, on %s', (backend) => {
  let node: Awaited<ReturnType<typeof createTestApp>>;
  let elsewhere: Runtime;
  let w: World;

  beforeAll(async () => {
    node = await createTestApp(backend, {}, { cacheTtlMs: { tokens: 3_600_000 } });
    const schema = backend === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(node.runtime.ctx.db)).rows[0]!.s : undefined;
    // What `gatehouse tokens revoke` opens: the same database, reading no feed, holding no caches of the node.
    elsewhere = await createRuntime(node.runtime.config, { ...(schema ? { schema } : {}), migrate: false, dataApi: { tailInvalidations: false } });
    w = await createWorld(elsewhere.ctx);
  }, 60_000);
  afterAll(async () => {
    await elsewhere.close();
    await node.close();
  }, 60_000);

  const site = (token: string, id = w.siteA.id) => node.app.inject({ url: `/v2/sites/${id}`, headers: bearer(token) });

  it('drops a token revoked by another process from the token cache, long before the cache lifetime', async () => {
    const { token, record } = await createSiteToken(elsewhere.ctx, w.siteA.id, { name: 'cli', scopes: ['sites:read'] });
    expect((await site(token)).statusCode).toBe(200);
    expect(node.runtime.ctx.caches.tokens.size).toBeGreaterThan(0);
    const heard = once(node.runtime.ctx.events, 'revoked');
    await revokeAccessToken(elsewhere.ctx, record.id);
    expect((await heard)[0]).toEqual({ tokenIds: [record.id] });
    expect((await site(token)).statusCode).toBe(401);
  });

  it('forgets a client secret rotated by another process', async () => {
    const introspect = (secret: string) =>
      node.app.inject({ method: 'POST', url: '/oauth/introspect', payload: { token: 'nothing', client_id: w.app.clientId, client_secret: secret } });
    expect((await introspect(w.clientSecret)).statusCode).toBe(200);
    const heard = once(node.runtime.ctx.events, 'revoked');
    const { clientSecret: fresh } = await rotateClientSecret(elsewhere.ctx, w.app.id);
    expect((await heard)[0]).toEqual({ appIds: [w.app.id] });
    expect((await introspect(w.clientSecret)).statusCode).toBe(401);
    expect((await introspect(fresh)).statusCode).toBe(200);
  });

  it('drops a site renamed by another process from the site cache', async () => {
    const { token } = await createSiteToken(elsewhere.ctx, w.siteB.id, { name: 'reader', scopes: ['sites:read'] });
    expect((await site(token, w.siteB.id)).json()).toMatchObject({ displayName: 'Site B' });
    const heard = once(node.runtime.ctx.events, 'sites.changed');
    await updateSite(elsewhere.ctx, w.siteB.id, { displayName: 'Renamed elsewhere' });
    expect((await heard)[0]).toEqual({ siteIds: [w.siteB.id] });
    expect((await site(token, w.siteB.id)).json()).toMatchObject({ displayName: 'Renamed elsewhere' });
  });

  it('numbers entries in commit order and writes none for a change that rolls back', async () => {
    const count = async () =>
      Number(
        (
          await elsewhere.ctx.db
            .selectFrom('invalidations')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await expect(
      transactWithNotices(elsewhere.ctx, async (_trx, notices) => {
        notices.revoked({ tokenIds: ['0123456789abcdef01234567'] });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await count()).toBe(before);
    const rows = await elsewhere.ctx.db.selectFrom('invalidations').select('seq').orderBy('seq').execute();
    const seqs = rows.map((r) => Number(r.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('prunes the entries written before its retention but never the newest, so a node that has read it still reads the next', async () => {
    const seqs = async () => (await elsewhere.ctx.db.selectFrom('invalidations').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    const entry = () => transactWithNotices(elsewhere.ctx, async (_trx, notices) => notices.revoked({ tokenIds: ['0123456789abcdef01234567'] }));
    await entry();
    await entry();
    const written = await seqs();
    await pruneFeed(elsewhere.ctx, new Date(0).toISOString());
    expect(await seqs()).toEqual(written);
    await pruneFeed(elsewhere.ctx, new Date(Date.now() + 60_000).toISOString());
    const newest = Math.max(...written);
    expect(await seqs()).toEqual([newest]);
    await node.runtime.dataApi.invalidations.wake();
    const heard = once(node.runtime.ctx.events, 'revoked');
    await entry();
    expect((await heard)[0]).toEqual({ tokenIds: ['0123456789abcdef01234567'] });
    const after = await seqs();
    expect(after).toHaveLength(2);
    expect(after[1]).toBeGreaterThan(newest);
  });

  it("announces the node's own entry once, though its feed reader reads the feed while the entry commits", async () => {
    const { record } = await createSiteToken(node.runtime.ctx, w.siteA.id, { name: 'own', scopes: ['sites:read'] });
    const notices: unknown[] = [];
    const onRevoked = (n: unknown) => notices.push(n);
    let read: Promise<void> | undefined;
    const readNow = () => void (read = node.runtime.dataApi.invalidations.wake());
    node.runtime.ctx.events.on('revoked', onRevoked);
    node.runtime.ctx.events.once('invalidations.writing', readNow);
    try {
      await revokeAccessToken(node.runtime.ctx, record.id);
      await read;
      await node.runtime.dataApi.invalidations.wake();
    } finally {
      node.runtime.ctx.events.off('revoked', onRevoked);
    }
    expect(read).toBeDefined();
    expect(notices).toEqual([{ tokenIds: [record.id] }]);
  });

  it('still reads the entry of another process that takes the number of an entry this node undid', async () => {
    const fail = () => {
      throw new Error('undone after the entry was written');
    };
    node.runtime.ctx.events.once('invalidations.writing', fail);
    await expect(transactWithNotices(node.runtime.ctx, async (_trx, notices) => notices.revoked({ tokenIds: ['0123456789abcdef01234567'] }))).rejects.toThrow(
      'undone after the entry was written',
    );
    const { token, record } = await createSiteToken(elsewhere.ctx, w.siteA.id, { name: 'cli-after-undo', scopes: ['sites:read'] });
    expect((await site(token)).statusCode).toBe(200);
    const heard = once(node.runtime.ctx.events, 'revoked');
    await revokeAccessToken(elsewhere.ctx, record.id);
    expect((await heard)[0]).toEqual({ tokenIds: [record.id] });
    expect((await site(token)).statusCode).toBe(401);
  });
});
