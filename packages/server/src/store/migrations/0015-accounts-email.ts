import type { Kysely } from 'kysely';

/**
 * docs/dashboard.md, "Invitations", "Password reset" and "Email verification": a verified-at mark on
 * each account, the one-time links sent by email (stored only as digests), workspace invitations and
 * the browsers an account has signed in from. Accounts made before email existed count as verified:
 * they were made by people an operator already trusted, and must keep working after an upgrade.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('email_verified_at', 'text').execute();
  await db
    .updateTable('users')
    .set((eb: any) => ({ email_verified_at: eb.ref('created_at') }))
    .execute();

  await db.schema
    .createTable('account_links')
    .addColumn('digest', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('account_links_user_idx').on('account_links').columns(['user_id', 'purpose']).execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_digest', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('invited_by_email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('revoked_at', 'text')
    .addColumn('delivery', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invitations_workspace_idx').on('invitations').columns(['workspace_id', 'email']).execute();

  await db.schema
    .createTable('known_devices')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('known_devices_pk', ['user_id', 'digest'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['known_devices', 'invitations', 'account_links']) await db.schema.dropTable(table).ifExists().execute();
  await db.schema.alterTable('users').dropColumn('email_verified_at').execute();
}
