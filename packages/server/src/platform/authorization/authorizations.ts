import { newId } from '../../crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../../crypto/tokens.js';
import type { AuthorizeRequest } from '../../oauth/authorize-request.js';
import type { Kysely } from 'kysely';
import { precompiled } from '../../store/precompiled-query.js';
import type { Database } from '../../store/schema.js';
import type { AuthorizationTarget } from '../../domain.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import type { PlatformContext } from '../context.js';
import { notFound } from '../errors.js';
import { CODE_TTL_MS } from '../oauth-storage/oauth-codes.js';
import { checkInstallChoice, grantedScopes, type ConsentApp, type InstallChoice } from './oauth-consent.js';
import { endAuthorizations } from '../workspaces/ending-grants.js';
import { transactWithNotices, type Notices } from '../caches/invalidation-feed.js';
import { revokeTokensWhere } from '../oauth-storage/oauth-tokens.js';

/** An app installed by a user on a workspace or on sites of it (docs/design.md, "Domain"). */
export interface Authorization {
  id: string;
  appId: string;
  userId: string;
  workspaceId: string;
  target: AuthorizationTarget;
  siteIds: string[];
  scopes: string[];
  createdOn: string;
  revokedOn: string | null;
}

/**
 * Consent approved (docs/webflow-wire.md, "Consent", RFC 6749 §4.1.2): checks the choice, then records the authorization
 * and its sites and an authorization code (stored only as a digest; 15 minutes; bound to the client, the
 * redirect_uri as sent and the PKCE challenge), in one transaction. Returns the code for the redirect.
 */
export async function approveAuthorization(
  ctx: PlatformContext,
  app: ConsentApp,
  user: AuditActor & { id: string },
  request: AuthorizeRequest,
  picked: InstallChoice,
): Promise<{ code: string; authorizationId: string }> {
  return transactWithNotices(ctx, (trx, notices) => approveInTransaction({ ...ctx, db: trx }, app, user, request, picked, notices));
}

/** The same, inside the caller's transaction (`ctx.db` is it): the check and the writes commit together. */
export async function approveInTransaction(
  ctx: PlatformContext,
  app: ConsentApp,
  user: AuditActor & { id: string },
  request: AuthorizeRequest,
  picked: InstallChoice,
  notices?: Notices,
): Promise<{ code: string; authorizationId: string }> {
  const choice = await checkInstallChoice(ctx, app, user.id, picked);
  const scopes = ctx.catalogue.formatScopes(grantedScopes(ctx.catalogue, request.scopes, choice.target));
  const code = newSecret(TOKEN_PREFIX.authorizationCode);
  const now = ctx.now();
  const trx = ctx.db;
  const existing = await repeatedInstall(trx, app.id, user.id, choice, request.resource ?? null);
  const authorizationId = existing ?? newId();
  if (existing) {
    await reanswer(ctx, existing, choice, scopes, notices);
  } else {
    await trx
      .insertInto('authorizations')
      .values({
        id: authorizationId,
        app_id: app.id,
        user_id: user.id,
        workspace_id: choice.workspaceId,
        target: choice.target,
        scopes,
        created_at: now.toISOString(),
        revoked_at: null,
        resource: request.resource ?? null,
      })
      .execute();
    if (choice.siteIds.length) {
      await trx
        .insertInto('authorization_sites')
        .values(choice.siteIds.map((site_id) => ({ authorization_id: authorizationId, site_id })))
        .execute();
    }
  }
  await trx
    .insertInto('authorization_codes')
    .values({
      digest: digest(code),
      authorization_id: authorizationId,
      app_id: app.id,
      redirect_uri: request.redirectUriSent,
      code_challenge: request.codeChallenge,
      code_challenge_method: request.codeChallengeMethod,
      scopes,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + CODE_TTL_MS).toISOString(),
      consumed_at: null,
    })
    .execute();
  await recordAudit(
    ctx,
    {
      workspaceId: choice.workspaceId,
      actor: user,
      eventType: 'app_authorization',
      eventSubType: existing ? 'authorization_updated' : 'authorization_granted',
      payload: {
        authorizationId,
        appId: app.id,
        target: choice.target,
        siteIds: choice.siteIds,
        scopes,
        ...(request.resource ? { resource: request.resource } : {}),
      },
    },
    trx,
  );
  return { code, authorizationId };
}

/**
 * The install a new answer repeats (docs/oauth.md, "Consent again"): the user's newest live authorization of this
 * app in this workspace with the same kind of reach — the whole workspace, or sites sharing at least one site with
 * the new choice, and the same resource. Sites with none in common are another install, as on Webflow, where an app
 * is installed per site.
 */
async function repeatedInstall(
  trx: Kysely<Database>,
  appId: string,
  userId: string,
  choice: InstallChoice,
  resource: string | null,
): Promise<string | undefined> {
  let query = trx
    .selectFrom('authorizations')
    .select('id')
    .where('app_id', '=', appId)
    .where('user_id', '=', userId)
    .where('workspace_id', '=', choice.workspaceId)
    .where('target', '=', choice.target)
    .where('revoked_at', 'is', null);
  // An authorization bound to another resource (RFC 8707) is for another audience: another install.
  query = resource === null ? query.where('resource', 'is', null) : query.where('resource', '=', resource);
  if (choice.target === 'sites') {
    query = query.where('id', 'in', trx.selectFrom('authorization_sites').select('authorization_id').where('site_id', 'in', choice.siteIds));
  }
  const row = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id;
}

/**
 * docs/oauth.md, "Consent again": a user who answers the consent screen again for an install they already made
 * updates that authorization (its sites and scopes) instead of adding one. Earlier tokens then reach
 * what the new answer allows; those carrying a scope the new answer leaves out are revoked, so a narrower answer
 * narrows everything at once. Cached lookups of the authorization are dropped after commit.
 */
async function reanswer(ctx: PlatformContext, authorizationId: string, choice: InstallChoice, scopes: string, notices?: Notices): Promise<void> {
  const trx = ctx.db;
  const granted = new Set(scopes.split(' ').filter(Boolean));
  const exceeds = (stored: string) =>
    stored
      .split(/[\s,]+/)
      .filter(Boolean)
      .some((s) => !granted.has(s));
  await trx
    .updateTable('authorizations')
    .set({ target: choice.target, scopes, updated_at: ctx.now().toISOString() })
    .where('id', '=', authorizationId)
    .execute();
  await trx.deleteFrom('authorization_sites').where('authorization_id', '=', authorizationId).execute();
  if (choice.siteIds.length) {
    await trx
      .insertInto('authorization_sites')
      .values(choice.siteIds.map((site_id) => ({ authorization_id: authorizationId, site_id })))
      .execute();
  }
  const tokens = await trx
    .selectFrom('access_tokens')
    .select(['id', 'scopes'])
    .where('authorization_id', '=', authorizationId)
    .where('revoked_at', 'is', null)
    .execute();
  const wider = tokens.filter((t) => exceeds(t.scopes)).map((t) => t.id);
  const tokenIds = wider.length ? await revokeTokensWhere(ctx, trx, { ids: wider }, 'consent_narrowed') : [];
  const refresh = await trx
    .selectFrom('refresh_tokens')
    .select(['digest', 'scopes'])
    .where('authorization_id', '=', authorizationId)
    .where('revoked_at', 'is', null)
    .execute();
  const widerRefresh = refresh.filter((r) => exceeds(r.scopes)).map((r) => r.digest);
  if (widerRefresh.length) await trx.updateTable('refresh_tokens').set({ revoked_at: ctx.now().toISOString() }).where('digest', 'in', widerRefresh).execute();
  notices?.revoked({ authorizationIds: [authorizationId], tokenIds });
}

/** Consent denied: recorded against the app's workspace (the user picked none). */
export async function recordDenial(ctx: PlatformContext, app: ConsentApp, user: AuditActor, scopes: string[]): Promise<void> {
  await recordAudit(ctx, {
    workspaceId: app.workspaceId || null,
    actor: user,
    eventType: 'app_authorization',
    eventSubType: 'authorization_denied',
    payload: { appId: app.id || null, scopes: ctx.catalogue.formatScopes(scopes) },
  });
}

/**
 * Uninstall (the dashboard's "revoke", and `/oauth/revoke_authorization`): the authorization, every access
 * and refresh token issued under it, its unused codes and its webhooks stop working, in one transaction
 * that also writes the invalidation feed; this node's caches and webhook sends drop it before this
 * returns, other nodes' when they read the feed (docs/deployment.md). Returns false when it was already
 * revoked.
 */
export async function revokeAuthorization(ctx: PlatformContext, authorizationId: string, actor?: AuditActor | null, reason = 'revoked'): Promise<boolean> {
  return transactWithNotices(ctx, async (trx, notices) => {
    const result = await revokeAuthorizationIn(ctx, trx, authorizationId, actor, reason);
    notices.revoked({ authorizationIds: [authorizationId], tokenIds: result.tokenIds });
    return result.revoked;
  });
}

const authorizationExists = precompiled<'id', { id: string }>((db, p) => db.selectFrom('authorizations').select('id').where('id', '=', p('id')));

/** The revocation itself, inside the caller's transaction; the caller tells the caches after commit. */
export async function revokeAuthorizationIn(
  ctx: PlatformContext,
  trx: Kysely<Database>,
  authorizationId: string,
  actor: AuditActor | null | undefined,
  reason: string,
): Promise<{ revoked: boolean; tokenIds: string[] }> {
  const ended = await endAuthorizations(ctx, trx, [authorizationId], reason, actor);
  // Only an authorization that was not live is looked for: a missing one is an error, a revoked one is not.
  if (ended.authorizationIds.length === 0 && !(await authorizationExists(trx, ctx.dialect, { id: authorizationId })).rows[0]) throw notFound('Authorization');
  return { revoked: ended.authorizationIds.length > 0, tokenIds: ended.tokenIds };
}
