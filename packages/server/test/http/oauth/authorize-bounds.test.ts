import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERACTION_LIMIT_PER_MINUTE } from '../../../src/http/routes/interaction/address-limit.js';
import { AUTHORIZE_PARAM_LIMITS } from '../../../src/oauth/authorize-param-limits.js';
import { INTERACTION_TTL_MS, sweepExpiredInteractions } from '../../../src/platform/authorization/oauth-interactions.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { REDIRECT, authorizeQuery, testClock } from './oauth-helpers.js';

/** Anonymous authorize requests are bounded in rate, size and what they leave behind (docs/oauth.md, "Limits"). */
describe.each(backends())('anonymous authorize requests on %s', (backend) => {
  const clock = testClock(Date.parse('2026-04-01T00:00:10Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let address = 0;
  const get = (query: string, remoteAddress = '198.51.100.1') => t.app.inject({ url: `/oauth/authorize?${query}`, remoteAddress });
  const parked = async () =>
    Number(
      (
        await t.runtime.ctx.db
          .selectFrom('oauth_interactions')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const fresh = () => `198.51.100.${++address + 1}`;

  beforeAll(async () => {
    t = await createTestApp(backend, {}, { now: clock.now });
    w = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  it('limits authorize, resume and decision together per address, with a 429 page and Retry-After', async () => {
    const from = fresh();
    for (let i = 0; i < INTERACTION_LIMIT_PER_MINUTE; i++) expect((await get(authorizeQuery(w.app), from)).statusCode).toBe(303);
    const limited = await get(authorizeQuery(w.app), from);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toContain('temporarily_unavailable');
    expect((await t.app.inject({ url: '/oauth/authorize/resume?interaction=gth_int_x', remoteAddress: from })).statusCode).toBe(429);
    const decision = await t.app.inject({
      method: 'POST',
      url: '/oauth/authorize/decision',
      remoteAddress: from,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'interaction=x',
    });
    expect(decision.statusCode).toBe(429);
    // Another address is not affected, and the window ends.
    expect((await get(authorizeQuery(w.app), fresh())).statusCode).toBe(303);
    clock.advance(60_000);
    expect((await get(authorizeQuery(w.app), from)).statusCode).toBe(303);
  });

  it('redirects invalid_request, without echoing it, for a state over the cap, and parks nothing', async () => {
    const before = await parked();
    const res = await get(authorizeQuery(w.app, { state: 's'.repeat(AUTHORIZE_PARAM_LIMITS.state + 1) }), fresh());
    expect(res.statusCode).toBe(303);
    const back = new URL(String(res.headers.location));
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toContain('state');
    expect(back.searchParams.has('state')).toBe(false);
    expect(await parked()).toBe(before);
    expect((await get(authorizeQuery(w.app, { state: 's'.repeat(AUTHORIZE_PARAM_LIMITS.state) }), fresh())).headers.location).toMatch(/^\/login\?/);
  });

  it('redirects invalid_request, echoing state, for another parameter over the cap', async () => {
    const scope = `sites:read${' sites:read'.repeat(110)}`;
    const back = new URL(String((await get(authorizeQuery(w.app, { scope }), fresh())).headers.location));
    expect([back.searchParams.get('error'), back.searchParams.get('state')]).toEqual(['invalid_request', 'xyz']);
    const challenge = new URL(
      String((await get(authorizeQuery(w.app, { code_challenge: 'a'.repeat(200), code_challenge_method: 'S256' }), fresh())).headers.location),
    );
    expect(challenge.searchParams.get('error_description')).toContain('code_challenge');
  });

  it('answers an invalid_request page when client_id or redirect_uri is over the cap', async () => {
    for (const query of [
      `client_id=${'c'.repeat(AUTHORIZE_PARAM_LIMITS.client_id + 1)}&response_type=code`,
      authorizeQuery(w.app, { redirect_uri: `${REDIRECT}?${'r'.repeat(AUTHORIZE_PARAM_LIMITS.redirect_uri)}` }),
    ]) {
      const res = await get(query, fresh());
      expect(res.statusCode).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.body).toContain('invalid_request');
      expect(res.body).toMatch(/longer than \d+ bytes/);
    }
  });

  it('leaves expired parked requests to the sweep, which removes only those', async () => {
    await get(authorizeQuery(w.app), fresh());
    const before = await parked();
    clock.advance(INTERACTION_TTL_MS + 1_000);
    // A new request does not delete anything itself.
    await get(authorizeQuery(w.app), fresh());
    expect(await parked()).toBe(before + 1);
    expect(await sweepExpiredInteractions(t.runtime.ctx)).toBe(before);
    expect(await parked()).toBe(1);
  });

  it('indexes the expiry of parked requests', async () => {
    const query =
      backend === 'sqlite'
        ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'oauth_interactions'`
        : sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'oauth_interactions' and schemaname = current_schema()`;
    const { rows } = await query.execute(t.runtime.ctx.db);
    expect(rows.map((r) => r.name)).toContain('oauth_interactions_expires_at_idx');
  });
});
