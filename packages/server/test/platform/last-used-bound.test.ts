import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken } from '../../src/platform/tokens/api-tokens.js';
import { backends, createTestApp } from '../support/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';
import { bearer } from '../support/oauth-token.js';

// docs/deployment.md, "Memory": what a node remembers per token between last-use writes is bounded by
// TOKEN_CACHE_SIZE, and forgetting a token never loses its last use.
describe.each(backends())('last-use writes remember at most TOKEN_CACHE_SIZE tokens on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp(backend, { TOKEN_CACHE_SIZE: '2' });
    w = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  it('keeps two of five tokens in memory and still writes every last use', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createSiteToken(t.runtime.ctx, w.siteA.id, { name: `t${i}`, scopes: ['sites:read'] }));
    for (const { token } of made) expect((await t.app.inject({ url: `/v2/sites/${w.siteA.id}`, headers: bearer(token) })).statusCode).toBe(200);
    expect(t.runtime.dataApi.lastUsed.tracked).toBe(2);
    await t.runtime.dataApi.lastUsed.flush();
    const rows = await t.runtime.ctx.db
      .selectFrom('token_last_used')
      .select('last_used_at')
      .where(
        'token_id',
        'in',
        made.map((m) => m.record.id),
      )
      .execute();
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row.last_used_at).not.toBeNull();
  });
});
