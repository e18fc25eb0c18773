import type { Kysely } from 'kysely';
import { emailIdentity } from '../../platform/accounts/email-identity.js';

/**
 * docs/dashboard.md, "One account per address": `users.email` holds the folded identity of the
 * address. Rows written before that rule are rewritten to it. When two accounts fold to one address
 * (`ａlice@…` beside `alice@…`), the oldest keeps it; each younger one is renamed to
 * `duplicate-<id>@<domain>.invalid` (RFC 2606 §2: `.invalid` never delivers), which still signs in with
 * its own password, so an operator can tell them apart and nothing is deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const rows: Array<{ id: string; email: string }> = await db.selectFrom('users').select(['id', 'email']).orderBy('created_at').orderBy('id').execute();
  const taken = new Set<string>();
  const changes: Array<{ id: string; email: string }> = [];
  for (const row of rows) {
    let email = emailIdentity(row.email);
    if (taken.has(email)) email = `duplicate-${row.id}@${email.slice(email.lastIndexOf('@') + 1)}.invalid`.toLowerCase();
    taken.add(email);
    if (email !== row.email) changes.push({ id: row.id, email });
  }
  // Park every changed row on a unique placeholder first, so no rename collides with a row not yet renamed.
  for (const c of changes)
    await db
      .updateTable('users')
      .set({ email: `renaming-${c.id}` })
      .where('id', '=', c.id)
      .execute();
  for (const c of changes) await db.updateTable('users').set({ email: c.email }).where('id', '=', c.id).execute();
}

/** The folded addresses are valid addresses too: there is nothing to undo. */
export async function down(): Promise<void> {}
