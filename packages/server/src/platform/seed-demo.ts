import { createApp, findAppByClientId, listApps, revealClientSecret } from './apps.js';
import type { PlatformContext } from './context.js';
import { addCustomDomain, createSite } from './sites.js';
import { createUser, findUserByEmail } from './users.js';
import { createWorkspace, listWorkspacesForUser } from './workspaces.js';
import { newId } from '../crypto/ids.js';
import { PlatformError } from './errors.js';

export const DEMO_LOGIN = { email: 'demo@gatehouse.local', password: 'gatehouse-demo' } as const;
export const DEMO_REDIRECT_URI = 'http://localhost:3000/callback';
export const DEMO_APP_SCOPES = [
  'authorized_user:read', 'sites:read', 'sites:write', 'comments:read', 'cms:read', 'pages:read', 'forms:read',
  'workspace:read', 'workspace_activity:read',
];

export interface DemoCredentials {
  email: string;
  password: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** True when the database holds no user yet: the first run. */
export async function isEmpty(ctx: PlatformContext): Promise<boolean> {
  return !(await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

/** Creates the demo admin, a workspace with two sites, comments and the demo app. */
export async function seedDemo(ctx: PlatformContext): Promise<DemoCredentials> {
  const user = await createUser(ctx, { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, firstName: 'Demo', lastName: 'Admin' });
  const actor = { id: user.id, email: user.email };
  const workspace = await createWorkspace(ctx, { name: 'Demo Workspace', slug: 'demo', plan: 'cms', ownerUserId: user.id, actor });
  const marketing = await createSite(ctx, { workspaceId: workspace.id, displayName: 'Marketing Site', shortName: 'marketing', timeZone: 'America/New_York', actor });
  const docs = await createSite(ctx, { workspaceId: workspace.id, displayName: 'Docs Site', shortName: 'docs', timeZone: 'Europe/London', actor });
  await addCustomDomain(ctx, marketing.id, 'www.example.com');
  await addCustomDomain(ctx, docs.id, 'docs.example.com');
  const now = ctx.now().toISOString();
  const thread = { id: newId(), site_id: marketing.id, page_id: newId(), locale_id: null, item_id: null, breakpoint: 'main', url: 'https://www.example.com/', content: 'Can we make the hero headline shorter?', is_resolved: 0, author_user_id: user.id, mentioned_user_ids: '[]', created_at: now, last_updated: now };
  await ctx.db.insertInto('comment_threads').values(thread).execute();
  await ctx.db.insertInto('comment_replies').values({ id: newId(), thread_id: thread.id, site_id: marketing.id, content: 'Done — trimmed to six words.', is_resolved: 0, author_user_id: user.id, mentioned_user_ids: '[]', created_at: now, last_updated: now }).execute();
  const { app, clientSecret } = await createApp(ctx, workspace.id, {
    name: 'Demo App',
    description: 'The example app that ships with Gatehouse: it lists the sites you authorize it to see.',
    homepage: 'https://example.com',
    redirectUris: [DEMO_REDIRECT_URI],
    scopes: DEMO_APP_SCOPES,
  }, actor);
  return { email: user.email, password: DEMO_LOGIN.password, clientId: app.clientId, clientSecret, redirectUri: DEMO_REDIRECT_URI };
}

/** The demo credentials when the demo data is present (the secret is unsealed for printing). */
export async function findDemoCredentials(ctx: PlatformContext): Promise<DemoCredentials | undefined> {
  const user = await findUserByEmail(ctx, DEMO_LOGIN.email);
  if (!user) return undefined;
  for (const ws of await listWorkspacesForUser(ctx, user.id)) {
    const app = (await listApps(ctx, ws.id)).find((a) => a.name === 'Demo App');
    if (app && (await findAppByClientId(ctx, app.clientId))) {
      return { email: user.email, password: DEMO_LOGIN.password, clientId: app.clientId, clientSecret: await revealClientSecret(ctx, app.id), redirectUri: DEMO_REDIRECT_URI };
    }
  }
  return undefined;
}

/** How long a node waits for demo data that another node is seeding at the same moment. */
const DEMO_WAIT_MS = 15_000;

/**
 * The demo data, seeded if the database is empty. Nodes that start together on one empty database race
 * to seed it: the one whose demo user is inserted first seeds it, and the others fail on that unique
 * email. They then wait for the winner to finish and print the same credentials.
 * `seeded` says whether this call did the seeding.
 */
export async function ensureDemo(ctx: PlatformContext): Promise<{ seeded: boolean; credentials: DemoCredentials | undefined }> {
  if (await isEmpty(ctx)) {
    try {
      return { seeded: true, credentials: await seedDemo(ctx) };
    } catch (err) {
      if (!(err instanceof PlatformError && err.code === 'conflict')) throw err;
    }
  }
  const deadline = Date.now() + DEMO_WAIT_MS;
  for (;;) {
    const credentials = await findDemoCredentials(ctx);
    // No demo user at all: the data is someone else's, not a seed in progress.
    if (credentials || !(await findUserByEmail(ctx, DEMO_LOGIN.email)) || Date.now() >= deadline) return { seeded: false, credentials };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

