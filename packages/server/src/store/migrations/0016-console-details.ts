import type { Kysely } from 'kysely';

/**
 * What the dashboard shows and lets admins choose (docs/dashboard.md):
 * - an app's optional logo (an https URL) on the consent screen;
 * - a client secret rotated with an overlap: the previous secret's digest and sealed value, and when it stops working;
 * - when an authorization was last answered again on the consent screen (a re-consent updates it in place);
 * - each site or workspace token's display hint (type prefix and last four characters), stored when it is made,
 *   since the token itself is kept only as a digest;
 * - usage counted per hour and subject (token, app, workspace), rolled up rather than a row per request.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('apps').addColumn('logo_url', 'text').execute();
  await db.schema.alterTable('apps').addColumn('previous_secret_digest', 'text').execute();
  await db.schema.alterTable('apps').addColumn('previous_secret_encrypted', 'text').execute();
  await db.schema.alterTable('apps').addColumn('previous_secret_expires_at', 'text').execute();
  await db.schema.alterTable('authorizations').addColumn('updated_at', 'text').execute();
  await db.schema.alterTable('access_tokens').addColumn('display_hint', 'text').execute();
  await db.schema
    .createTable('usage_hourly')
    .ifNotExists()
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('client_errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rate_limited', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('usage_hourly_pk', ['subject_kind', 'subject_id', 'hour'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('usage_hourly').ifExists().execute();
  await db.schema.alterTable('access_tokens').dropColumn('display_hint').execute();
  await db.schema.alterTable('authorizations').dropColumn('updated_at').execute();
  for (const column of ['previous_secret_expires_at', 'previous_secret_encrypted', 'previous_secret_digest', 'logo_url']) {
    await db.schema.alterTable('apps').dropColumn(column).execute();
  }
}
