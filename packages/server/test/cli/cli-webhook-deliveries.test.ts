import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { publishSite } from '../../src/platform/sites/publish.js';
import { createWebhook } from '../../src/platform/webhooks/webhooks.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';
import { runCli, runJson, tempDir } from './spawn-cli.js';

/** `gatehouse webhooks deliveries` reads the delivery log a publish queued, as a spawned process. */
describe('gatehouse webhooks deliveries (spawned)', { timeout: 60_000 }, () => {
  const env = { DATA_DIR: tempDir() };
  let runtime: Runtime;
  let world: World;
  let webhookId: string;

  beforeAll(async () => {
    runtime = await createRuntime(parseConfig({ DATA_DIR: env.DATA_DIR, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '14' }));
    world = await createWorld(runtime.ctx);
    const { webhook } = await createWebhook(runtime.ctx, {
      siteId: world.siteA.id,
      workspaceId: world.workspace.id,
      triggerType: 'site_publish',
      url: 'https://hooks.example.com/publish',
      filter: null,
      owner: { appId: world.app.id, tokenId: null },
    });
    webhookId = webhook.id!;
    const outcome = await publishSite(runtime.ctx, world.siteA, { customDomains: [], publishToWebflowSubdomain: true }, null);
    expect(outcome.ok).toBe(true);
    await runtime.close();
  });

  it('lists the queued delivery with its trigger, status and attempts (--json)', async () => {
    const { deliveries } = await runJson(['webhooks', 'deliveries', '--webhook', webhookId], env);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ triggerType: 'site_publish', status: 'pending', attempts: 0, url: 'https://hooks.example.com/publish' });
  });

  it('prints one line per delivery without --json, and says so when there is none', async () => {
    const all = await runCli(['webhooks', 'deliveries'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/site_publish\s+pending\s+attempts 0 .*https:\/\/hooks\.example\.com\/publish/);
    const none = await runCli(['webhooks', 'deliveries', '--webhook', 'a'.repeat(24)], env);
    expect(none).toMatchObject({ code: 0, stdout: 'No webhook deliveries\n' });
  });

  it('refuses a malformed webhook id or limit with one line and exit 2', async () => {
    expect(await runCli(['webhooks', 'deliveries', '--webhook', 'nope'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gatehouse: --webhook must be a 24-hex webhook id\n',
    });
    expect((await runCli(['webhooks', 'deliveries', '--limit', '0'], env)).code).toBe(2);
  });
});
