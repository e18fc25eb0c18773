import { WebflowClient, WebflowError } from 'webflow-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCommentReply, addCommentThread } from '../support/comment-fixtures.js';
import { addCustomDomain } from '../../src/platform/sites/sites.js';
import { listenOnLoopback } from '../support/loopback.js';
import { createTestApp } from '../support/runtime.js';
import { createWorld, type World } from '../support/fixtures.js';
import { grantOAuthToken } from '../support/oauth-token.js';

describe('the official webflow-api SDK against a listening Gatehouse', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let client: WebflowClient;
  let threadId: string;
  let domainId: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    w = await createWorld(t.runtime.ctx, { scopes: ['sites:read', 'sites:write', 'authorized_user:read', 'comments:read', 'forms:read'] });
    domainId = (await addCustomDomain(t.runtime.ctx, w.siteA.id, 'shop.example.com')).id;
    const thread = await addCommentThread(t.runtime.ctx, { siteId: w.siteA.id, authorUserId: w.admin.id, content: 'Looks good' });
    await addCommentReply(t.runtime.ctx, thread, { authorUserId: w.member.id, content: 'Thanks' });
    threadId = thread.id;
    const { token } = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      scopes: ['sites:read', 'sites:write', 'authorized_user:read', 'comments:read', 'forms:read'],
    });
    client = new WebflowClient({ accessToken: token, baseUrl: `${await listenOnLoopback(t.app)}/v2`, maxRetries: 0 });
  });
  afterAll(() => t.close());

  it('introspects and reads the authorizing user', async () => {
    const info = await client.token.introspect();
    expect(info.authorization?.authorizedTo?.workspaceIds).toEqual([w.workspace.id]);
    expect(info.application?.displayName).toBe(w.app.name);
    expect(info.authorization?.createdOn).toBeInstanceOf(Date);
    expect((await client.token.authorizedBy()).email).toBe(w.admin.email);
  });

  it('lists, gets and publishes sites and reads custom domains', async () => {
    const { sites } = await client.sites.list();
    expect(sites?.map((s) => s.id)).toEqual(expect.arrayContaining([w.siteA.id, w.siteB.id]));
    const site = await client.sites.get(w.siteA.id);
    expect(site.displayName).toBe('Site A');
    expect(site.createdOn).toBeInstanceOf(Date);
    expect((await client.sites.getCustomDomain(w.siteA.id)).customDomains?.[0]?.url).toBe('shop.example.com');
    const published = await client.sites.publish(w.siteA.id, { customDomains: [domainId], publishToWebflowSubdomain: false });
    expect(published.customDomains?.[0]?.id).toBe(domainId);
  });

  it('creates, lists, gets and deletes webhooks', async () => {
    const created = await client.webhooks.create(w.siteA.id, {
      triggerType: 'form_submission',
      url: 'https://hooks.example.com/form',
      filter: { name: 'Contact' },
    });
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect((await client.webhooks.list(w.siteA.id)).webhooks?.map((h) => h.id)).toContain(created.id);
    expect((await client.webhooks.get(created.id!)).triggerType).toBe('form_submission');
    await client.webhooks.delete(created.id!);
    await expect(client.webhooks.get(created.id!)).rejects.toBeInstanceOf(WebflowError);
  });

  it('reads comment threads and replies', async () => {
    const threads = await client.sites.comments.listCommentThreads(w.siteA.id, { limit: 10, offset: 0 });
    expect(threads.comments?.[0]?.id).toBe(threadId);
    expect(threads.pagination?.total).toBe(1);
    expect((await client.sites.comments.getCommentThread(w.siteA.id, threadId)).content).toBe('Looks good');
    const replies = await client.sites.comments.listCommentReplies(w.siteA.id, threadId);
    expect(replies.comments?.[0]?.content).toBe('Thanks');
  });

  it('surfaces Gatehouse errors as the SDK error types', async () => {
    const err = await client.sites.get(w.otherSite.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebflowError);
    expect((err as WebflowError).statusCode).toBe(404);
    expect((err as WebflowError).body).toMatchObject({ code: 'resource_not_found' });
  });
});
