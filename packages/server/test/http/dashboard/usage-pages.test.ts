import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteToken } from '../../../src/platform/tokens/api-tokens.js';
import type { UsageBucket } from '../../../src/platform/usage/usage-report.js';
import { axisMaximum, usageChart } from '../../../src/views/dashboard/usage-chart.js';
import { createWorld, type World } from '../../support/fixtures.js';
import { bearer, grantOAuthToken } from '../../support/oauth-token.js';
import { backends, createTestApp } from '../../support/runtime.js';
import { DashboardAgent } from './dashboard-agent.js';

const bucket = (start: string, requests: number, clientErrors = 0, rateLimited = 0): UsageBucket => ({ start, requests, clientErrors, rateLimited });

describe('usage chart (docs/dashboard.md, "Usage")', () => {
  it('draws each bar as answered, 4xx and 429 parts scaled to a round axis, with a title, a description and a table', () => {
    const svg = usageChart({
      id: 'c',
      title: 'Requests per day',
      buckets: [bucket('2026-12-01', 0), bucket('2026-12-02', 40, 6, 4), bucket('2026-12-03', 10)],
      label: (s) => s,
    }).value;
    expect(axisMaximum(40)).toBe(50);
    // 40 requests on an axis of 50 (100 units high): 30 answered = 60, 6 × 4xx = 12, 4 × 429 = 8, stacked from the bottom.
    expect(svg).toContain('<rect class="bar-ok" x="13" y="40" width="10" height="60" data-count="30">');
    expect(svg).toContain('<rect class="bar-4xx" x="13" y="28" width="10" height="12" data-count="6">');
    expect(svg).toContain('<rect class="bar-429" x="13" y="20" width="10" height="8" data-count="4">');
    expect(svg).toContain('<rect class="bar-ok" x="25" y="80" width="10" height="20" data-count="10">');
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(svg).toContain('role="img" aria-labelledby="c-title" aria-describedby="c-desc"');
    expect(svg).toContain(
      '<desc id="c-desc">50 requests, 6 answered 4xx (other than 429), 4 answered 429 (rate-limited). Busiest: 2026-12-02, 40 requests.</desc>',
    );
    expect(svg).toContain('<tr><th scope="row">2026-12-02</th><td>40</td><td>6</td><td>4</td></tr>');
    expect(svg).toContain('<span>50</span><span>25</span><span>0</span>');
  });

  it('says there were no requests rather than drawing an empty scale', () => {
    const svg = usageChart({ id: 'e', title: 'Requests', buckets: [bucket('2026-12-01', 0)], label: (s) => s }).value;
    expect(svg).toContain('<desc id="e-desc">No requests.</desc>');
    expect(svg).not.toContain('<rect ');
  });
});

describe.each(backends())('usage on the token, app and workspace pages on %s', (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let w: World;
  let admin: DashboardAgent;
  let member: DashboardAgent;
  let site: { token: string; id: string };
  let oauth: { token: string; tokenId: string };

  beforeAll(async () => {
    t = await createTestApp(backend);
    w = await createWorld(t.runtime.ctx);
    admin = await DashboardAgent.signedIn(t.app, t.runtime.ctx, w.admin.id);
    member = await DashboardAgent.signedIn(t.app, t.runtime.ctx, w.member.id);
    const made = await createSiteToken(t.runtime.ctx, w.siteA.id, { name: 'Charted', scopes: ['sites:read'], actor: null });
    site = { token: made.token, id: made.record.id };
    oauth = await grantOAuthToken(t.runtime.ctx, {
      appId: w.app.id,
      userId: w.admin.id,
      workspaceId: w.workspace.id,
      siteIds: [w.siteA.id],
      scopes: ['sites:read'],
    });
    const call = (token: string, url: string) => t.app.inject({ url, headers: bearer(token) });
    for (let i = 0; i < 3; i++) expect((await call(site.token, '/v2/sites')).statusCode).toBe(200);
    expect((await call(site.token, '/v2/token/introspect')).statusCode).toBe(403);
    for (let i = 0; i < 2; i++) expect((await call(oauth.token, '/v2/sites')).statusCode).toBe(200);
    expect((await call(oauth.token, `/v2/sites/${w.otherSite.id}`)).statusCode).toBe(404);
    await t.runtime.dataApi.usage.flush();
    await t.runtime.dataApi.lastUsed.flush();
  });
  afterAll(() => t.close());

  const today = () => t.runtime.ctx.now().toISOString().slice(0, 10);

  it("shows a site token's requests per hour and day, its 4xx, and its rate-limit window now", async () => {
    const list = await member.get(`/sites/${w.siteA.id}/api-access`);
    expect(list.body).toContain(`href="/sites/${w.siteA.id}/tokens/${site.id}">Charted</a>`);
    const page = await member.get(`/sites/${w.siteA.id}/tokens/${site.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Token “Charted”');
    expect(page.body).toContain('Requests per hour, last 48 hours');
    expect(page.body).toContain('Requests per day, last 30 days');
    expect(page.body).toContain('4 requests, 1 answered 4xx (other than 429), 0 answered 429 (rate-limited).');
    expect(page.body).toContain('<rect class="bar-ok"');
    expect(page.body).toContain('data-count="3"');
    // Four requests counted against the 120 a minute of the workspace's plan (unless the minute turned meanwhile).
    expect(page.body).toMatch(/(4|0) of 120 used, (116|120) left; resets at <time datetime="[^"]+">\d\d:\d\d:00 UTC<\/time>/);
    const [y, m, d] = today().split('-');
    const label = `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m) - 1]} ${Number(d)}`;
    expect(y).toBeDefined();
    expect(page.body).toContain(`<tr><th scope="row">${label}</th><td>4</td><td>1</td><td>0</td></tr>`);
  });

  it("refuses another site's token id on this site's page", async () => {
    expect((await admin.get(`/sites/${w.siteB.id}/tokens/${site.id}`)).statusCode).toBe(404);
  });

  it("shows an app's usage over its OAuth tokens and the window of each token used just now", async () => {
    const page = await admin.get(`/apps/${w.app.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 requests, 1 answered 4xx (other than 429), 0 answered 429 (rate-limited).');
    expect(page.body).toContain(`Token …${oauth.tokenId.slice(-6)}`);
  });

  it("shows a workspace's usage over all its tokens, with each API token's window", async () => {
    const page = await member.get(`/workspaces/${w.workspace.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('7 requests, 2 answered 4xx (other than 429), 0 answered 429 (rate-limited).');
    expect(page.body).toContain('Charted (site token)');
  });
});
