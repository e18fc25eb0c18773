import { Secret, TOTP } from 'otpauth';
import type { PlatformContext } from '../../context.js';
import { isoNow } from '../../context.js';
import { lazyImport } from '../../../lazy-import.js';

const qrcode = lazyImport(() => import('qrcode'));

/** RFC 6238 §4: 30-second steps, 6 digits, HMAC-SHA-1 — what every authenticator app reads from an otpauth URI. */
export const TOTP_PERIOD_SECONDS = 30;
/** RFC 6238 §5.2: one step either side is accepted, for clocks and typing a code as it turns over. */
export const TOTP_WINDOW = 1;

const totpOf = (secret: string, label: string, issuer: string) =>
  new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });

/** What the account page shows while the owner sets up an authenticator app. */
export interface TotpSetup {
  /** The secret in base32, to type in by hand. */
  secret: string;
  /** The otpauth:// URI the QR code holds. */
  uri: string;
  /** The QR code as an SVG document (server-rendered, no script). */
  qrSvg: string;
}

/** The code an authenticator shows for this secret at `at` (the tests compute codes with it, as an app would). */
export function totpCode(secret: string, at: Date): string {
  return totpOf(secret, 'x', 'x').generate({ timestamp: at.getTime() });
}

/**
 * Starts (or restarts) setting up an authenticator app: a new 160-bit secret (RFC 4226 §4), sealed at
 * rest, that signs nothing in until a code from it is confirmed. An account whose app is already
 * confirmed keeps it: it must be turned off first.
 */
export async function beginTotpSetup(ctx: PlatformContext, user: { id: string; email: string }): Promise<TotpSetup> {
  const existing = await ctx.db.selectFrom('totp_factors').select('confirmed_at').where('user_id', '=', user.id).executeTakeFirst();
  if (existing?.confirmed_at) throw new Error('authenticator app already confirmed');
  const secret = new Secret({ size: 20 }).base32;
  const now = isoNow(ctx);
  await ctx.db
    .insertInto('totp_factors')
    .values({ user_id: user.id, secret_sealed: ctx.secrets.seal(secret), created_at: now, confirmed_at: null, last_used_step: null })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ secret_sealed: ctx.secrets.seal(secret), created_at: now, confirmed_at: null, last_used_step: null }),
    )
    .execute();
  return setupOf(ctx, user.email, secret);
}

/** The setup page again for an unconfirmed secret (after a wrong confirmation code), or undefined when there is none. */
export async function pendingTotpSetup(ctx: PlatformContext, user: { id: string; email: string }): Promise<TotpSetup | undefined> {
  const row = await ctx.db.selectFrom('totp_factors').select(['secret_sealed', 'confirmed_at']).where('user_id', '=', user.id).executeTakeFirst();
  if (!row || row.confirmed_at) return undefined;
  return setupOf(ctx, user.email, ctx.secrets.open(row.secret_sealed));
}

async function setupOf(ctx: PlatformContext, email: string, secret: string): Promise<TotpSetup> {
  const uri = totpOf(secret, email, ctx.catalogue.productName).toString();
  const qrSvg = await (await qrcode()).default.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrSvg };
}

/**
 * Checks a code against the account's secret and spends its time step (RFC 6238 §5.2: a code is
 * accepted once). The step is taken by one conditional UPDATE, so of two requests with the same code
 * only one wins, and a code of a step at or before the last accepted one is refused. `confirmed`
 * says whether the secret must already be confirmed (sign-in) or still unconfirmed (setup).
 */
export async function spendTotpCode(ctx: PlatformContext, userId: string, code: string, confirmed: boolean): Promise<boolean> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  const row = await ctx.db.selectFrom('totp_factors').select(['secret_sealed', 'confirmed_at']).where('user_id', '=', userId).executeTakeFirst();
  if (!row || Boolean(row.confirmed_at) !== confirmed) return false;
  const at = ctx.now().getTime();
  const delta = totpOf(ctx.secrets.open(row.secret_sealed), 'x', 'x').validate({ token, timestamp: at, window: TOTP_WINDOW });
  if (delta === null) return false;
  const step = Math.floor(at / 1000 / TOTP_PERIOD_SECONDS) + delta;
  const spent = await ctx.db
    .updateTable('totp_factors')
    .set({ last_used_step: step, ...(confirmed ? {} : { confirmed_at: isoNow(ctx) }) })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1;
}

/** Whether the account signs in with an authenticator app. */
export async function hasConfirmedTotp(ctx: PlatformContext, userId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('totp_factors').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
  return Boolean(row?.confirmed_at);
}

export async function removeTotp(ctx: PlatformContext, userId: string): Promise<void> {
  await ctx.db.deleteFrom('totp_factors').where('user_id', '=', userId).execute();
}
