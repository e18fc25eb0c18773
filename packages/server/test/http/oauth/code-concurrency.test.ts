import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { obtainCode, sessionCookie, tokenRequest } from './oauth-helpers.js';

describe.each(backends())('authorization code single use on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  it('lets exactly one of 20 concurrent exchanges of one code succeed', async () => {
    const cookie = await sessionCookie(t.runtime, world.admin);
    const { code } = await obtainCode(t.app, cookie, { app: world.app, workspaceId: world.workspace.id });
    const body = { client_id: world.app.clientId, client_secret: world.clientSecret, grant_type: 'authorization_code', code };
    const answers = await Promise.all(Array.from({ length: 20 }, () => tokenRequest(t.app, body)));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(19);
    for (const a of answers.filter((x) => x.statusCode === 400)) expect(a.json().error).toBe('invalid_grant');
    const issued = await t.runtime.ctx.db.selectFrom('access_tokens').select('id').where('kind', '=', 'oauth').execute();
    expect(issued).toHaveLength(1);
  });
});
