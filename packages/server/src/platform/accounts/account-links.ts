import type { Kysely } from 'kysely';
import { TOKEN_PREFIX, digest, newSecret } from '../../crypto/tokens.js';
import type { AccountLinkPurpose, Database } from '../../store/schema.js';
import { isoNow, type PlatformContext } from '../context.js';
import { transaction } from '../../store/transaction.js';

/** How long each kind of emailed link works (docs/dashboard.md, "Password reset", "Email verification"). */
export const LINK_TTL_MS: Record<AccountLinkPurpose, number> = {
  'password-reset': 60 * 60 * 1000,
  'email-verification': 3 * 24 * 60 * 60 * 1000,
};

const PREFIX = { 'password-reset': TOKEN_PREFIX.passwordReset, 'email-verification': TOKEN_PREFIX.emailVerification } as const;

/**
 * Makes a one-time link secret for `purpose`; only its digest is stored. Earlier unused links of the
 * same purpose stop working, so only the newest email counts.
 */
export async function issueAccountLink(ctx: PlatformContext, user: { id: string; email: string }, purpose: AccountLinkPurpose): Promise<string> {
  const secret = newSecret(PREFIX[purpose]);
  const now = ctx.now();
  await transaction(ctx.db, async (trx) => {
    await trx
      .updateTable('account_links')
      .set({ used_at: now.toISOString() })
      .where('user_id', '=', user.id)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('account_links')
      .values({
        digest: digest(secret),
        purpose,
        user_id: user.id,
        email: user.email,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + LINK_TTL_MS[purpose]).toISOString(),
        used_at: null,
      })
      .execute();
  });
  return secret;
}

/** The account a link would act on, without spending it (the page that asks for confirmation). */
export async function peekAccountLink(ctx: PlatformContext, secret: string, purpose: AccountLinkPurpose): Promise<string | undefined> {
  const row = await liveLink(ctx.db, secret, purpose, isoNow(ctx)).select('account_links.user_id').executeTakeFirst();
  return row?.user_id;
}

/**
 * Spends a link: single use is decided by the database (`UPDATE … WHERE used_at IS NULL` and the row
 * count), inside the caller's transaction, so two clicks never both act. A link is good only while it
 * is unexpired and its account still has the address it was sent to. Returns the account's id.
 */
export async function consumeAccountLink(trx: Kysely<Database>, secret: string, purpose: AccountLinkPurpose, nowIso: string): Promise<string | undefined> {
  const row = await liveLink(trx, secret, purpose, nowIso).select('account_links.user_id').executeTakeFirst();
  if (!row) return undefined;
  const spent = await trx
    .updateTable('account_links')
    .set({ used_at: nowIso })
    .where('digest', '=', digest(secret))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1 ? row.user_id : undefined;
}

function liveLink(db: Kysely<Database>, secret: string, purpose: AccountLinkPurpose, nowIso: string) {
  return db
    .selectFrom('account_links')
    .innerJoin('users', 'users.id', 'account_links.user_id')
    .whereRef('users.email', '=', 'account_links.email')
    .where('account_links.digest', '=', digest(secret))
    .where('account_links.purpose', '=', purpose)
    .where('account_links.used_at', 'is', null)
    .where('account_links.expires_at', '>', nowIso);
}
