// Gatehouse on a fresh SQLite data dir with one Enterprise workspace, one site and 1,000 site tokens
// (inserted directly: the product caps site tokens at 5 per site). The workspace's custom limit of
// 10,000,000 requests/minute means the rate limiter counts every request but never refuses one.
// Logging at 'warn', so nothing is logged per request (at the default 'info' every request writes two
// JSON lines, on either path). Prints one JSON line when ready.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dist = new URL('../../packages/server/dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const { parseConfig } = await load('config/config.js');
const { createRuntime } = await load('runtime.js');
const { buildApp } = await load('http/app.js');
const { createUser } = await load('platform/users.js');
const { createWorkspace } = await load('platform/workspaces.js');
const { createSite, addCustomDomain } = await load('platform/sites.js');
const { newId } = await load('crypto/ids.js');
const { digest, newSecret, TOKEN_PREFIX } = await load('crypto/tokens.js');

const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-'));
const runtime = await createRuntime(parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', PASSWORD_HASH_COST: '14' }));
const { ctx } = runtime;
const user = await createUser(ctx, { email: 'bench@example.com', password: 'bench password 123', firstName: 'B', lastName: 'Ench' });
const ws = await createWorkspace(ctx, { name: 'Bench', ownerUserId: user.id, plan: 'enterprise' });
await ctx.db.updateTable('workspaces').set({ api_rate_limit: 10_000_000 }).where('id', '=', ws.id).execute();
const site = await createSite(ctx, { workspaceId: ws.id, displayName: 'Bench site' });
await addCustomDomain(ctx, site.id, 'www.example.com');
const tokens = [];
const now = new Date().toISOString();
for (let i = 0; i < 1000; i++) {
  const token = newSecret(TOKEN_PREFIX.siteToken);
  tokens.push(token);
  await ctx.db.insertInto('access_tokens').values({ id: newId(), digest: digest(token), kind: 'site', authorization_id: null, app_id: null, site_id: site.id, workspace_id: ws.id, name: `bench ${i}`, scopes: 'sites:read', created_by: user.id, code_digest: null, created_at: now, last_used_at: null, expires_at: null, revoked_at: null }).execute();
}
const app = await buildApp(runtime);
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ url: `http://127.0.0.1:${app.server.address().port}`, siteId: site.id, tokens }));
process.on('SIGTERM', async () => {
  await app.close();
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
