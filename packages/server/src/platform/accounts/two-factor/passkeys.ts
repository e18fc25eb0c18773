import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { lazyImport } from '../../../lazy-import.js';
import { isoNow, type PlatformContext } from '../../context.js';
import { validation } from '../../errors.js';
import { issueChallenge, spendChallenge } from './webauthn-challenges.js';

/** Where passkeys are bound (WebAuthn Level 3 §5.1.3, §13.4.9): the RP ID is PUBLIC_URL's host, the origin PUBLIC_URL's origin. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export const relyingPartyOf = (publicUrl: string, name: string): RelyingParty => {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin, name };
};

export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}

export const MAX_PASSKEYS = 20;

const webauthn = lazyImport(() => import('@simplewebauthn/server'));

export async function listPasskeys(ctx: PlatformContext, userId: string): Promise<Passkey[]> {
  const rows = await ctx.db.selectFrom('passkeys').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, backedUp: r.backed_up === 1 }));
}

/**
 * Options for `navigator.credentials.create()`: a discoverable credential (so it can also sign in
 * without a password), user verification preferred, the account's passkeys excluded so one
 * authenticator is not registered twice. The challenge is kept behind `handle` for the answer.
 */
export async function passkeyRegistrationOptions(
  ctx: PlatformContext,
  rp: RelyingParty,
  user: { id: string; email: string; firstName: string; lastName: string },
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; handle: string }> {
  const existing = await ctx.db.selectFrom('passkeys').select(['id', 'transports']).where('user_id', '=', user.id).execute();
  const options = await (
    await webauthn()
  ).generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userID: new TextEncoder().encode(user.id),
    userDisplayName: `${user.firstName} ${user.lastName}`.trim() || user.email,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports ? p.transports.split(' ') : [] })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  const handle = await issueChallenge(ctx, 'register', user.id, options.challenge);
  return { options, handle };
}

/** Checks the browser's answer to the registration options and keeps the passkey under the name given. */
export async function registerPasskey(
  ctx: PlatformContext,
  rp: RelyingParty,
  userId: string,
  input: { handle: string | undefined; name: string; response: unknown },
): Promise<Passkey> {
  const name = input.name.trim() || 'Passkey';
  if (name.length > 60) throw validation('name', 'A passkey name is at most 60 characters');
  const challenge = await spendChallenge(ctx, input.handle, 'register', userId);
  if (!challenge) throw validation('passkey', 'This passkey request expired. Try again.');
  const count = await ctx.db
    .selectFrom('passkeys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(count?.n ?? 0) >= MAX_PASSKEYS) throw validation('passkey', `An account holds at most ${MAX_PASSKEYS} passkeys`);
  const verified = await (
    await webauthn()
  )
    .verifyRegistrationResponse({
      response: input.response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    })
    .catch(() => ({ verified: false as const }));
  if (!verified.verified) throw validation('passkey', 'The passkey could not be verified. Try again.');
  const info = verified.registrationInfo;
  const now = isoNow(ctx);
  const row = {
    id: info.credential.id,
    user_id: userId,
    name,
    public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
    sign_count: info.credential.counter,
    transports: (info.credential.transports ?? []).join(' '),
    backed_up: info.credentialBackedUp ? 1 : 0,
    created_at: now,
    last_used_at: null,
  };
  const inserted = await ctx.db
    .insertInto('passkeys')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw validation('passkey', 'This passkey is already registered.');
  return { id: row.id, name, createdAt: now, lastUsedAt: null, backedUp: row.backed_up === 1 };
}

/**
 * Options for `navigator.credentials.get()`. For a second step the account's passkeys are listed;
 * for a passwordless sign-in (`userId` undefined) none are, and the authenticator offers its
 * discoverable ones, with user verification required (the passkey is then both factors).
 */
export async function passkeyAuthenticationOptions(
  ctx: PlatformContext,
  rp: RelyingParty,
  userId: string | undefined,
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; handle: string }> {
  const mine = userId ? await ctx.db.selectFrom('passkeys').select(['id', 'transports']).where('user_id', '=', userId).execute() : [];
  const options = await (
    await webauthn()
  ).generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: mine.map((p) => ({ id: p.id, transports: p.transports ? p.transports.split(' ') : [] })),
    userVerification: userId ? 'preferred' : 'required',
  });
  const handle = await issueChallenge(ctx, 'authenticate', userId ?? null, options.challenge);
  return { options, handle };
}

/**
 * Checks a passkey assertion against the challenge behind `handle`; returns the account it belongs to
 * (which must be `userId` for a second step), or undefined. The challenge is spent first, so an
 * answer cannot be replayed, and the signature counter is kept (WebAuthn §6.1.1).
 */
export async function verifyPasskey(
  ctx: PlatformContext,
  rp: RelyingParty,
  input: { handle: string | undefined; response: unknown; userId: string | undefined },
): Promise<{ userId: string; passkeyId: string; passkeyName: string } | undefined> {
  const challenge = await spendChallenge(ctx, input.handle, 'authenticate', input.userId ?? null);
  const response = input.response as AuthenticationResponseJSON | undefined;
  if (!challenge || !response || typeof response.id !== 'string') return undefined;
  const row = await ctx.db.selectFrom('passkeys').selectAll().where('id', '=', response.id).executeTakeFirst();
  if (!row || (input.userId && row.user_id !== input.userId)) return undefined;
  const result = await (
    await webauthn()
  )
    .verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: row.id,
        publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')),
        counter: Number(row.sign_count),
        transports: row.transports ? row.transports.split(' ') : [],
      },
      requireUserVerification: !input.userId,
    })
    .catch(() => undefined);
  if (!result?.verified) return undefined;
  await ctx.db
    .updateTable('passkeys')
    .set({ sign_count: result.authenticationInfo.newCounter, last_used_at: isoNow(ctx), backed_up: result.authenticationInfo.credentialBackedUp ? 1 : 0 })
    .where('id', '=', row.id)
    .execute();
  return { userId: row.user_id, passkeyId: row.id, passkeyName: row.name };
}

/** Removes one of the account's passkeys; returns its name, or undefined when it was not the account's. */
export async function removePasskey(ctx: PlatformContext, userId: string, passkeyId: string): Promise<string | undefined> {
  const row = await ctx.db.deleteFrom('passkeys').where('id', '=', passkeyId).where('user_id', '=', userId).returning('name').executeTakeFirst();
  return row?.name;
}

export async function removeAllPasskeys(ctx: PlatformContext, userId: string): Promise<void> {
  await ctx.db.deleteFrom('passkeys').where('user_id', '=', userId).execute();
}
