import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateClient } from '../support/credential-checks.js';
import { backends, createTestApp } from '../support/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';

describe.each(backends())('foundation on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let world: World;
  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await createWorld(t.runtime.ctx);
  });
  afterAll(() => t.close());

  it('answers /healthz and /readyz', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('authenticates a client only with its own secret', async () => {
    expect((await authenticateClient(t.runtime.ctx, world.app.clientId, world.clientSecret))?.id).toBe(world.app.id);
    expect(await authenticateClient(t.runtime.ctx, world.app.clientId, world.clientSecret + 'x')).toBeUndefined();
  });
});
