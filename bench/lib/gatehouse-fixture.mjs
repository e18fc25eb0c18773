// The Gatehouse data every bench reads: one Enterprise workspace (its custom limit of 10,000,000
// requests/minute counts every request and refuses none), five sites each with a custom domain, three
// webhooks of the bench app and ten comment threads, one workspace authorization with HOT tokens, and
// supplies of fresh codes and tokens (each under its own authorization, as a real client gets them).
import { randomBytes } from 'node:crypto';

const dist = new URL('../../packages/server/dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const { createUser } = await load('platform/accounts/users.js');
const { createWorkspace } = await load('platform/workspaces/workspaces.js');
const { createSite, addCustomDomain } = await load('platform/sites/sites.js');
const { createApp } = await load('platform/apps/apps.js');
const { newId } = await load('crypto/ids.js');
const { digest, newSecret, TOKEN_PREFIX } = await load('crypto/tokens.js');

export const REDIRECT = 'https://app.example.com/callback';
export const SCOPES = 'sites:read comments:read authorized_user:read';
const HOT = 1000;
const CHUNK = 200;

async function insertChunked(db, table, rows) {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

const authorizationRow = (f, now) => ({
  id: newId(),
  app_id: f.appId,
  user_id: f.userId,
  workspace_id: f.workspaceId,
  target: 'workspace',
  scopes: SCOPES,
  created_at: now,
  revoked_at: null,
});
const tokenRow = (f, authorizationId, token, now) => ({
  id: newId(),
  digest: digest(token),
  kind: 'oauth',
  authorization_id: authorizationId,
  app_id: f.appId,
  site_id: null,
  workspace_id: f.workspaceId,
  name: null,
  scopes: SCOPES,
  created_by: f.userId,
  code_digest: null,
  created_at: now,
  expires_at: null,
  revoked_at: null,
});

/** Creates the fixture; answers what the load generator needs to know (ids, the client, HOT tokens). */
export async function createFixture(ctx) {
  const u = randomBytes(4).toString('hex');
  const user = await createUser(ctx, { email: `bench-${u}@example.com`, password: 'bench password 123', firstName: 'B', lastName: 'Ench' });
  const ws = await createWorkspace(ctx, { name: `Bench ${u}`, ownerUserId: user.id, plan: 'enterprise' });
  await ctx.db.updateTable('workspaces').set({ api_rate_limit: 10_000_000 }).where('id', '=', ws.id).execute();
  const { app, clientSecret } = await createApp(ctx, ws.id, {
    name: 'Bench',
    description: '',
    homepage: 'https://app.example.com',
    redirectUris: [REDIRECT],
    scopes: SCOPES.split(' '),
  });
  const now = new Date().toISOString();
  const f = { userId: user.id, workspaceId: ws.id, appId: app.id, clientId: app.clientId, clientSecret, siteIds: [] };
  for (let s = 0; s < 5; s++) {
    const site = await createSite(ctx, { workspaceId: ws.id, displayName: `Bench site ${s}` });
    await addCustomDomain(ctx, site.id, `www${s}.example.com`);
    f.siteIds.push(site.id);
  }
  const authorization = authorizationRow(f, now);
  await ctx.db.insertInto('authorizations').values(authorization).execute();
  f.authorizationId = authorization.id;
  const site = f.siteIds[0];
  const webhook = (trigger) => ({
    id: newId(),
    site_id: site,
    workspace_id: ws.id,
    app_id: app.id,
    access_token_id: null,
    authorization_id: authorization.id,
    trigger_type: trigger,
    url: 'https://hooks.example.com/bench',
    filter: null,
    secret_key_encrypted: null,
    active: 1,
    consecutive_failures: 0,
    created_at: now,
    last_triggered: null,
  });
  await insertChunked(ctx.db, 'webhooks', ['site_publish', 'page_created', 'page_metadata_updated'].map(webhook));
  const thread = (i) => ({
    id: newId(),
    site_id: site,
    page_id: newId(),
    locale_id: null,
    item_id: null,
    breakpoint: 'main',
    url: '/',
    content: `Bench comment ${i}`,
    is_resolved: 0,
    author_user_id: user.id,
    mentioned_user_ids: '[]',
    created_at: now,
    last_updated: now,
  });
  await insertChunked(
    ctx.db,
    'comment_threads',
    Array.from({ length: 10 }, (_, i) => thread(i)),
  );
  f.hotTokens = Array.from({ length: HOT }, () => newSecret(TOKEN_PREFIX.oauthAccessToken));
  await insertChunked(
    ctx.db,
    'access_tokens',
    f.hotTokens.map((t) => tokenRow(f, authorization.id, t, now)),
  );
  return f;
}

/** `n` fresh authorization codes, each under an authorization of its own (as consent writes them). */
export async function makeCodes(ctx, f, n) {
  const now = new Date();
  const codes = Array.from({ length: n }, () => newSecret(TOKEN_PREFIX.authorizationCode));
  const authorizations = codes.map(() => authorizationRow(f, now.toISOString()));
  const expires = new Date(now.getTime() + 15 * 60_000).toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await insertChunked(trx, 'authorizations', authorizations);
    await insertChunked(
      trx,
      'authorization_codes',
      codes.map((code, i) => ({
        digest: digest(code),
        authorization_id: authorizations[i].id,
        app_id: f.appId,
        redirect_uri: REDIRECT,
        code_challenge: null,
        code_challenge_method: null,
        scopes: SCOPES,
        created_at: now.toISOString(),
        expires_at: expires,
        consumed_at: null,
      })),
    );
  });
  return codes;
}

/** `n` fresh access tokens, each under an authorization of its own unless `shared` (the HOT one). */
export async function makeTokens(ctx, f, n, shared = false) {
  const now = new Date().toISOString();
  const tokens = Array.from({ length: n }, () => newSecret(TOKEN_PREFIX.oauthAccessToken));
  const authorizations = shared ? [] : tokens.map(() => authorizationRow(f, now));
  await ctx.db.transaction().execute(async (trx) => {
    await insertChunked(trx, 'authorizations', authorizations);
    await insertChunked(
      trx,
      'access_tokens',
      tokens.map((t, i) => tokenRow(f, shared ? f.authorizationId : authorizations[i].id, t, now)),
    );
  });
  return tokens;
}
