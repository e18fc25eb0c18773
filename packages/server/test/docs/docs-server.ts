import { buildApp } from '../../src/http/app.js';
import { createSiteToken, createWorkspaceToken } from '../../src/platform/tokens/api-tokens.js';
import { seedDemo } from '../../src/platform/seed-demo.js';
import { startSession } from '../../src/platform/accounts/sessions.js';
import { findUserByEmail } from '../../src/platform/accounts/users.js';
import { freePort } from '../support/loopback.js';
import { createTestRuntime } from '../support/runtime.js';

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
const hidden = (page: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page)?.[1] ?? '';

/**
 * For the browser tests of /docs: a listening Gatehouse in this process (loopback, temp DATA_DIR) with
 * the demo data, and tokens and ids to try the reference with. (The docs' commands run against a real
 * `npm start` in a fresh clone instead: commands.test.ts.)
 */
export async function startDocsServer() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const runtime = await createTestRuntime('sqlite', { PUBLIC_URL: origin });
  const demo = await seedDemo(runtime.ctx);
  const app = await buildApp(runtime, { logger: false });
  await app.listen({ port, host: '127.0.0.1' });

  const user = (await findUserByEmail(runtime.ctx, demo.email))!;
  const sites = await runtime.ctx.db.selectFrom('sites').select(['id', 'short_name', 'workspace_id']).execute();
  const marketing = sites.find((s) => s.short_name === 'marketing')!;
  const siteToken = await createSiteToken(runtime.ctx, marketing.id, { name: 'docs test', scopes: ['sites:read', 'comments:read'] });
  const workspaceToken = await createWorkspaceToken(runtime.ctx, marketing.workspace_id, {
    name: 'docs test',
    scopes: ['workspace:read', 'workspace_activity:read'],
  });

  /** A fresh authorization code for the demo app, as the reader gets from the consent screen. */
  const approveDemoApp = async (): Promise<string> => {
    const session = `gatehouse_session=${await startSession(runtime.ctx, user.id)}`;
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: demo.clientId,
      redirect_uri: demo.redirectUri,
      scope: 'sites:read authorized_user:read',
      state: 'docs',
    });
    const start = await fetch(`${origin}/oauth/authorize?${query}`, { headers: { cookie: session }, redirect: 'manual' });
    const page = await fetch(new URL(start.headers.get('location')!, origin), { headers: { cookie: session } });
    const html = await page.text();
    const form = new URLSearchParams({
      _csrf: hidden(html, '_csrf'),
      interaction: hidden(html, 'interaction'),
      decision: 'approve',
      workspace_id: marketing.workspace_id,
      target: 'sites',
      site_id: marketing.id,
    });
    const answer = await fetch(`${origin}/oauth/authorize/decision`, {
      method: 'POST',
      redirect: 'manual',
      body: form,
      headers: { cookie: `${session}; ${cookiesOf(page)}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    const code = new URL(answer.headers.get('location') ?? 'http://x/').searchParams.get('code');
    if (!code) throw new Error(`consent answered ${answer.status}`);
    return code;
  };

  const placeholders = {
    GATEHOUSE_URL: origin,
    SITE_TOKEN: siteToken.token,
    WORKSPACE_TOKEN: workspaceToken.token,
    SITE_ID: marketing.id,
    WORKSPACE_ID: marketing.workspace_id,
    CLIENT_ID: demo.clientId,
    CLIENT_SECRET: demo.clientSecret,
  };
  return {
    origin,
    placeholders,
    approveDemoApp,
    dataDir: runtime.config.dataDir,
    close: async () => {
      await app.close();
      await runtime.dispose();
    },
  };
}
