import { randomBytes } from 'node:crypto';
import { digest } from '../../../crypto/tokens.js';
import { isoNow, type PlatformContext } from '../../context.js';
import { transaction } from '../../../store/transaction.js';

export const RECOVERY_CODE_COUNT = 10;
/** 32 characters without i, l and o; ten of them carry 50 bits, ample behind the second-step throttle. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz023456789';

const recoveryCode = (): string => {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
};

/** The compared form: case, spaces and dashes do not matter to the person typing it. */
const normalized = (code: string) => code.toLowerCase().replace(/[\s-]+/g, '');

/**
 * A new set of recovery codes replacing any old ones (docs/dashboard.md, "Two-factor sign-in"): shown
 * once, stored only as digests.
 */
export async function replaceRecoveryCodes(ctx: PlatformContext, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
  const now = isoNow(ctx);
  await transaction(ctx.db, async (trx) => {
    await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await trx
      .insertInto('recovery_codes')
      .values(codes.map((code) => ({ user_id: userId, digest: digest(normalized(code)), created_at: now, used_at: null })))
      .execute();
  });
  return codes;
}

/** Spends one recovery code: the conditional UPDATE lets it work once, whatever races it. */
export async function spendRecoveryCode(ctx: PlatformContext, userId: string, code: string): Promise<boolean> {
  const value = normalized(code);
  if (value.length !== 10) return false;
  const spent = await ctx.db
    .updateTable('recovery_codes')
    .set({ used_at: isoNow(ctx) })
    .where('user_id', '=', userId)
    .where('digest', '=', digest(value))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1;
}

export async function unusedRecoveryCodes(ctx: PlatformContext, userId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function removeRecoveryCodes(ctx: PlatformContext, userId: string): Promise<void> {
  await ctx.db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}
