import { sql, type Kysely } from 'kysely';
import { newId } from '../../crypto/ids.js';

/**
 * Webhooks name the authorization that created them, so they end with it (docs/data-api.md, "Webhooks
 * follow their grant"); and grants that already outlived their user's admin role end now
 * (docs/oauth.md, "Who may install an app"), the same way a removal or demotion ends them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('webhooks')
    .addColumn('authorization_id', 'text', (c) => c.references('authorizations.id').onDelete('cascade'))
    .execute();
  await db
    .updateTable('webhooks')
    .set({
      authorization_id: (eb: any) =>
        eb.selectFrom('access_tokens').select('access_tokens.authorization_id').whereRef('access_tokens.id', '=', 'webhooks.access_token_id'),
    })
    .where('app_id', 'is not', null)
    .execute();
  await db.schema.createIndex('webhooks_authorization_idx').on('webhooks').column('authorization_id').execute();
  await db.schema.createIndex('webhooks_access_token_idx').on('webhooks').column('access_token_id').execute();
  await endGrantsWithoutAdminRole(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhooks_access_token_idx').execute();
  await db.schema.dropIndex('webhooks_authorization_idx').execute();
  await db.schema.alterTable('webhooks').dropColumn('authorization_id').execute();
}

const noAdminRole = (userColumn: string, workspaceColumn: string) =>
  sql<boolean>`not exists (select 1 from memberships m where m.user_id = ${sql.ref(userColumn)} and m.workspace_id = ${sql.ref(workspaceColumn)} and m.role = 'admin')`;

async function endGrantsWithoutAdminRole(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  const authorizations: Array<{ id: string; workspace_id: string; app_id: string; user_id: string }> = await db
    .selectFrom('authorizations')
    .select(['id', 'workspace_id', 'app_id', 'user_id'])
    .where('revoked_at', 'is', null)
    .where(noAdminRole('authorizations.user_id', 'authorizations.workspace_id'))
    .execute();
  const tokens: Array<{ id: string; workspace_id: string; site_id: string | null; kind: string }> = await db
    .selectFrom('access_tokens')
    .select(['id', 'workspace_id', 'site_id', 'kind'])
    .where('revoked_at', 'is', null)
    .where('kind', '!=', 'oauth')
    .where('created_by', 'is not', null)
    .where(noAdminRole('access_tokens.created_by', 'access_tokens.workspace_id'))
    .execute();
  const authorizationIds = authorizations.map((a) => a.id);
  const tokenIds = tokens.map((t) => t.id);
  for (let i = 0; i < authorizationIds.length; i += 500) {
    const ids = authorizationIds.slice(i, i + 500);
    await db.updateTable('authorizations').set({ revoked_at: now }).where('id', 'in', ids).execute();
    await db.updateTable('access_tokens').set({ revoked_at: now }).where('authorization_id', 'in', ids).where('revoked_at', 'is', null).execute();
    await db.updateTable('refresh_tokens').set({ revoked_at: now }).where('authorization_id', 'in', ids).where('revoked_at', 'is', null).execute();
    await db.updateTable('authorization_codes').set({ consumed_at: now }).where('authorization_id', 'in', ids).where('consumed_at', 'is', null).execute();
    await db.deleteFrom('webhooks').where('authorization_id', 'in', ids).execute();
  }
  for (let i = 0; i < tokenIds.length; i += 500) {
    const ids = tokenIds.slice(i, i + 500);
    await db.updateTable('access_tokens').set({ revoked_at: now }).where('id', 'in', ids).execute();
    await db.deleteFrom('webhooks').where('access_token_id', 'in', ids).where('app_id', 'is', null).execute();
  }
  const audit = (workspaceId: string, siteId: string | null, eventType: string, eventSubType: string, payload: object) => ({
    id: newId(),
    workspace_id: workspaceId,
    site_id: siteId,
    actor_user_id: null,
    actor_email: null,
    event_type: eventType,
    event_sub_type: eventSubType,
    payload: JSON.stringify(payload),
    created_at: now,
  });
  const rows = [
    ...authorizations.map((a) =>
      audit(a.workspace_id, null, 'app_authorization', 'authorization_revoked', { authorizationId: a.id, appId: a.app_id, reason: 'granting_role_ended' }),
    ),
    ...tokens.map((t) => audit(t.workspace_id, t.site_id, 'access_token', `${t.kind}_token_revoked`, { tokenId: t.id, reason: 'granting_role_ended' })),
  ];
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('audit_events')
      .values(rows.slice(i, i + 200))
      .execute();
}
