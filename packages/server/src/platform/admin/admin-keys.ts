import { newId } from '../../crypto/ids.js';
import { TOKEN_PREFIX, digest, newSecret } from '../../crypto/tokens.js';
import type { AdminApiKeyRow } from '../../store/schema.js';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { isoNow, type PlatformContext } from '../context.js';
import { notFound, validation } from '../errors.js';
import { transaction } from '../../store/transaction.js';

/**
 * Admin API keys (docs/admin-api.md, "Admin API keys"): a product's backend holds one to call `/admin/v1`.
 * `admin:read` reads everything; `admin:write` also creates, changes and revokes. Only the digest is
 * stored; the key is shown once, when it is made.
 */
export const ADMIN_SCOPES = ['admin:read', 'admin:write'] as const;
export type AdminScope = (typeof ADMIN_SCOPES)[number];

export interface AdminKey {
  id: string;
  name: string;
  scopes: AdminScope[];
  createdOn: string;
  lastUsed: string | null;
  revokedOn: string | null;
  /** The key's first characters, to tell keys apart (`gth_admin_Ab12Cd…`); null for keys made before it was kept. */
  prefix: string | null;
}

/** `gth_admin_` and six of the 43 random characters: enough to tell keys apart, 220 bits still unknown. */
const PREFIX_LENGTH = TOKEN_PREFIX.adminKey.length + 6;

const toAdminKey = (row: AdminApiKeyRow): AdminKey => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes.split(' ').filter(Boolean) as AdminScope[],
  createdOn: row.created_at,
  lastUsed: row.last_used_at,
  revokedOn: row.revoked_at,
  prefix: row.prefix,
});

/** `admin:write` implies `admin:read`: a key that may change things may also read them. */
export function adminKeyAllows(key: Pick<AdminKey, 'scopes'>, needed: AdminScope): boolean {
  return key.scopes.includes(needed) || (needed === 'admin:read' && key.scopes.includes('admin:write'));
}

function checkScopes(scopes: string[]): AdminScope[] {
  const unique = [...new Set(scopes)];
  if (unique.length === 0) throw validation('scopes', `Choose at least one of ${ADMIN_SCOPES.join(', ')}`);
  const unknown = unique.filter((s) => !(ADMIN_SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw validation('scopes', `Unknown admin scopes: ${unknown.join(', ')} (use ${ADMIN_SCOPES.join(', ')})`);
  return unique as AdminScope[];
}

/** The audit actor an admin key's changes are recorded under: no user, the key named instead of an email. */
export const adminKeyActor = (key: Pick<AdminKey, 'id'>): AuditActor => ({ id: null, email: `admin-key:${key.id}` });

export async function createAdminKey(
  ctx: PlatformContext,
  input: { name: string; scopes: string[] },
  actor?: AuditActor | null,
): Promise<{ key: string; record: AdminKey }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw validation('name', 'Key name must be 1 to 100 characters');
  const scopes = checkScopes(input.scopes);
  const key = newSecret(TOKEN_PREFIX.adminKey);
  const row: AdminApiKeyRow = {
    id: newId(),
    name,
    digest: digest(key),
    scopes: scopes.join(' '),
    created_at: isoNow(ctx),
    last_used_at: null,
    revoked_at: null,
    prefix: key.slice(0, PREFIX_LENGTH),
  };
  await transaction(ctx.db, async (trx) => {
    await trx.insertInto('admin_api_keys').values(row).execute();
    await recordAudit(
      ctx,
      { workspaceId: null, actor, eventType: 'admin_access', eventSubType: 'admin_key_created', payload: { keyId: row.id, name, scopes, prefix: row.prefix } },
      trx,
    );
  });
  return { key, record: toAdminKey(row) };
}

export async function listAdminKeys(ctx: PlatformContext): Promise<AdminKey[]> {
  const rows = await ctx.db.selectFrom('admin_api_keys').selectAll().where('revoked_at', 'is', null).orderBy('created_at').orderBy('id').execute();
  return rows.map(toAdminKey);
}

/** Returns false when the key was revoked already. */
export async function revokeAdminKey(ctx: PlatformContext, keyId: string, actor?: AuditActor | null): Promise<boolean> {
  return transaction(ctx.db, async (trx) => {
    const row = await trx.selectFrom('admin_api_keys').select('id').where('id', '=', keyId).executeTakeFirst();
    if (!row) throw notFound('Admin key');
    const result = await trx
      .updateTable('admin_api_keys')
      .set({ revoked_at: isoNow(ctx) })
      .where('id', '=', keyId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const revoked = Number(result.numUpdatedRows) > 0;
    if (revoked) await recordAudit(ctx, { workspaceId: null, actor, eventType: 'admin_access', eventSubType: 'admin_key_revoked', payload: { keyId } }, trx);
    return revoked;
  });
}

/**
 * The live key a presented secret is, or undefined. Looked up by digest (never compared in the clear);
 * each request reads the row, so a revocation takes effect on every node at the next request.
 */
export async function authenticateAdminKey(ctx: PlatformContext, presented: string): Promise<AdminKey | undefined> {
  if (!presented.startsWith(TOKEN_PREFIX.adminKey)) return undefined;
  const row = await ctx.db.selectFrom('admin_api_keys').selectAll().where('digest', '=', digest(presented)).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row) return undefined;
  const now = isoNow(ctx);
  // At most one write a minute per key: last use is for people reading the key list, not an access log.
  if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) {
    await ctx.db.updateTable('admin_api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
    row.last_used_at = now;
  }
  return toAdminKey(row);
}
