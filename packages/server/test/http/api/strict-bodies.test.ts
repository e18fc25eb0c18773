import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomDomain } from '../../../src/platform/sites/sites.js';
import { createTestApp } from '../../support/runtime.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';

/** JSON bodies are validated as sent: no "true" → true or "id" → ["id"] guessing. Query strings still coerce. */
describe('Data API body types', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let token: string;
  let domainId: string;
  const post = (url: string, body: unknown) =>
    t.app.inject({ method: 'POST', url, headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    w = await createWorld(t.runtime.ctx);
    domainId = (await addCustomDomain(t.runtime.ctx, w.siteA.id, 'www.example.com')).id;
    ({ token } = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      scopes: ['sites:read', 'sites:write', 'comments:read'],
    }));
  });
  afterAll(() => t.close());

  it.each([
    ['a string where a boolean belongs', { publishToWebflowSubdomain: 'true' }, 'publishToWebflowSubdomain'],
    ['a string where an array belongs', { customDomains: 'abc' }, 'customDomains'],
    ['a number where an array belongs', { customDomains: 7 }, 'customDomains'],
    ['a number inside the array', { customDomains: [7] }, 'customDomains'],
  ])('answers %s with 400 validation_error naming the field', async (_what, body, field) => {
    const res = await post(`/v2/sites/${w.siteA.id}/publish`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_error', externalReference: null });
    expect(JSON.stringify(res.json().details)).toContain(field);
  });

  it('still publishes a well-typed body', async () => {
    const res = await post(`/v2/sites/${w.siteA.id}/publish`, { customDomains: [domainId], publishToWebflowSubdomain: true });
    expect(res.statusCode).toBe(202);
  });

  it('still reads numbers from the query string', async () => {
    const res = await t.app.inject({ url: `/v2/sites/${w.siteA.id}/comments?limit=5&offset=0`, headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    expect(res.json().pagination).toMatchObject({ limit: 5, offset: 0 });
  });
});
