import { writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebflowClient } from 'webflow-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { createSiteToken } from '../../src/platform/tokens/api-tokens.js';
import { TRIGGER_TYPES } from '../../src/platform/webhooks/webhook-triggers.js';
import { createWebhook } from '../../src/platform/webhooks/webhooks.js';
import { createRuntime } from '../../src/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';
import { webhookBodyErrors } from '../support/webflow-strict.js';
import { runCli, runJson, tempDir } from './spawn-cli.js';

/** `gatehouse webhooks trigger`, `comments add` and `sites delete`, as spawned processes. */
describe('gatehouse webhooks trigger, comments add and sites delete (spawned)', { timeout: 90_000 }, () => {
  const env = { DATA_DIR: tempDir() };
  let world: World;
  let clientSecret: string;
  const received: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => (received.push({ path: req.url!, headers: req.headers, body }), res.writeHead(200).end('ok')));
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const runtime = await createRuntime(parseConfig({ DATA_DIR: env.DATA_DIR, LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '14' }));
    world = await createWorld(runtime.ctx);
    clientSecret = world.clientSecret;
    for (const type of ['form_submission', 'comment_created'] as const) {
      await createWebhook(runtime.ctx, {
        siteId: world.siteA.id,
        workspaceId: world.workspace.id,
        triggerType: type,
        url: `${base}/${type}`,
        filter: null,
        owner: { appId: world.app.id, tokenId: null },
      });
    }
    await createSiteToken(runtime.ctx, world.siteB.id, { name: 'doomed', scopes: ['sites:read'] });
    await runtime.close();
  });
  afterAll(() => server.close());

  it('sends a test event to every matching webhook and prints each delivery, with --payload overrides', async () => {
    const file = path.join(env.DATA_DIR, 'payload.json');
    writeFileSync(file, JSON.stringify({ name: 'Newsletter', data: { Email: 'cli@example.com' } }));
    received.length = 0;
    const out = await runJson(['webhooks', 'trigger', 'form_submission', '--site', world.siteA.shortName, '--payload', file], env);
    expect(out.deliveries).toEqual([expect.objectContaining({ status: 'delivered', statusCode: 200, attempts: 1 })]);
    expect(out.payload).toMatchObject({ name: 'Newsletter', siteId: world.siteA.id, data: { Email: 'cli@example.com', Name: 'Ada Admin' } });
    expect(received).toHaveLength(1);
    const sdk = new WebflowClient({ accessToken: 'unused' });
    expect(await sdk.webhooks.verifySignature({ headers: received[0]!.headers as Record<string, string>, body: received[0]!.body, secret: clientSecret })).toBe(
      true,
    );
    expect(webhookBodyErrors(JSON.parse(received[0]!.body))).toEqual([]);
    const text = await runCli(['webhooks', 'trigger', 'form_submission', '--site', world.siteA.id], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^delivered +HTTP 200 +http:\/\/127\.0\.0\.1:\d+\/form_submission +\(delivery [0-9a-f]{24}, webhook [0-9a-f]{24}\)\n$/);
    expect(await runCli(['webhooks', 'trigger', 'page_created', '--site', world.siteA.id], env)).toMatchObject({
      code: 0,
      stdout: `No active page_created webhooks on ${world.siteA.shortName}\n`,
    });
  });

  it('refuses an unknown trigger type naming the valid ones, and a bad payload file, with exit 2', async () => {
    expect(await runCli(['webhooks', 'trigger', 'user_account_added', '--site', world.siteA.id], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: `gatehouse: webhooks trigger: Unknown trigger type "user_account_added". Valid trigger types: ${TRIGGER_TYPES.join(', ')}\n`,
    });
    const bad = path.join(env.DATA_DIR, 'bad.json');
    writeFileSync(bad, '[1,2]');
    const res = await runCli(['webhooks', 'trigger', 'site_publish', '--site', world.siteA.id, '--payload', bad], env);
    expect([res.code, res.stderr]).toEqual([2, `gatehouse: webhooks trigger: --payload ${bad} must hold a JSON object of payload fields\n`]);
  });

  it('posts a comment whose comment_created webhook fires with the real comment', async () => {
    received.length = 0;
    const { comment } = await runJson(['comments', 'add', '--site', world.siteA.id, '--author', world.member.email, '--content', 'Ship it'], env);
    expect(comment).toMatchObject({ kind: 'thread', webhooksQueued: 1 });
    expect(received).toHaveLength(1);
    const body = JSON.parse(received[0]!.body);
    expect(body).toMatchObject({
      triggerType: 'comment_created',
      payload: { threadId: comment.threadId, commentId: comment.threadId, content: 'Ship it', author: { userId: world.member.id, email: world.member.email } },
    });
    expect(webhookBodyErrors(body)).toEqual([]);
    const reply = await runJson(
      ['comments', 'add', '--site', world.siteA.id, '--author', world.admin.email, '--content', 'Done', '--thread', comment.threadId],
      env,
    );
    expect(reply.comment).toMatchObject({ kind: 'reply', threadId: comment.threadId });
    expect(JSON.parse(received[1]!.body).payload).toMatchObject({ type: 'reply', threadId: comment.threadId, commentId: reply.comment.commentId });
  });

  it("lists the workspace's audit events under Gatehouse's names", async () => {
    const { events } = await runJson(['audit', 'list', '--workspace', world.workspace.slug, '--event-type', 'access_token'], env);
    expect(events.map((e: { eventSubType: string }) => e.eventSubType)).toContain('site_token_created');
    expect((await runCli(['audit', 'list', '--workspace', world.workspace.slug, '--limit', '0'], env)).code).toBe(2);
  });

  it('deletes a site only once confirmed', async () => {
    const unconfirmed = await runCli(['sites', 'delete', '--site', world.siteB.shortName], env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --yes to confirm');
    expect((await runJson(['sites', 'list', '--workspace', world.workspace.slug], env)).sites.map((s: { id: string }) => s.id)).toContain(world.siteB.id);
    const { deleted } = await runJson(['sites', 'delete', '--site', world.siteB.shortName, '--yes'], env);
    expect(deleted).toMatchObject({ siteId: world.siteB.id, revokedTokenIds: [expect.any(String)] });
    expect((await runJson(['sites', 'list', '--workspace', world.workspace.slug], env)).sites.map((s: { id: string }) => s.id)).not.toContain(world.siteB.id);
  });
});
