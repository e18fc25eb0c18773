import { sql, type Kysely } from 'kysely';
import { ConfigError } from '../../config/config-error.js';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { Database } from '../../store/schema.js';

/** The long-lived sealed columns; one value of each, where there is one, must open with the node's key. */
const SEALED_COLUMNS = [
  ['apps', 'client_secret_encrypted', 'client secrets'],
  ['client_registrations', 'client_secret_encrypted', 'client secrets'],
  ['webhooks', 'secret_key_encrypted', 'webhook secret keys'],
  ['totp_factors', 'secret_sealed', 'authenticator-app keys'],
] as const;

/**
 * docs/deployment.md, "PostgreSQL and Redis, several nodes": a node whose sealing key differs from the one the stored secrets were
 * sealed with would start and then fail each request that opens one (client authentication, webhook
 * signatures, authenticator codes). It is refused at start-up instead, with the setting to fix.
 */
export async function checkSealingKey(db: Kysely<Database>, secrets: SecretBox, keySource: { configured: boolean; keyFile: string }): Promise<void> {
  for (const [table, column, what] of SEALED_COLUMNS) {
    const col = sql.ref(column);
    const { rows } = await sql<{ sealed: string }>`select ${col} as sealed from ${sql.table(table)} where ${col} is not null and ${col} <> '' limit 1`.execute(
      db,
    );
    const sealed = rows[0]?.sealed;
    if (sealed === undefined || opens(secrets, sealed)) continue;
    throw new ConfigError(
      'GATEHOUSE_SECRET_KEY',
      keySource.configured
        ? `does not open the ${what} this database holds; start with the key they were sealed with: every node of one database needs the same key`
        : `is unset, and the key file ${keySource.keyFile} does not open the ${what} this database holds; set GATEHOUSE_SECRET_KEY to the key the database's other nodes use`,
    );
  }
}

function opens(secrets: SecretBox, sealed: string): boolean {
  try {
    secrets.open(sealed);
    return true;
  } catch {
    return false;
  }
}
