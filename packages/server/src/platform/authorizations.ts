import { newId } from '../crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../crypto/tokens.js';
import type { AuthorizeRequest } from '../oauth/authorize-request.js';
import type { Kysely } from 'kysely';
import { precompiled } from '../store/precompiled-query.js';
import type { AuthorizationTarget, Database } from '../store/schema.js';
import { recordAudit, type AuditActor } from './audit.js';
import type { PlatformContext } from './context.js';
import { notFound } from './errors.js';
import { CODE_TTL_MS } from './oauth-codes.js';
import { checkInstallChoice, grantedScopes, type ConsentApp, type InstallChoice } from './oauth-consent.js';
import { endAuthorizations } from './ending-grants.js';
import { transactWithNotices } from './invalidation-feed.js';

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
  return ctx.db.transaction().execute((trx) => approveInTransaction({ ...ctx, db: trx }, app, user, request, picked));
}

/** The same, inside the caller's transaction (`ctx.db` is it): the check and the writes commit together. */
export async function approveInTransaction(
  ctx: PlatformContext,
  app: ConsentApp,
  user: AuditActor & { id: string },
  request: AuthorizeRequest,
  picked: InstallChoice,
): Promise<{ code: string; authorizationId: string }> {
  const choice = await checkInstallChoice(ctx, app, user.id, picked);
  const scopes = ctx.catalogue.formatScopes(grantedScopes(ctx.catalogue, request.scopes, choice.target));
  const code = newSecret(TOKEN_PREFIX.authorizationCode);
  const now = ctx.now();
  const authorizationId = newId();
  const trx = ctx.db;
  await trx.insertInto('authorizations').values({
    id: authorizationId, app_id: app.id, user_id: user.id, workspace_id: choice.workspaceId, target: choice.target, scopes, created_at: now.toISOString(), revoked_at: null,
    resource: request.resource ?? null,
  }).execute();
  if (choice.siteIds.length) {
    await trx.insertInto('authorization_sites').values(choice.siteIds.map((site_id) => ({ authorization_id: authorizationId, site_id }))).execute();
  }
  await trx.insertInto('authorization_codes').values({
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
  }).execute();
  await recordAudit(ctx, {
    workspaceId: choice.workspaceId, actor: user, eventType: 'app_authorization', eventSubType: 'authorization_granted',
    payload: { authorizationId, appId: app.id, target: choice.target, siteIds: choice.siteIds, scopes, ...(request.resource ? { resource: request.resource } : {}) },
  }, trx);
  return { code, authorizationId };
}

/** Consent denied: recorded against the app's workspace (the user picked none). */
export async function recordDenial(ctx: PlatformContext, app: ConsentApp, user: AuditActor, scopes: string[]): Promise<void> {
  await recordAudit(ctx, { workspaceId: app.workspaceId || null, actor: user, eventType: 'app_authorization', eventSubType: 'authorization_denied', payload: { appId: app.id || null, scopes: ctx.catalogue.formatScopes(scopes) } });
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
  if (!(await authorizationExists(trx, ctx.dialect, { id: authorizationId })).rows[0]) throw notFound('Authorization');
  const ended = await endAuthorizations(ctx, trx, [authorizationId], reason, actor);
  return { revoked: ended.authorizationIds.length > 0, tokenIds: ended.tokenIds };
}
