import { TOKEN_PREFIX, digest, newSecret } from '../../crypto/tokens.js';
import { newDeviceMail } from './account-mail.js';
import { isoNow, type PlatformContext } from '../context.js';
import type { User } from './users.js';

const DEVICE_VALUE = new RegExp(`^${TOKEN_PREFIX.device}[A-Za-z0-9_-]{43}$`);

export interface SignInPlace {
  /** The client address as the HTTP layer resolved it. */
  address: string;
  /** The User-Agent header, shown to the owner as sent. */
  browser: string;
}

/**
 * docs/dashboard.md, "New-device notices": each browser carries a long-lived random device cookie
 * (stored only as a digest, per account). A sign-in from a browser the account has not used before
 * emails the owner — except the account's very first one, which is where it was made. Returns the
 * cookie value the browser should keep.
 */
export async function recognizeDevice(ctx: PlatformContext, user: User, presented: string | undefined, place: SignInPlace): Promise<string> {
  const value = presented && DEVICE_VALUE.test(presented) ? presented : newSecret(TOKEN_PREFIX.device);
  const now = isoNow(ctx);
  const seen = await ctx.db
    .updateTable('known_devices')
    .set({ last_seen_at: now })
    .where('user_id', '=', user.id)
    .where('digest', '=', digest(value))
    .executeTakeFirst();
  if (Number(seen.numUpdatedRows) > 0) return value;
  const known = await ctx.db.selectFrom('known_devices').select('digest').where('user_id', '=', user.id).limit(1).executeTakeFirst();
  await ctx.db
    .insertInto('known_devices')
    .values({ user_id: user.id, digest: digest(value), created_at: now, last_seen_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'digest']).doNothing())
    .execute();
  if (known)
    ctx.mail.sendSoon(
      newDeviceMail(ctx.catalogue, user.email, { at: now, address: place.address, browser: place.browser, resetLink: ctx.mail.link('/password/forgot') }),
    );
  return value;
}
